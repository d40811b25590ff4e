package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Management;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instance that commits an event gives it to its own clients from memory, without reading it back: what they
 * receive must be exactly what the stored event says, to the microsecond of its time and the form of its data.
 */
@QuarkusTest
class CommittedEventTest extends ClockedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEventCommittedHereReachesItsClientsAsStoredWithoutBeingReadBack() {
        Setup s = Live.liveConference();
        String token = Api.join((String)
                Api.createDelegate(s.conference(), s.remote(), "Phạm Thị Lan").get("joinCode"));
        try (LiveClient client = LiveClient.connect(s.conference(), token)) {
            assertEquals("snapshot", client.next().get("type").asText());
            // a time with nanoseconds, which the database keeps to the microsecond
            clock.freeze(Instant.parse("2026-12-05T01:30:00.123456789Z"));
            double unreadBefore = unread();

            long seq = Live.announce(s.conference(), "Đề nghị các điểm cầu ổn định chỗ ngồi");
            JsonNode received = client.nextOfType("announcement");

            assertEquals(seq, received.get("seq").asLong());
            List<Map<String, Object>> stored = Live.newEvents(s.conference(), seq - 1);
            Map<String, Object> asStored = stored.get(0);
            Map<String, Object> asReceived = JSON.convertValue(received, Map.class);
            assertEquals(asStored, asReceived, "the message is the stored event");
            assertTrue(((String) asReceived.get("at")).endsWith(".123456+07:00"), "at: " + asReceived.get("at"));
            assertTrue(unread() >= unreadBefore + 1, "the event went to the clients without a read");
        }
    }

    @Test
    void liveMessagesAreWrittenStraightToTheSockets() {
        // websockets-next's accessor of the socket is not public API: an upgrade that removes it must be seen here
        assertTrue(SocketWrites.direct(), "the live stream writes through WebSocketConnection.sendText again");
    }

    private static double unread() {
        return Management.metric("bridgepoint_live_events_unread_total");
    }
}
