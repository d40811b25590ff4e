package bridgepoint.live;

import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscribers of one conference whose connections belong to one event loop. New events are pushed to
 * them by one task on that loop (not one task per connection), and only that loop touches the list.
 */
final class LoopGroup {

    final Context context;
    /** Event-loop confined: touched only on {@link #context}. */
    final List<Subscriber> subscribers = new ArrayList<>();
    /** Set by whoever schedules a pump (a feed worker), cleared on the loop when it runs. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The last seq whose delivery latency was recorded for this loop. Event-loop confined. */
    long deliveredSeq;

    LoopGroup(Context context, long deliveredSeq) {
        this.context = context;
        this.deliveredSeq = deliveredSeq;
    }

    /** Runs {@code pump} on the loop soon; requests made while one is pending are merged into it. */
    void schedule(Runnable pump) {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                scheduled.set(false);
                pump.run();
            });
        }
    }
}
