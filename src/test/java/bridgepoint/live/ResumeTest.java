package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Burst;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.itemBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconnecting with {@code after} (and {@code epoch}): exactly the missed events, none twice, also after a
 * dropped connection in the middle of a burst of changes, from events older than the cache, and for many
 * clients at once; a snapshot instead when the client's position cannot be resumed.
 */
@QuarkusTest
class ResumeTest {

    private static Response announcement(Setup s, int i) {
        return asOrganizer().body(Map.of("text", "Thông báo số " + i)).post(s.path() + "/announcements");
    }

    /** Change {@code i} of a burst: an announcement, or a new title for one of the items. */
    private static Response change(Setup s, List<String> items, int i) {
        if (i % 2 == 0) {
            return announcement(s, i);
        }
        return asOrganizer()
                .body(Map.of("title", "Tham luận " + i))
                .patch(s.path() + "/agenda/{item}", items.get(i % items.size()));
    }

    private static String token() {
        return Api.organizer();
    }

    @Test
    void aClientThatReconnectsGetsExactlyTheEventsItMissed() {
        Setup s = Live.liveConference();
        List<JsonNode> got = new ArrayList<>();
        long start;
        LiveClient first = LiveClient.connect(s.conference(), token());
        try (first) {
            start = first.next().get("seq").asLong();
            Live.announce(s.conference(), "Trước khi mất kết nối 1");
            Live.announce(s.conference(), "Trước khi mất kết nối 2");
            got.addAll(first.eventsUpTo(start + 2));
        }
        Live.announce(s.conference(), "Trong khi mất kết nối 1");
        addItem(s.conference(), itemBody("Thêm trong khi mất kết nối", s.remote(), null, 10));
        long missedUpTo = Live.announce(s.conference(), "Trong khi mất kết nối 2");
        try (LiveClient again = first.reconnect(s.conference(), token())) {
            List<JsonNode> missed = again.eventsUpTo(missedUpTo);
            Live.assertSeqs(missed, start + 3, missedUpTo);
            got.addAll(missed);
            long next = Live.announce(s.conference(), "Sau khi kết nối lại");
            JsonNode event = again.next();
            assertEquals(next, event.get("seq").asLong(), "the next message is the new event, nothing twice: " + event);
            got.add(event);
        }
        Live.assertSeqs(got, start + 1, start + 6);
        assertEquals(Live.storedEvents(s.conference(), start), got);
    }

    @Test
    void aClientDroppedDuringABurstOf500ChangesResumesWithoutGapsOrRepeats() {
        Setup s = Live.liveConference();
        List<String> items = List.of(
                addItem(s.conference(), itemBody("Tham luận 1", s.host(), null, 10)),
                addItem(s.conference(), itemBody("Tham luận 2", s.remote(), null, 10)),
                addItem(s.conference(), itemBody("Tham luận 3", null, null, 10)));
        int changes = 500;
        int dropAfter = 150;
        int heldBack = 300; // changes from here on wait until the client has reconnected
        CountDownLatch reconnected = new CountDownLatch(1);
        LiveClient first = LiveClient.connect(s.conference(), token());
        long start = first.next().get("seq").asLong();
        List<JsonNode> got = new ArrayList<>();
        try (Burst burst = Burst.start(changes, 4, i -> {
            if (i >= heldBack) {
                await(reconnected);
            }
            return change(s, items, i);
        })) {
            got.addAll(first.eventsUpTo(start + dropAfter));
            first.drop();
            got.addAll(first.drain()); // what had arrived before the connection was lost
            assertTrue(first.lastSeq() < start + heldBack, "dropped in the middle: " + first.lastSeq());
            try (LiveClient second = first.reconnect(s.conference(), token())) {
                reconnected.countDown();
                burst.assertAllSucceeded();
                got.addAll(second.eventsUpTo(start + changes));
            }
        } finally {
            reconnected.countDown();
        }
        Live.assertSeqs(got, start + 1, start + changes);
        assertEquals(Live.storedEvents(s.conference(), start), got, "what both connections received is what is stored");
    }

    @Test
    void clientsDroppedAtRandomDuringABurstEachEndWithEveryEventOnce() {
        Setup s = Live.liveConference();
        List<String> items = List.of(
                addItem(s.conference(), itemBody("Tham luận 1", s.host(), null, 10)),
                addItem(s.conference(), itemBody("Tham luận 2", s.remote(), null, 10)));
        int changes = 300;
        int clients = 10;
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<LiveClient> connections = new ArrayList<>();
        List<List<Long>> received = new ArrayList<>();
        Live.Position position = Live.position(s.conference());
        long start = position.seq();
        for (int k = 0; k < clients; k++) {
            connections.add(LiveClient.resume(s.conference(), token(), start, position.epoch()));
            received.add(new ArrayList<>());
        }
        int drops = 0;
        try (Burst burst = Burst.start(changes, 4, i -> change(s, items, i))) {
            while (!burst.isDone()) {
                // drop one client at a random moment, while it may be in the middle of a message
                int target = Math.min(changes, burst.answered() + 1 + random.nextInt(20));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> burst.answered() >= target);
                int k = random.nextInt(clients);
                LiveClient dropped = connections.get(k);
                dropped.drop();
                received.get(k).addAll(dropped.received());
                // resume after the last event this client has, whichever connection brought it
                List<Long> got = received.get(k);
                long after = got.isEmpty() ? start : got.get(got.size() - 1);
                connections.set(k, LiveClient.resume(s.conference(), token(), after, position.epoch()));
                drops++;
            }
            burst.assertAllSucceeded();
        }
        long end = start + changes;
        List<Long> expected = new ArrayList<>();
        for (long seq = start + 1; seq <= end; seq++) {
            expected.add(seq);
        }
        for (int k = 0; k < clients; k++) {
            List<Long> got = received.get(k);
            try (LiveClient last = connections.get(k)) {
                if (got.isEmpty() || got.get(got.size() - 1) < end) { // else it had everything before its last drop
                    last.upTo(end);
                }
                got.addAll(last.received());
            }
            assertEquals(
                    expected,
                    received.get(k),
                    "client " + k + " (seed " + seed + ", " + drops + " drops): every event once, in order");
        }
        assertTrue(drops >= 5, "clients were dropped: " + drops);
    }

    @Test
    void resumingFromEventsOlderThanTheCacheReplaysThemFromTheDatabase() {
        Setup s = Live.liveConference();
        Live.Position position = Live.position(s.conference());
        long first = position.seq();
        String epoch = position.epoch();
        int older = 300; // the test profile caches the last 256 events of a conference
        try (LiveClient watcher = LiveClient.connect(s.conference(), token())) {
            watcher.next();
            try (Burst burst = Burst.start(older, 3, i -> announcement(s, i))) {
                burst.assertAllSucceeded();
            }
            long last = first + older;
            watcher.eventsUpTo(last);
            try (LiveClient sawTheStart = LiveClient.resume(s.conference(), token(), first, epoch);
                    LiveClient sawNothing = LiveClient.resume(s.conference(), token(), 0, epoch);
                    Burst more = Burst.start(30, 1, i -> announcement(s, older + i))) {
                more.assertAllSucceeded();
                long end = last + 30;
                List<JsonNode> stored = Live.storedEvents(s.conference(), 0);
                Live.assertSeqs(stored, 1, end);
                assertEquals(stored.subList((int) first, (int) end), sawTheStart.eventsUpTo(end));
                assertEquals(stored, sawNothing.eventsUpTo(end));
                assertEquals(stored.subList((int) last, (int) end), watcher.eventsUpTo(end));
            }
        }
    }

    @Test
    void anotherEpochGetsAFreshSnapshotInsteadOfAReplay() {
        Setup s = Live.liveConference();
        Live.announce(s.conference(), "Một");
        JsonNode state = Live.state(s.conference(), token());
        String otherEpoch = UUID.randomUUID().toString();
        assertNotEquals(state.get("epoch").asText(), otherEpoch);
        try (LiveClient client = LiveClient.resume(s.conference(), token(), 1, otherEpoch)) {
            JsonNode snapshot = client.next();
            assertEquals("snapshot", snapshot.get("type").asText(), snapshot.toString());
            assertEquals(state, snapshot);
            long next = Live.announce(s.conference(), "Hai");
            assertEquals(next, client.next().get("seq").asLong());
        }
    }

    @Test
    void aPositionBeyondTheStreamGetsASnapshot() {
        Setup s = Live.liveConference();
        Live.Position position = Live.position(s.conference());
        long last = position.seq();
        String epoch = position.epoch();
        for (long beyond : new long[] {1, 1000}) {
            for (String withEpoch : new String[] {epoch, null}) {
                long after = last + beyond;
                try (LiveClient client = LiveClient.resume(s.conference(), token(), after, withEpoch)) {
                    JsonNode snapshot = client.next();
                    assertEquals("snapshot", snapshot.get("type").asText(), "after=" + after + ": " + snapshot);
                    assertEquals(last, snapshot.get("seq").asLong());
                    long next = Live.announce(s.conference(), "Sau " + after);
                    assertEquals(next, client.next().get("seq").asLong());
                    last = next;
                }
            }
        }
        try (LiveClient upToDate = LiveClient.resume(s.conference(), token(), last, epoch)) {
            long next = Live.announce(s.conference(), "Đã cập nhật");
            JsonNode event = upToDate.next();
            assertEquals(
                    next, event.get("seq").asLong(), "at the end of the stream: no snapshot, the next event: " + event);
        }
    }

    @Test
    void fiftyClientsReconnectingAtOnceAllCatchUp() throws Exception {
        Setup s = Live.liveConference();
        int clients = 50;
        List<LiveClient> first = new ArrayList<>();
        List<LiveClient> again = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                first.add(LiveClient.connect(s.conference(), token()));
            }
            long base = -1;
            for (LiveClient c : first) {
                base = c.next().get("seq").asLong();
            }
            // the odd clients lose their connections at once, the even ones after five more events
            for (int i = 1; i < clients; i += 2) {
                first.get(i).drop();
            }
            for (int i = 1; i <= 5; i++) {
                Live.announce(s.conference(), "Trước " + i);
            }
            for (int i = 0; i < clients; i += 2) {
                first.get(i).eventsUpTo(base + 5);
                first.get(i).drop();
            }
            for (int i = 6; i <= 10; i++) {
                Live.announce(s.conference(), "Trước " + i);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<LiveClient>> reconnecting = new ArrayList<>();
            for (LiveClient c : first) {
                reconnecting.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(go);
                            return c.reconnect(s.conference(), token());
                        },
                        pool));
            }
            try (Burst more = Burst.start(40, 2, i -> announcement(s, i))) {
                go.countDown();
                for (CompletableFuture<LiveClient> f : reconnecting) {
                    again.add(f.get(60, TimeUnit.SECONDS));
                }
                more.assertAllSucceeded();
            }
            long end = base + 10 + 40;
            List<JsonNode> stored = Live.storedEvents(s.conference(), base);
            Live.assertSeqs(stored, base + 1, end);
            for (int i = 0; i < clients; i++) {
                long after = first.get(i).lastSeq();
                assertEquals(i % 2 == 0 ? base + 5 : base, after);
                List<JsonNode> got = again.get(i).eventsUpTo(end);
                assertEquals(
                        stored.subList((int) (after - base), stored.size()), got, "client " + i + " after " + after);
            }
        } finally {
            first.forEach(LiveClient::close);
            again.forEach(LiveClient::close);
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
