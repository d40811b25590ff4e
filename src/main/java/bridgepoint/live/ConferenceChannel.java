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
 * This instance's view of one conference's event stream: the recent events, already rendered as the
 * messages clients receive (once per event, whatever the number of clients), and the subscribers.
 *
 * <p>Events enter only by its {@link EventFetcher}: reading from the event table what this instance has not
 * pushed yet, in seq order, when told that the stream has grown.
 *
 * <p>Each subscriber has a cursor, the last seq it was sent; a subscriber gets seq {@code cursor + 1} next,
 * from the cache, or from the database when it is too far behind for the cache. So a client that resumes
 * with {@code after=N} receives exactly the events after N, none twice.
 */
final class ConferenceChannel {

    private static final Logger LOG = Logger.getLogger(ConferenceChannel.class);

    final UUID conferenceId;
    private final EventFeed feed;
    private final String timeZone;
    /** The stream's epoch when the channel opened: a reset stream gets a new channel. */
    private final UUID epoch;

    /** The recent events: everything up to its last seq has been fetched. */
    private final EventRing ring;
    private final EventFetcher fetcher;
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

    ConferenceChannel(UUID conferenceId, EventFeed feed, String timeZone, EventLog.Position position,
                      List<LiveEvent> recent, int capacity) {
        this.conferenceId = conferenceId;
        this.feed = feed;
        this.timeZone = timeZone;
        this.epoch = position.epoch();
        this.ring = new EventRing(capacity, recent.isEmpty() ? position.lastSeq() : recent.get(0).seq() - 1);
        this.fetcher = new EventFetcher(this, feed, ring, timeZone, position.lastSeq());
        this.snapshots = new SnapshotCache(conferenceId, feed.snapshots(), feed::worker);
        fetcher.append(recent);
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

    /** Fetch whatever is new, told of or not. */
    void poll() {
        fetcher.poll();
    }

    /** After the fetch added events to the ring: every loop with subscribers sends them, in one task. */
    void pushAll() {
        for (LoopGroup group : groups.values()) {
            group.schedule(() -> pumpGroup(group));
        }
    }

    private void pumpGroup(LoopGroup group) {
        long start = System.nanoTime();
        // backwards: a subscriber closed for being too slow leaves the list during the loop
        for (int i = group.subscribers.size() - 1; i >= 0; i--) {
            Subscriber s = group.subscribers.get(i);
            if (s.ready && !s.closed) {
                pump(s);
            }
        }
        feed.metrics().pushed(System.nanoTime() - start);
    }

    /**
     * On the subscriber's loop: sends it what this instance has after its cursor, at most max-pending-messages
     * unwritten at a time (a client catching up is sent its backlog as fast as it takes it, not all at once).
     */
    private void pump(Subscriber s) {
        while (s.cursor < ring.lastSeq() && !s.closed) {
            Subscriber.Room room = s.room(ring.lastSeq(), feed.maxPending());
            if (room == Subscriber.Room.TOO_SLOW) {
                tooSlow(s);
            }
            if (room != Subscriber.Room.OPEN) {
                return; // or a full window: the next write that completes pumps it again
            }
            long next = s.cursor + 1;
            String message = ring.cached(next);
            if (message == null) {
                replayFromDatabase(s);
                return;
            }
            send(s, message);
            s.cursor = next;
        }
    }

    /** On the subscriber's loop, within its window. */
    private void send(Subscriber s, String message) {
        s.send(message, () -> s.context.runOnContext(v -> {
            if (s.ready && !s.closed) {
                pump(s);
            }
        }));
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
            groups.computeIfAbsent(s.loop, LoopGroup::new).subscribers.add(s);
        }
        s.channel = this;
        feed.metrics().connected();
        if (after == null || after < 0 || (clientEpoch != null && !clientEpoch.equals(epoch))) {
            sendSnapshot(s);
        } else if (after <= ring.lastSeq()) {
            s.cursor = after;
            s.ready = true;
            pump(s);
        } else {
            // Ahead of this instance: either its fetch is about to bring those events, or the client saw a stream
            // that no longer exists (a database restored from a backup; see the poll) or claims one.
            feed.worker(() -> {
                EventLog.Position position;
                try {
                    position = feed.log().position(conferenceId);
                } catch (RuntimeException e) {
                    s.context.runOnContext(v -> {
                        s.sink.close(CloseCodes.UNAVAILABLE, "stream unavailable, reconnect");
                        unsubscribe(s);
                    });
                    return;
                }
                s.context.runOnContext(v -> {
                    if (after > position.lastSeq()) {
                        sendSnapshot(s);
                    } else {
                        s.cursor = after;
                        s.ready = true;
                        pump(s);
                    }
                });
                advanceTo(position.lastSeq());
            });
        }
        return true;
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

    private void sendSnapshot(Subscriber s) {
        s.ready = false;
        snapshots.get(epoch, ring.lastSeq()).whenComplete((snap, failure) -> s.context.runOnContext(v -> {
            if (s.closed) {
                return;
            }
            if (failure != null) {
                LOG.warnf(failure, "Cannot build the snapshot of conference %s", conferenceId);
                s.sink.close(CloseCodes.UNAVAILABLE, "snapshot unavailable, reconnect");
                unsubscribe(s);
                return;
            }
            send(s, snap.json());
            s.cursor = snap.seq();
            s.ready = true;
            if (snap.seq() > ring.lastSeq()) {
                advanceTo(snap.seq());
            }
            pump(s);
        }));
    }

    /** The client is too far behind on reading: closed so that it reconnects and resumes after its last seq. */
    private void tooSlow(Subscriber s) {
        feed.metrics().tooSlow();
        s.sink.close(CloseCodes.TOO_SLOW, "too far behind; reconnect with after=" + s.cursor);
        unsubscribe(s);
    }

    /**
     * The subscriber needs events older than the cache: one read for it, of as many as its window takes, then
     * back to the cache (or another read).
     */
    private void replayFromDatabase(Subscriber s) {
        s.ready = false;
        long from = s.cursor;
        int room = Math.max(1, Math.min(EventFetcher.FETCH_LIMIT, feed.maxPending() - s.pending()));
        feed.worker(() -> {
            List<LiveEvent> events;
            try {
                events = feed.log().read(conferenceId, from, ring.lastSeq(), room);
            } catch (RuntimeException e) {
                s.context.runOnContext(v -> {
                    s.sink.close(CloseCodes.UNAVAILABLE, "events unavailable, reconnect");
                    unsubscribe(s);
                });
                return;
            }
            List<String> messages = events.stream().map(e -> e.toJson(timeZone)).toList();
            s.context.runOnContext(v -> {
                if (s.closed || s.cursor != from) {
                    return;
                }
                for (String message : messages) {
                    send(s, message); // within the window: nothing else is sent to it while it is not ready
                    s.cursor++;
                }
                s.ready = true;
                pump(s);
            });
        });
    }

    /**
     * Takes the channel out of service and closes every subscriber, e.g. on shutdown ({@link CloseCodes#GOING_AWAY}: reconnect
     * elsewhere and resume). A subscriber that joined before is in a group listed here, and the closing task on
     * its loop runs after it was added there.
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
                CompletableFuture.allOf(frames.toArray(CompletableFuture[]::new)).whenComplete((r, t) -> done.complete(null));
            });
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }
}
