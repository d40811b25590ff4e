package bridgepoint.live;

import bridgepoint.live.Subscriber.Room;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A subscriber's send window, with a connection that writes only when the test says so. */
class SubscriberTest {

    private static final int MAX_PENDING = 3;

    /** Keeps every message unwritten until {@link #writeOne}. */
    private static final class ManualSink implements Subscriber.Sink {
        final Deque<Runnable> unwritten = new ArrayDeque<>();

        @Override
        public void send(String message, Runnable done) {
            unwritten.add(done);
        }

        @Override
        public CompletionStage<Void> close(int code, String reason) {
            return CompletableFuture.completedFuture(null);
        }

        void writeOne() {
            unwritten.remove().run();
        }
    }

    private final ManualSink sink = new ManualSink();
    /** No event loop: the window needs none. */
    private final Subscriber subscriber = new Subscriber(UUID.randomUUID(), null, sink);

    private int freed;

    private void send() {
        subscriber.send("{}", () -> freed++);
    }

    private void fillWindow(long streamLastSeq) {
        while (subscriber.room(streamLastSeq, MAX_PENDING) == Room.OPEN) {
            send();
        }
    }

    @Test
    void theWindowFillsAtMaxPending() {
        for (int i = 0; i < MAX_PENDING; i++) {
            assertEquals(Room.OPEN, subscriber.room(10, MAX_PENDING), "message " + i);
            send();
        }
        assertEquals(Room.FULL, subscriber.room(10, MAX_PENDING));
        assertEquals(MAX_PENDING, subscriber.pending());
        assertEquals(MAX_PENDING, sink.unwritten.size());
    }

    @Test
    void aCompletedWriteFreesTheWindowAndCallsBackOnce() {
        fillWindow(10);
        assertEquals(Room.FULL, subscriber.room(10, MAX_PENDING));
        assertEquals(0, freed);

        sink.writeOne();
        assertEquals(1, freed, "the paused subscriber is resumed");
        assertEquals(Room.OPEN, subscriber.room(10, MAX_PENDING));

        sink.writeOne();
        assertEquals(1, freed, "no one was waiting any more");
    }

    @Test
    void aWriteWhileTheWindowHasRoomResumesNothing() {
        send();
        sink.writeOne();
        assertEquals(0, freed);
        assertEquals(0, subscriber.pending());
    }

    @Test
    void aClientThatWritesNothingWhileTheStreamMovesOnIsTooSlow() {
        fillWindow(10);
        assertEquals(Room.FULL, subscriber.room(10, MAX_PENDING));
        assertEquals(Room.FULL, subscriber.room(10 + MAX_PENDING, MAX_PENDING), "moved on by max-pending only");
        assertEquals(Room.TOO_SLOW, subscriber.room(10 + MAX_PENDING + 1, MAX_PENDING));
    }

    @Test
    void aClientThatKeepsWritingIsNotTooSlow() {
        long streamLastSeq = 10;
        fillWindow(streamLastSeq);
        assertEquals(Room.FULL, subscriber.room(streamLastSeq, MAX_PENDING));
        for (int round = 0; round < 5; round++) {
            streamLastSeq += MAX_PENDING + 1;
            sink.writeOne(); // slowly, but it writes
            fillWindow(streamLastSeq);
            assertEquals(Room.FULL, subscriber.room(streamLastSeq, MAX_PENDING), "round " + round);
        }
        assertEquals(5, freed);
    }
}
