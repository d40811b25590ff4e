package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An open stream follows its token (README, Live): it is closed with {@code 4002} when the token expires, with
 * {@code 4003} when it is revoked in any of the ways a token can be, and with {@code 4004} when the caller's site
 * leaves the conference; the other streams of the conference go on.
 */
@QuarkusTest
class OpenSocketTest {

    private static final String PASSWORD = "mat-khau-dai-1";

    @Inject
    AgroalDataSource dataSource;

    /** A copy of this token that expires in {@code seconds}, as the service would have signed it (another id). */
    private String expiringIn(String token, long seconds) {
        Map<String, Object> claims = Tokens.payload(token);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("exp", Instant.now().getEpochSecond() + seconds);
        return Tokens.signHs256(claims, Tokens.serviceKey(dataSource));
    }

    @Test
    void aStreamIsClosedWith4002WhenItsTokenExpiresAndResumesWithANewToken() {
        Setup s = Live.liveConference();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Lê Văn Cường");
        String joined = Api.join((String) delegate.get("joinCode"));
        String expiring = expiringIn(joined, 3);
        long expiresAt = (Long.parseLong(Tokens.payload(expiring).get("exp").toString())) * 1000;
        try (LiveClient client = LiveClient.connect(s.conference(), expiring);
                LiveClient other = LiveClient.connect(s.conference(), joined)) {
            assertEquals("snapshot", client.next().get("type").asText());
            assertEquals("snapshot", other.next().get("type").asText());

            assertEquals(4002, client.awaitClose(), "closed as its token expires");
            assertTrue(System.currentTimeMillis() >= expiresAt, "not before");
            assertEquals(401, LiveClient.refusal(s.conference(), expiring, ""), "nor opened again with it");

            long seq = Live.announce(s.conference(), "Phiên làm việc buổi chiều bắt đầu lúc 14:00");
            assertEquals(seq, other.nextOfType("announcement").get("seq").asLong());
            assertFalse(other.isClosed(), "the token that stands keeps its stream");
            try (LiveClient again = client.reconnect(s.conference(), Api.join((String) delegate.get("joinCode")))) {
                assertEquals(seq, again.next().get("seq").asLong(), "joined again, it resumes where it was");
            }
        }
    }

    @Test
    void aTokenExpiredBeforeTheStreamOpensIsRefused() {
        Setup s = Live.liveConference();
        assertEquals(401, LiveClient.refusal(s.conference(), expiringIn(Api.organizer(), -1), ""));
    }

    /** A site host of the conference's REMOTE site, with its own account: {id, token}. */
    private static String[] host(Setup s) {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", s.remote());
        return new String[] {id, Api.login(username, PASSWORD)};
    }

    /** The stream of {@code token} is closed with 4003 by {@code revoke}; a colleague's stream goes on. */
    private static void assertRevokedBy(Setup s, String token, Runnable revoke) {
        String colleague = Api.siteHost(s.remote());
        try (LiveClient revoked = LiveClient.connect(s.conference(), token);
                LiveClient other = LiveClient.connect(s.conference(), colleague)) {
            assertEquals("snapshot", revoked.next().get("type").asText());
            assertEquals("snapshot", other.next().get("type").asText());

            revoke.run();

            assertEquals(4003, revoked.awaitClose());
            assertEquals(401, LiveClient.refusal(s.conference(), token, ""), "and cannot open another");
            Live.announce(s.conference(), "Xin mời các đại biểu ổn định chỗ ngồi");
            other.nextOfType("announcement");
            assertFalse(other.isClosed(), "nobody else is closed");
        }
    }

    @Test
    void aLogoutClosesTheStreamOfThatToken() {
        Setup s = Live.liveConference();
        String[] host = host(s);
        assertRevokedBy(
                s,
                host[1],
                () -> Api.as(host[1]).post("/api/auth/logout").then().statusCode(204));
    }

    @Test
    void signingAnAccountOutEverywhereClosesItsStreams() {
        Setup s = Live.liveConference();
        String[] host = host(s);
        assertRevokedBy(
                s,
                host[1],
                () -> Api.asOrganizer()
                        .post("/api/users/{id}/sign-out", host[0])
                        .then()
                        .statusCode(204));
    }

    @Test
    void givingAHostOtherSitesClosesItsStreams() {
        Setup s = Live.liveConference();
        String[] host = host(s);
        String elsewhere = Api.createSite();
        assertRevokedBy(
                s,
                host[1],
                () -> Api.patchUser(host[0], Map.of("siteIds", List.of(s.remote(), elsewhere)))
                        .statusCode(200));
    }

    @Test
    void givingAHostAnotherRoleClosesItsStreams() {
        Setup s = Live.liveConference();
        String[] host = host(s);
        assertRevokedBy(
                s,
                host[1],
                () -> Api.patchUser(host[0], Map.of("role", "ORGANIZER", "siteIds", List.of()))
                        .statusCode(200));
    }

    @Test
    void disablingAnAccountClosesItsStreams() {
        Setup s = Live.liveConference();
        String[] host = host(s);
        assertRevokedBy(
                s,
                host[1],
                () -> Api.patchUser(host[0], Map.of("disabled", true)).statusCode(200));
    }

    @Test
    void removingADelegateClosesItsStreams() {
        Setup s = Live.liveConference();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Phạm Thị Dung");
        String token = Api.join((String) delegate.get("joinCode"));
        assertRevokedBy(
                s,
                token,
                () -> Api.asOrganizer()
                        .delete("/api/conferences/{c}/delegates/{d}", s.conference(), delegate.get("id"))
                        .then()
                        .statusCode(204));
    }

    @Test
    void aNewJoinCodeClosesTheStreamsOfTheOldOne() {
        Setup s = Live.liveConference();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Hoàng Văn Em");
        String token = Api.join((String) delegate.get("joinCode"));
        assertRevokedBy(
                s,
                token,
                () -> Api.asOrganizer()
                        .post("/api/conferences/{c}/delegates/{d}/join-code", s.conference(), delegate.get("id"))
                        .then()
                        .statusCode(200));
    }

    @Test
    void whenASiteLeavesTheConferenceItsHostsStreamsAreClosedWith4004() {
        Setup s = Live.liveConference();
        String leaving = Api.createSite();
        String staying = Api.createSite();
        Api.addSite(s.conference(), leaving, "REMOTE");
        Api.addSite(s.conference(), staying, "REMOTE");
        String hostOfLeaving = Api.siteHost(leaving);
        String hostOfBoth = Api.siteHost(leaving, staying);
        try (LiveClient left = LiveClient.connect(s.conference(), hostOfLeaving);
                LiveClient stays = LiveClient.connect(s.conference(), hostOfBoth);
                LiveClient remote = LiveClient.connect(s.conference(), Api.siteHost(s.remote()));
                LiveClient organizer = LiveClient.connect(s.conference(), Api.organizer())) {
            for (LiveClient c : List.of(left, stays, remote, organizer)) {
                assertEquals("snapshot", c.next().get("type").asText());
            }

            Api.asOrganizer()
                    .delete("/api/conferences/{c}/sites/{s}", s.conference(), leaving)
                    .then()
                    .statusCode(204);

            assertEquals(4004, left.awaitClose(), "its only site left");
            assertEquals(403, LiveClient.refusal(s.conference(), hostOfLeaving, ""), "and it is not let in again");
            long seq = Live.announce(s.conference(), "Điểm cầu đã rời hội nghị");
            for (LiveClient c : List.of(stays, remote, organizer)) {
                assertEquals(seq, c.nextOfType("announcement").get("seq").asLong());
                assertFalse(c.isClosed(), "a host with a site still taking part, and everyone else, stay");
            }

            Api.asOrganizer()
                    .delete("/api/conferences/{c}/sites/{s}", s.conference(), staying)
                    .then()
                    .statusCode(204);
            assertEquals(4004, stays.awaitClose(), "once none of its sites takes part");
        }
    }
}
