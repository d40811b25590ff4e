package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which bridge points are connected: a site host's heartbeat brings its site online (once), 30 s without one
 * takes it offline; every client sees both, and so does GET .../live.
 */
@QuarkusTest
class SitePresenceTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String heartbeat(String siteId) {
        return "{\"type\":\"heartbeat\",\"siteId\":\"" + siteId + "\"}";
    }

    /** Whether GET .../live shows the site online. */
    private static boolean online(Setup s, String siteId) {
        for (JsonNode site : Live.state(s.conference(), Api.organizer()).get("sites")) {
            if (site.get("siteId").asText().equals(siteId)) {
                return site.get("online").asBoolean();
            }
        }
        throw new AssertionError("no site " + siteId);
    }

    /** Every client's next event is {@code seq}, of this type, about this site. */
    private static void assertNext(List<LiveClient> clients, long seq, String type, String siteId) {
        for (LiveClient c : clients) {
            JsonNode event = c.next();
            assertEquals(seq, event.get("seq").asLong(), event.toString());
            assertEquals(type, event.get("type").asText(), event.toString());
            if (siteId != null) {
                assertEquals(siteId, event.get("data").get("siteId").asText(), event.toString());
            }
        }
    }

    private static void assertError(LiveClient client) {
        JsonNode reply = client.next();
        assertEquals("error", reply.get("type").asText(), reply.toString());
    }

    @Test
    void aHeartbeatBringsTheSiteOnlineOnceAndSilenceTakesItOffline() {
        Setup s = Live.liveConference();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Phạm Thị Dung");
        try (LiveClient organizer = LiveClient.connect(s.conference(), Api.organizer());
                LiveClient host = LiveClient.connect(s.conference(), Api.siteHost(s.remote()));
                LiveClient member = LiveClient.connect(s.conference(), Api.join((String) delegate.get("joinCode")))) {
            List<LiveClient> clients = List.of(organizer, host, member);
            long seq = -1;
            for (LiveClient c : clients) {
                seq = c.next().get("seq").asLong();
            }
            assertEquals(false, online(s, s.remote()));

            host.send(heartbeat(s.remote()));
            assertNext(clients, ++seq, "site.online", s.remote());
            assertEquals(true, online(s, s.remote()));
            assertEquals(false, online(s, s.host()));

            // more heartbeats: no event (an error reply to a bad message shows they were all handled, in order)
            for (int i = 0; i < 3; i++) {
                host.send(heartbeat(s.remote()));
            }
            host.send("{\"type\":\"ping\"}");
            assertError(host);
            long announced = Live.announce(s.conference(), "Sau các nhịp tim");
            assertNext(clients, ++seq, "announcement", null);
            assertEquals(announced, seq);

            clock.advance(Duration.ofSeconds(31));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !online(s, s.remote()));
            assertNext(clients, ++seq, "site.offline", s.remote());

            // back again: the first heartbeat of an offline site
            host.send(heartbeat(s.remote()));
            assertNext(clients, ++seq, "site.online", s.remote());
            assertEquals(true, online(s, s.remote()));
            assertEquals(List.of(), Live.storedEvents(s.conference(), seq), "nothing else was stored");
        }
    }

    @Test
    void onlyTheHostOfAParticipatingSiteMakesItOnline() {
        Setup s = Live.liveConference();
        String elsewhere = Api.createSite();
        try (LiveClient organizer = LiveClient.connect(s.conference(), Api.organizer());
                LiveClient host = LiveClient.connect(s.conference(), Api.siteHost(s.remote(), elsewhere))) {
            long seq = organizer.next().get("seq").asLong();
            host.next();

            host.send(heartbeat(s.host()));
            assertError(host); // a participating site it does not host
            host.send(heartbeat(elsewhere));
            assertError(host); // a site it hosts that does not take part
            organizer.send(heartbeat(s.remote()));
            assertError(organizer); // organizers send no heartbeats

            long announced = Live.announce(s.conference(), "Không có điểm cầu nào trực tuyến");
            assertEquals(seq + 1, announced, "no event came before it");
            assertNext(List.of(organizer, host), announced, "announcement", null);
            assertEquals(false, online(s, s.remote()));
            assertEquals(false, online(s, s.host()));
        }
    }
}
