package bridgepoint.live;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.vertx.core.Context;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's view of one conference's event stream: the recent events, already rendered as the messages
 * clients receive (once per event, whatever the number of clients), and the subscribers. It owns the subscribers
 * (grouped by event loop), decides where each one starts, and closes them; the work is done by its parts:
 * the {@link EventFetcher} fills the {@link EventRing} (events enter only by reading the event table, in seq order),
 * the {@link EventPump} sends each subscriber what follows its cursor (from the ring, or a {@link DatabaseReplay}),
 * and the {@link SnapshotCache} gives new clients their starting point.
 *
 * <p>Each subscriber has a cursor, the last seq it was sent; a subscriber gets seq {@code cursor + 1} next,
 * from the ring, or from the database when it is too far behind for the ring. So a client that resumes
 * with {@code after=N} receives exactly the events after N, none twice.
 *
 * <p>Subscribers are served on their own event loops ({@link LoopGroup}); the channel's monitor guards only the
 * number of subscribers and whether the channel is still in service.
 */
final class ConferenceChannel {

    private static final Logger LOG = Logger.getLogger(ConferenceChannel.class);

    final UUID conferenceId;
    private final EventFeed feed;
    /** The stream's epoch when the channel opened: a reset stream gets a new channel. */
    private final UUID epoch;

    private final EventRing ring;
    private final EventFetcher fetcher;
    private final EventPump pump;
    private final SnapshotCache snapshots;
    /** The subscribers by event loop; a group's list is touched only on its loop. */
    private final Map<Context, LoopGroup> groups = new ConcurrentHashMap<>();

    @GuardedBy("this")
    private int subscribers;
    /** Out of service (forgotten while idle, reset, shutting down): new subscribers go to a new channel. */
    @GuardedBy("this")
    private boolean retired;
    /** When a subscriber last came or left; written on the subscribers' event loops. */
    private volatile long lastActivity = System.nanoTime();

    ConferenceChannel(
            UUID conferenceId,
            EventFeed feed,
            String timeZone,
            EventLog.Position position,
            List<LiveEvent> recent,
            int capacity) {
        this.conferenceId = conferenceId;
        this.feed = feed;
        this.epoch = position.epoch();
        this.ring = new EventRing(
                capacity, recent.isEmpty() ? position.lastSeq() : recent.get(0).seq() - 1);
        this.fetcher = new EventFetcher(this, feed, ring, timeZone, position.lastSeq());
        this.pump = new EventPump(this, feed, ring, timeZone);
        this.snapshots = new SnapshotCache(conferenceId, feed.snapshots(), feed::worker);
        fetcher.append(recent, false);
    }

    UUID epoch() {
        return epoch;
    }

    long lastSeq() {
        return ring.lastSeq();
    }

    synchronized int subscriberCount() {
        return subscribers;
    }

    /**
     * Takes the channel out of service if it has no subscriber and none came or left since {@code idleSince}.
     * Atomic with {@link #subscribe}: a subscriber either joined before (and the channel stays) or is refused
     * (and joins a new channel), never left on a channel that nobody feeds any more.
     */
    synchronized boolean retireIfIdle(long idleSince) {
        if (subscribers == 0 && lastActivity < idleSince) {
            retired = true;
        }
        return retired;
    }

    // ---- the stream grows --------------------------------------------------------------------------

    /** Event {@code seq} was committed: fetch up to it. */
    void advanceTo(long seq) {
        fetcher.advanceTo(seq);
    }

    /** This instance committed {@code event}: fetch up to it, taking it from memory if it comes next. */
    void committed(LiveEvent event) {
        fetcher.committed(event);
    }

    /** Fetch whatever is new, told of or not. */
    void poll() {
        fetcher.poll();
    }

    /** After the fetch added events to the ring. */
    void pushAll() {
        pump.pushAll(groups.values());
    }

    // ---- subscribers -------------------------------------------------------------------------------

    /**
     * On the subscriber's loop. No {@code after}, or an epoch that is not the stream's: a snapshot first.
     * Otherwise the events after {@code after}.
     */
    boolean subscribe(Subscriber s, Long after, UUID clientEpoch) {
        synchronized (this) {
            if (retired) {
                return false;
            }
            subscribers++;
            lastActivity = System.nanoTime();
            groups.computeIfAbsent(s.loop, loop -> new LoopGroup(loop, ring.lastSeq()))
                    .subscribers
                    .add(s);
        }
        s.channel = this;
        feed.metrics().connected();
        if (after == null || after < 0 || (clientEpoch != null && !clientEpoch.equals(epoch))) {
            sendSnapshot(s);
        } else if (after <= ring.lastSeq()) {
            startAfter(s, after);
        } else {
            // Ahead of this instance: either its fetch is about to bring those events, or the client saw a stream
            // that no longer exists (a database restored from a backup; see the poll) or claims one.
            feed.worker(() -> {
                EventLog.Position position;
                try {
                    position = feed.log().position(conferenceId);
                } catch (RuntimeException e) {
                    s.context.runOnContext(v -> close(s, CloseCodes.UNAVAILABLE, "stream unavailable, reconnect"));
                    return;
                }
                s.context.runOnContext(v -> {
                    if (after > position.lastSeq()) {
                        sendSnapshot(s);
                    } else {
                        startAfter(s, after);
                    }
                });
                advanceTo(position.lastSeq());
            });
        }
        return true;
    }

    private void startAfter(Subscriber s, long after) {
        s.cursor = after;
        s.ready = true;
        pump.pump(s);
    }

    private void sendSnapshot(Subscriber s) {
        s.ready = false;
        snapshots
                .get(epoch, ring.lastSeq())
                .whenComplete((snap, failure) -> s.context.runOnContext(v -> {
                    if (s.closed) {
                        return;
                    }
                    if (failure != null) {
                        LOG.warnf(failure, "Cannot build the snapshot of conference %s", conferenceId);
                        close(s, CloseCodes.UNAVAILABLE, "snapshot unavailable, reconnect");
                        return;
                    }
                    pump.send(s, snap.json());
                    s.cursor = snap.seq();
                    s.ready = true;
                    if (snap.seq() > ring.lastSeq()) {
                        advanceTo(snap.seq());
                    }
                    pump.pump(s);
                }));
    }

    /** On the subscriber's loop. */
    void unsubscribe(Subscriber s) {
        lastActivity = System.nanoTime();
        if (s.closed) {
            return;
        }
        s.closed = true;
        LoopGroup group = groups.get(s.loop);
        if (group != null && group.subscribers.remove(s)) {
            synchronized (this) {
                subscribers--;
            }
        }
        feed.metrics().disconnected();
    }

    /** On the subscriber's loop: closes its connection (see {@link CloseCodes}) and lets it go. */
    void close(Subscriber s, int code, String reason) {
        s.sink.close(code, reason);
        unsubscribe(s);
    }

    /**
     * Takes the channel out of service and closes every subscriber, e.g. on shutdown ({@link CloseCodes#GOING_AWAY}:
     * reconnect elsewhere and resume). A subscriber that joined before is in a group listed here, and the closing
     * task on its loop runs after it was added there.
     */
    CompletableFuture<Void> closeAll(int code, String reason) {
        List<LoopGroup> all;
        synchronized (this) {
            retired = true;
            all = List.copyOf(groups.values());
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (LoopGroup group : all) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            closing.add(done);
            group.context.runOnContext(v -> {
                List<CompletableFuture<Void>> frames = new ArrayList<>();
                for (Subscriber s : List.copyOf(group.subscribers)) {
                    frames.add(s.sink.close(code, reason).toCompletableFuture());
                    unsubscribe(s);
                }
                CompletableFuture.allOf(frames.toArray(CompletableFuture[]::new))
                        .whenComplete((r, t) -> done.complete(null));
            });
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }
}
