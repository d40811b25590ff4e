package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may open {@code /ws/conferences/{id}} (refused before the upgrade: 401, 403, 404, 400), how the token comes (as a
 * subprotocol or in the {@code Authorization} header, never in the URL) and what a client may send: heartbeats from
 * site hosts only; anything else gets an error message and the connection goes on.
 */
@QuarkusTest
class SocketAccessTest {

    private static String delegateOf(Setup s) {
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Lê Văn Cường");
        return Api.join((String) delegate.get("joinCode"));
    }

    @Test
    void withoutAValidTokenTheUpgradeIsRefusedWith401() {
        Setup s = Live.liveConference();
        String organizer = Api.organizer();
        Map<String, Object> claims = Tokens.payload(organizer);
        assertEquals(401, LiveClient.refusal(s.conference(), null, ""), "no token");
        for (String token : List.of(
                "garbage",
                "a.b.c",
                Tokens.withPayload(organizer, c -> c.put("name", "someone else")),
                Tokens.signHs256(claims, Tokens.randomKey()),
                Tokens.unsigned(claims))) {
            assertEquals(401, LiveClient.refusal(s.conference(), token, ""), token);
        }
    }

    @Test
    void aBrowserSendsItsTokenAsASubprotocolAndTheServiceSelectsOnlyBridgepoint() {
        Setup s = Live.liveConference();
        for (String token : List.of(Api.organizer(), delegateOf(s))) {
            try (LiveClient client = LiveClient.connect(s.conference(), token)) {
                assertEquals("snapshot", client.next().get("type").asText());
                assertEquals("bridgepoint", client.subprotocol(), "never the token back");
            }
        }
        String base = LiveClient.base();
        assertEquals(
                401,
                LiveClient.handshake(base, s.conference(), "", null, LiveClient.offering("garbage")),
                "a bad token as a subprotocol");
        assertEquals(
                401,
                LiveClient.handshake(base, s.conference(), "", null, List.of("bridgepoint", "bridgepoint.bearer.")),
                "an empty one");
    }

    @Test
    void aTokenInTheQueryIsRefusedOnTheStreamAndEverywhereElse() {
        Setup s = Live.liveConference();
        String organizer = Api.organizer();
        String delegate = delegateOf(s);
        String base = LiveClient.base();
        for (String token : List.of(organizer, delegate)) {
            assertEquals(401, LiveClient.handshake(base, s.conference(), "token=" + token, null), "alone");
            assertEquals(
                    401,
                    LiveClient.handshake(base, s.conference(), "after=0&token=" + token, "Bearer " + token),
                    "even beside a good one in the header");
            assertEquals(
                    401,
                    LiveClient.handshake(base, s.conference(), "token=" + token, null, LiveClient.offering(token)),
                    "or as a subprotocol");
        }
        Api.unauthorized(Api.anonymous().get(s.path() + "?token=" + organizer).then());
        Api.unauthorized(Api.as(organizer).get(s.path() + "?token=" + organizer).then());
        Api.as(organizer).get(s.path()).then().statusCode(200);
    }

    @Test
    void theTokenMayComeInTheAuthorizationHeaderButACalendarTokenIsNotGoodForTheStream() {
        Setup s = Live.liveConference();
        String delegate = delegateOf(s);
        String base = LiveClient.base();
        assertEquals(101, LiveClient.handshake(base, s.conference(), "", "Bearer " + delegate), "in the header");
        assertEquals(101, LiveClient.handshake(base, s.conference(), "after=0", "bearer  " + delegate), "any case");
        assertEquals(401, LiveClient.handshake(base, s.conference(), "", "Basic " + delegate), "not a bearer token");
        // the header wins over the subprotocol, as it would over anything else
        assertEquals(
                401, LiveClient.handshake(base, s.conference(), "", "Bearer garbage", LiveClient.offering(delegate)));

        String calendar = Api.as(delegate)
                .post("/api/conferences/" + s.conference() + "/calendar-token")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        assertEquals(401, LiveClient.refusal(s.conference(), calendar, ""), "a calendar token as a subprotocol");
        assertEquals(401, LiveClient.handshake(base, s.conference(), "", "Bearer " + calendar), "or in the header");
        assertEquals(401, LiveClient.handshake(base, s.conference(), "token=" + calendar, null), "or in the query");
    }

    @Test
    void aRevokedTokenLosesItsOpenStreamAndCannotOpenAnother() {
        Setup s = Live.liveConference();
        // a delegate whose join code was replaced (it leaked): the tokens joined with the old code are revoked
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Lê Văn Cường");
        String joined = Api.join((String) delegate.get("joinCode"));
        String colleague = delegateOf(s);
        try (LiveClient revoked = LiveClient.connect(s.conference(), joined);
                LiveClient other = LiveClient.connect(s.conference(), colleague)) {
            assertEquals("snapshot", revoked.next().get("type").asText());
            assertEquals("snapshot", other.next().get("type").asText());

            Api.asOrganizer()
                    .post("/api/conferences/{c}/delegates/{d}/join-code", s.conference(), delegate.get("id"))
                    .then()
                    .statusCode(200);

            assertEquals(4003, revoked.awaitClose(), "the open stream of the old code's token");
            assertEquals(401, LiveClient.refusal(s.conference(), joined, ""), "a new stream with the old code's token");
            Live.announce(s.conference(), "Xin mời các đại biểu ổn định chỗ ngồi");
            assertEquals(
                    "announcement", other.nextOfType("announcement").get("type").asText(), "nobody else is closed");
            assertFalse(other.isClosed());
        }
    }

    @Test
    void whoeverDoesNotBelongToTheConferenceIsRefusedWith403() {
        Setup s = Live.liveConference();
        Setup other = Live.liveConference();
        assertEquals(
                403, LiveClient.refusal(s.conference(), delegateOf(other), ""), "a delegate of another conference");
        assertEquals(
                403,
                LiveClient.refusal(s.conference(), Api.siteHost(other.remote()), ""),
                "the host of a site that does not take part");
        assertEquals(
                403,
                LiveClient.refusal(s.conference(), Api.siteHost(Api.createSite()), ""),
                "the host of a site in no conference");
    }

    @Test
    void anUnknownConferenceIsRefusedWith404() {
        assertEquals(404, LiveClient.refusal(UUID.randomUUID().toString(), Api.organizer(), ""));
        assertEquals(404, LiveClient.refusal("not-a-uuid", Api.organizer(), ""));
        assertEquals(404, LiveClient.refusal("12345", Api.organizer(), "after=1"));
    }

    @Test
    void aMalformedPositionIsRefusedWith400() {
        Setup s = Live.liveConference();
        for (String query :
                List.of("after=abc", "after=-1", "after=1.5", "after=", "epoch=nope", "after=1&epoch=nope")) {
            assertEquals(400, LiveClient.refusal(s.conference(), Api.organizer(), query), query);
        }
    }

    @Test
    void theOrganizerTheHostOfAParticipatingSiteAndTheConferencesDelegatesAreAccepted() {
        Setup s = Live.liveConference();
        List<String> tokens = List.of(Api.organizer(), Api.siteHost(s.remote()), Api.siteHost(s.host()), delegateOf(s));
        long seq = Live.lastSeq(s.conference()); // (adding the delegate announced the new registered counts)
        for (String token : tokens) {
            try (LiveClient client = LiveClient.connect(s.conference(), token)) {
                JsonNode snapshot = client.next();
                assertEquals("snapshot", snapshot.get("type").asText(), snapshot.toString());
                assertEquals(seq, snapshot.get("seq").asLong());
            }
        }
    }

    private static void assertError(LiveClient client, String sent) {
        JsonNode reply = client.next();
        assertEquals("error", reply.get("type").asText(), sent + " -> " + reply);
        assertFalse(reply.path("message").asText().isBlank(), sent + " -> " + reply);
        assertFalse(reply.has("seq"), reply.toString());
    }

    @Test
    void anythingButAHostsHeartbeatGetsAnErrorAndTheConnectionGoesOn() {
        Setup s = Live.liveConference();
        String heartbeat = "{\"type\":\"heartbeat\",\"siteId\":\"" + s.remote() + "\"}";
        try (LiveClient delegate = LiveClient.connect(s.conference(), delegateOf(s));
                LiveClient host = LiveClient.connect(s.conference(), Api.siteHost(s.remote()))) {
            delegate.next();
            host.next();
            for (String bad :
                    List.of(heartbeat, "{not json", "", "[1,2]", "{\"type\":\"subscribe\"}", "{\"siteId\":\"x\"}")) {
                delegate.send(bad);
                assertError(delegate, bad);
            }
            for (String bad : List.of(
                    "{\"type\":\"heartbeat\"}", "{\"type\":\"heartbeat\",\"siteId\":\"nope\"}", "\"heartbeat\"")) {
                host.send(bad);
                assertError(host, bad);
            }
            long seq = Live.announce(s.conference(), "Vẫn nhận được");
            for (LiveClient client : List.of(delegate, host)) {
                JsonNode event = client.next();
                assertEquals(seq, event.get("seq").asLong(), event.toString());
                assertTrue(!client.isClosed());
            }
            delegate.send("{oops");
            assertError(delegate, "{oops");
        }
    }
}
