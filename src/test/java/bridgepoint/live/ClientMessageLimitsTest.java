package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
            for (int i = 0; i < 70; i++) {
                host.send(heartbeat(s.host()));
            }
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
