package bridgepoint.live;

import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;

import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client of a conference's stream on this instance (a WebSocket connection): where it is in the stream, and
 * its send window (at most max-pending-messages unwritten messages, and whether it keeps up). Its state is touched
 * only on the event loop that owns the connection ({@link #context}), which also does all its writes; only the
 * window's counters are also updated by the completion of a write.
 */
public final class Subscriber {

    /** How a subscriber's messages leave: a WebSocket connection, or a test double. */
    public interface Sink {
        /** Sends one text message; calls {@code done} once it is written or has failed. */
        void send(String message, Runnable done);

        /** Closes the connection; completes once the close frame is written (or failed). */
        CompletionStage<Void> close(int code, String reason);
    }

    /** What {@link #room} found. */
    enum Room {
        /** Send the next message now. */
        OPEN,
        /** The window is full: the next write that completes calls the {@code onWindowFreed} of its {@link #send}. */
        FULL,
        /** The window is full and the client wrote nothing while the stream moved on by more than max-pending: close it. */
        TOO_SLOW
    }

    final UUID conferenceId;
    /** The connection's own context, on its event loop. */
    final Context context;
    /** The event loop's root context: the subscribers of one loop are pushed to by one task there. */
    final Context loop;

    final Sink sink;
    /** Seq of the last message queued for this client; -1 before its snapshot or replay. Event-loop confined. */
    long cursor = -1;
    /** False while its snapshot or a replay from the database is being prepared. Event-loop confined. */
    boolean ready;
    /** Closed, or gone: nothing more is sent to it. Event-loop confined. */
    boolean closed;
    /** The channel it joined; set on the event loop. */
    ConferenceChannel channel;

    /** Messages handed to the connection and not yet written; also decremented by the completion of a write. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Messages written so far; incremented by the completion of a write. */
    private final AtomicLong written = new AtomicLong();
    /** Set while sending is paused for a full window: the next write that completes clears it and resumes. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    /**
     * {@link #written} when the window was last found full, or -1: no progress since means a stuck client.
     * Event-loop confined.
     */
    private long stallWritten = -1;
    /** The stream's last seq at that moment. Event-loop confined. */
    private long stallSeq;

    public Subscriber(UUID conferenceId, Context context, Sink sink) {
        this.conferenceId = conferenceId;
        this.context = context;
        this.loop = context instanceof ContextInternal internal ? internal.unwrap() : context;
        this.sink = sink;
    }

    /**
     * Whether the subscriber may be sent another message now, the stream being at {@code streamLastSeq}. When its
     * window is full, the next write that completes calls back; but a client that has written nothing while the
     * stream moved on by more than {@code maxPending} events fell too far behind.
     */
    Room room(long streamLastSeq, int maxPending) {
        if (pending.get() < maxPending) {
            return Room.OPEN;
        }
        waiting.set(true);
        if (pending.get() < maxPending && waiting.compareAndSet(true, false)) {
            return Room.OPEN; // a write completed in between and saw no one waiting
        }
        long writtenNow = written.get();
        if (writtenNow != stallWritten) {
            stallWritten = writtenNow;
            stallSeq = streamLastSeq;
        } else if (streamLastSeq - stallSeq > maxPending) {
            return Room.TOO_SLOW;
        }
        return Room.FULL;
    }

    /**
     * Sends one message; once it is written (or failed), {@code onWindowFreed} runs if sending was paused for a
     * full window (on the thread that completed the write). The caller keeps to the window.
     */
    void send(String message, Runnable onWindowFreed) {
        pending.incrementAndGet();
        sink.send(message, () -> {
            pending.decrementAndGet();
            written.incrementAndGet();
            if (waiting.compareAndSet(true, false)) {
                onWindowFreed.run();
            }
        });
    }

    /** Messages handed to the connection and not yet written. */
    int pending() {
        return pending.get();
    }

    public long cursor() {
        return cursor;
    }
}
