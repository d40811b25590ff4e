package bridgepoint.live;

import com.google.errorprone.annotations.concurrent.GuardedBy;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The snapshot that a channel's new clients start from (GET .../live as of one seq), built on a feed worker and
 * shared: by the clients that connect while it is built, and by those that connect shortly after while no event
 * has followed it. Later clients get a fresh one (projected starts move with the time while the conference is
 * live). Called from the event loops; its own monitor guards the current snapshot.
 */
final class SnapshotCache {

    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final UUID conferenceId;
    private final LiveSnapshots snapshots;
    private final Executor worker;

    @GuardedBy("this")
    private CompletableFuture<LiveSnapshots.Snapshot> snapshot;
    /** When the current snapshot was built; written by the worker that built it, before completing it. */
    private volatile long built;

    SnapshotCache(UUID conferenceId, LiveSnapshots snapshots, Executor worker) {
        this.conferenceId = conferenceId;
        this.snapshots = snapshots;
        this.worker = worker;
    }

    /**
     * A snapshot to start from, of a stream of {@code epoch} of which this instance has everything up to
     * {@code lastSeq}: the one being built, or a recent one that no event has followed yet.
     */
    synchronized CompletableFuture<LiveSnapshots.Snapshot> get(UUID epoch, long lastSeq) {
        if (snapshot != null) {
            if (!snapshot.isDone()) {
                return snapshot;
            }
            LiveSnapshots.Snapshot cached = snapshot.getNow(null);
            if (cached != null
                    && cached.epoch().equals(epoch)
                    && cached.seq() >= lastSeq
                    && System.nanoTime() - built < REUSE_NANOS) {
                return snapshot;
            }
        }
        CompletableFuture<LiveSnapshots.Snapshot> next = new CompletableFuture<>();
        snapshot = next;
        worker.execute(() -> {
            try {
                LiveSnapshots.Snapshot snap = snapshots.build(conferenceId);
                built = System.nanoTime();
                next.complete(snap);
            } catch (RuntimeException e) {
                next.completeExceptionally(e);
            }
        });
        return next;
    }
}
