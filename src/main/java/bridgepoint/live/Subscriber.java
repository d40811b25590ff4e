package bridgepoint.live;

import java.util.concurrent.CompletionStage;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client of a conference's stream on this instance (a WebSocket connection). Its state is touched only
 * on the event loop that owns the connection ({@link #context}), which also does all its writes.
 */
public final class Subscriber {

    /** How a subscriber's messages leave: a WebSocket connection, or a test double. */
    public interface Sink {
        /** Sends one text message; calls {@code done} once it is written or has failed. */
        void send(String message, Runnable done);

        /** Closes the connection; completes once the close frame is written (or failed). */
        CompletionStage<Void> close(int code, String reason);
    }

    final UUID conferenceId;
    /** The connection's own context, on its event loop. */
    final Context context;
    /** The event loop's root context: the subscribers of one loop are pushed to by one task there. */
    final Context loop;
    final Sink sink;
    /** Seq of the last message queued for this client; -1 before its snapshot or replay. */
    long cursor = -1;
    /** False while its snapshot or a replay from the database is being prepared. */
    boolean ready;
    boolean closed;
    /** The channel it joined. */
    ConferenceChannel channel;
    /** Messages handed to the connection and not yet written. */
    final AtomicInteger pending = new AtomicInteger();
    /** Messages written so far. */
    final AtomicLong written = new AtomicLong();
    /** Set while sending is paused for a full window: the next write that completes resumes it. */
    final AtomicBoolean waiting = new AtomicBoolean();
    /** {@link #written} when the window was last found full, or -1: no progress since then means a stuck client. */
    long stallWritten = -1;
    /** The stream's last seq at that moment. */
    long stallSeq;

    public Subscriber(UUID conferenceId, Context context, Sink sink) {
        this.conferenceId = conferenceId;
        this.context = context;
        this.loop = context instanceof ContextInternal internal ? internal.unwrap() : context;
        this.sink = sink;
    }

    /** Sends one message; {@code afterWrite} runs once it is written (or failed). The caller keeps to the window. */
    void send(String message, Runnable afterWrite) {
        pending.incrementAndGet();
        sink.send(message, () -> {
            pending.decrementAndGet();
            written.incrementAndGet();
            afterWrite.run();
        });
    }

    public long cursor() {
        return cursor;
    }
}
