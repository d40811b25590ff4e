package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client may send only small messages, and not too many: beyond, its connection is closed. */
@QuarkusTest
class ClientMessageLimitsTest {

    private static String heartbeat(String siteId) {
        return "{\"type\":\"heartbeat\",\"siteId\":\"" + siteId + "\"}";
    }

    @Test
    void aClientSendingMoreThanSixtyMessagesAMinuteIsClosedWith1008() {
        Api.Setup s = Live.liveConference();
        try (LiveClient host = LiveClient.connect(s.conference(), Api.siteHost(s.host()));
                LiveClient quiet = LiveClient.connect(s.conference(), Api.siteHost(s.remote()))) {
            host.nextOfType("snapshot");
            quiet.nextOfType("snapshot");
            int sent = 0;
            try {
                for (; sent < 70; sent++) {
                    host.send(heartbeat(s.host()));
                }
            } catch (CompletionException e) {
                // the server closed the connection after the 60th while the client was still sending: as it should
            }
            assertTrue(sent > 60, "closed after only " + sent + " messages");
            assertEquals(1008, host.awaitClose());
            quiet.send(heartbeat(s.remote()));
            assertFalse(quiet.isClosed(), "the limit is per connection");
        }
    }

    @Test
    void aMessageOverFourKilobytesIsRefusedWith1009() {
        Api.Setup s = Live.liveConference();
        try (LiveClient host = LiveClient.connect(s.conference(), Api.siteHost(s.host()))) {
            host.nextOfType("snapshot");
            host.send("{\"type\":\"heartbeat\",\"siteId\":\"" + s.host() + "\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertEquals(1009, host.awaitClose());
        }
    }
}
