package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.LiveClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class LiveSmokeTest {

    @Test
    void snapshotThenEvents() {
        Api.Setup s = Api.setup();
        asOrganizer().post(s.path() + "/publish").then().statusCode(200);
        asOrganizer().post(s.path() + "/start").then().statusCode(200);
        try (LiveClient client = LiveClient.connect(s.conference(), Api.organizer())) {
            JsonNode snapshot = client.next();
            assertEquals("snapshot", snapshot.get("type").asText(), snapshot.toString());
            assertEquals("LIVE", snapshot.get("status").asText());
            long seq = snapshot.get("seq").asLong();
            asOrganizer().body(Map.of("text", "Xin chào Đà Nẵng")).post(s.path() + "/announcements").then().statusCode(200);
            JsonNode event = client.next();
            assertEquals(seq + 1, event.get("seq").asLong(), event.toString());
            assertEquals("announcement", event.get("type").asText());
            assertEquals("Xin chào Đà Nẵng", event.get("data").get("text").asText());
        }
    }
}
