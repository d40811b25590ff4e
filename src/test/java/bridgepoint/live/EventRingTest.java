package bridgepoint.live;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring of rendered events: what it holds, what it forgot, and what a reader sees while it is written. */
class EventRingTest {

    private static String message(long seq) {
        return "event " + seq;
    }

    private static EventRing filled(int capacity, long after, long upTo) {
        EventRing ring = new EventRing(capacity, after);
        for (long seq = after + 1; seq <= upTo; seq++) {
            ring.append(seq, message(seq), seq);
        }
        return ring;
    }

    @Test
    void anEmptyRingHasNothing() {
        EventRing ring = new EventRing(4, 10);
        assertEquals(10, ring.lastSeq());
        assertEquals(11, ring.firstSeq());
        for (long seq = 0; seq <= 12; seq++) {
            assertNull(ring.cached(seq), "seq " + seq);
        }
    }

    @Test
    void appendedEventsAreThereInOrder() {
        EventRing ring = filled(4, 0, 3);
        assertEquals(1, ring.firstSeq());
        assertEquals(3, ring.lastSeq());
        for (long seq = 1; seq <= 3; seq++) {
            assertEquals(message(seq), ring.cached(seq));
        }
    }

    @Test
    void theOldestIsEvictedAtCapacity() {
        EventRing ring = filled(4, 0, 4);
        assertEquals(1, ring.firstSeq());
        assertEquals(message(1), ring.cached(1));

        ring.append(5, message(5), 5);
        assertEquals(2, ring.firstSeq());
        assertEquals(5, ring.lastSeq());
        assertNull(ring.cached(1), "evicted");
        assertEquals(-1, ring.atMillis(1), "evicted with its message");
        for (long seq = 2; seq <= 5; seq++) {
            assertEquals(message(seq), ring.cached(seq));
            assertEquals(seq, ring.atMillis(seq), "the event's time, kept with its message");
        }
    }

    @Test
    void wrapsAroundManyTimes() {
        EventRing ring = filled(4, 100, 1_000);
        assertEquals(997, ring.firstSeq());
        assertEquals(1_000, ring.lastSeq());
        for (long seq = 997; seq <= 1_000; seq++) {
            assertEquals(message(seq), ring.cached(seq));
        }
        assertNull(ring.cached(996));
        assertNull(ring.cached(992), "same slot as 996");
    }

    @Test
    void aSeqOutsideTheRingIsNull() {
        EventRing ring = filled(8, 20, 25);
        assertNull(ring.cached(20), "before the first");
        assertNull(ring.cached(0));
        assertNull(ring.cached(-1));
        assertNull(ring.cached(26), "after the last");
        assertNull(ring.cached(29), "the slot of 21, not yet reused");
        assertEquals(message(21), ring.cached(21));
    }

    @Test
    void capacityOneKeepsTheLastOnly() {
        EventRing ring = new EventRing(1, 0);
        assertNull(ring.cached(1));
        for (long seq = 1; seq <= 5; seq++) {
            ring.append(seq, message(seq), seq);
            assertEquals(seq, ring.firstSeq());
            assertEquals(seq, ring.lastSeq());
            assertEquals(message(seq), ring.cached(seq));
            assertNull(ring.cached(seq - 1));
        }
    }

    /**
     * A small ring, appended to as fast as possible while another thread reads around its ends: a read gives the
     * message of that seq or null, never the message of the seq that took the slot over. Both sides stop after a
     * number of iterations (the reader not before the writer is done).
     */
    @Test
    void aReaderNeverSeesAnotherEventsMessage() throws Exception {
        int capacity = 8;
        int appends = 200_000;
        int reads = 400_000;
        EventRing ring = new EventRing(capacity, 0);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(
                    () -> {
                        await(start);
                        for (long seq = 1; seq <= appends; seq++) {
                            ring.append(seq, message(seq), seq);
                        }
                    },
                    threads);
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(
                    () -> {
                        await(start);
                        long found = 0;
                        for (int i = 0; i < reads || ring.lastSeq() < appends; i++) {
                            // around both ends: just appended, about to be evicted, and just evicted
                            long seq = ring.lastSeq() - (i % (capacity + 3)) + 1;
                            String message = ring.cached(seq);
                            if (message != null) {
                                assertEquals(message(seq), message, "read of seq " + seq);
                                found++;
                            }
                        }
                        return found;
                    },
                    threads);
            writer.get(60, TimeUnit.SECONDS);
            assertTrue(reader.get(60, TimeUnit.SECONDS) > 0, "the reader found no event at all");
            assertEquals(appends, ring.lastSeq());
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
