package bridgepoint.live;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-conference client gauges are bounded: only the conferences with the most clients get one. */
class ConferenceGaugesTest {

    @Test
    void onlyTheLargestConferencesAreKept() {
        Map<UUID, Integer> clients = new HashMap<>();
        for (int i = 1; i <= 100; i++) {
            clients.put(new UUID(0, i), i);
        }
        Map<UUID, Integer> top = EventFeed.largest(clients, 20);
        assertEquals(20, top.size());
        for (int i = 81; i <= 100; i++) {
            assertEquals(i, top.get(new UUID(0, i)));
        }
        assertEquals(Map.of(new UUID(0, 7), 7), EventFeed.largest(Map.of(new UUID(0, 7), 7), 20));
        assertEquals(Map.of(), EventFeed.largest(clients, 0));
    }
}
