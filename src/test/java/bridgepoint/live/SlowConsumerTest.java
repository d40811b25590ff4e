package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Burst;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Management;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static bridgepoint.support.Api.asOrganizer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading is closed with 4000 once it has too many unwritten messages, after a gap-free
 * prefix, and resumes from there; the other clients of the conference keep receiving everything, promptly.
 */
@QuarkusTest
class SlowConsumerTest {

    /** An announcement of the largest size allowed (2000 characters), numbered. */
    private static String longText(int i) {
        StringBuilder sb = new StringBuilder("Thông báo số " + i + ": ");
        while (sb.length() < 2000) {
            sb.append("Điểm cầu Đà Nẵng chuẩn bị phát biểu. ");
        }
        return sb.substring(0, 2000);
    }

    private static String tooSlowCount() {
        return Management.metrics()
                .lines()
                .filter(l -> l.startsWith("bridgepoint_live_too_slow"))
                .findFirst()
                .orElse("none");
    }

    @Test
    void aStuckClientIsClosedWith4000AndResumesWhileTheOthersKeepUp() throws Exception {
        Setup s = Live.liveConference();
        int announcements = 400;
        try (LiveClient a = LiveClient.connect(s.conference(), Api.organizer());
                LiveClient b =
                        LiveClient.connect(LiveClient.base(), s.conference(), Api.organizer(), null, null, 2048)) {
            long start = a.next().get("seq").asLong();
            assertEquals(start, b.next().get("seq").asLong());
            long end = start + announcements;
            b.pause();

            CompletableFuture<Long> aDone = CompletableFuture.supplyAsync(() -> {
                Live.assertSeqs(a.eventsUpTo(end), start + 1, end);
                return System.nanoTime();
            });
            long postsDone;
            try (Burst burst = Burst.start(
                    announcements,
                    2,
                    i -> asOrganizer().body(Map.of("text", longText(i))).post(s.path() + "/announcements"))) {
                burst.assertAllSucceeded();
                postsDone = System.nanoTime();
            }
            long lag = aDone.get(30, TimeUnit.SECONDS) - postsDone;
            assertTrue(
                    lag < Duration.ofSeconds(3).toNanos(),
                    "A received the last event " + Duration.ofNanos(lag).toMillis()
                            + " ms after the last POST returned");

            b.resume();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> b.isClosed() || b.lastSeq() >= end);
            assertTrue(
                    b.isClosed(),
                    "B was not closed; it received up to " + b.lastSeq() + " of " + end + "; " + tooSlowCount());
            assertEquals(4000, b.awaitClose(), "B, which stopped reading, was closed for being too slow");
            List<JsonNode> prefix = b.drain();
            long seen = b.lastSeq();
            Live.assertSeqs(prefix, start + 1, seen);
            assertTrue(seen < end, "B was closed before the end: it saw up to " + seen + " of " + end);
            System.out.printf(
                    "SlowConsumerTest: A had every event %d ms after the last POST; B was closed with 4000 "
                            + "after %d of %d events%n",
                    Duration.ofNanos(lag).toMillis(), seen - start, announcements);

            List<JsonNode> got = new ArrayList<>(prefix);
            try (LiveClient again = b.reconnect(s.conference(), Api.organizer())) {
                got.addAll(again.eventsUpTo(end));
            }
            assertEquals(
                    Live.storedEvents(s.conference(), start),
                    got,
                    "B's prefix and the resumed rest are the stored events");
        }
    }

    @Test
    void aClientCatchingUpOnManyLargeEventsIsNotTakenForASlowOne() {
        Setup s = Live.liveConference();
        Live.Position position = Live.position(s.conference());
        long start = position.seq();
        int missed = 300; // more than max-pending-messages (64 in tests), and more than the cache (256)
        try (Burst burst = Burst.start(
                missed, 2, i -> asOrganizer().body(Map.of("text", longText(i))).post(s.path() + "/announcements"))) {
            burst.assertAllSucceeded();
        }
        long end = start + missed;
        // one client from the database and then the cache, one from the cache only
        for (long after : new long[] {start, end - 200}) {
            try (LiveClient client = LiveClient.resume(s.conference(), Api.organizer(), after, position.epoch())) {
                Live.assertSeqs(client.eventsUpTo(end), after + 1, end);
                long next = Live.announce(s.conference(), "Đã theo kịp từ " + after);
                assertEquals(next, client.next().get("seq").asLong());
                assertFalse(client.isClosed());
                end = next;
            }
        }
    }
}
