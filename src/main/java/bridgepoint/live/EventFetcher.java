package bridgepoint.live;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Brings a channel's {@link EventRing} up to date with the event table: reads, in seq order, what the ring does not
 * have yet, when told that the stream has grown ({@link #advanceTo}: a commit here, a notification from another
 * instance) or asked to look ({@link #poll}: the periodic poll, a reconnected listener, a retry). A lost notification
 * therefore delays an event, it never loses it.
 *
 * <p>Any thread may call {@link #advanceTo} and {@link #poll}; its monitor guards what is left to fetch. The fetch
 * itself runs on a feed worker, one at a time per channel, and is the only writer of the ring.
 *
 * <p>The events this instance commits are handed over as they are ({@link #committed}): when such an event comes
 * next in the stream, it goes into the ring without a read. It is exactly what a read would give (its data as the
 * database stored it, its time in microseconds), and the ring still only grows by consecutive seqs: an event that
 * does not come next (another instance committed the one before it, not known here yet) waits for the read.
 */
final class EventFetcher {

    private static final Logger LOG = Logger.getLogger(EventFetcher.class);
    /** Events read at once, into the ring or for a subscriber's replay. */
    static final int FETCH_LIMIT = 1000;

    private final ConferenceChannel channel;
    private final EventFeed feed;
    private final EventRing ring;
    private final String timeZone;

    /** The highest seq this instance was told of: the fetch reads up to it. */
    @GuardedBy("this")
    private long targetSeq;
    /** Read whatever there is, told of or not. */
    @GuardedBy("this")
    private boolean pollRequested;
    /** A fetch is queued or running on a worker. */
    @GuardedBy("this")
    private boolean fetching;
    /** Events committed by this instance and not in the ring yet, by seq. */
    @GuardedBy("this")
    private final Map<Long, LiveEvent> committed = new HashMap<>();

    EventFetcher(ConferenceChannel channel, EventFeed feed, EventRing ring, String timeZone, long targetSeq) {
        this.channel = channel;
        this.feed = feed;
        this.ring = ring;
        this.timeZone = timeZone;
        this.targetSeq = targetSeq;
    }

    synchronized void advanceTo(long seq) {
        if (seq > targetSeq) {
            targetSeq = seq;
        }
        startFetch();
    }

    /** This instance committed {@code event}. */
    synchronized void committed(LiveEvent event) {
        if (event.seq() > ring.lastSeq()) {
            committed.put(event.seq(), event);
        }
        advanceTo(event.seq());
    }

    synchronized void poll() {
        pollRequested = true;
        startFetch();
    }

    @GuardedBy("this")
    private void startFetch() {
        if (!fetching && (pollRequested || targetSeq > ring.lastSeq())) {
            fetching = true;
            feed.worker(this::fetchOrRetry);
        }
    }

    /** A fetch that fails where it does not expect to (e.g. resetting the epoch) must not leave {@code fetching} set for good. */
    private void fetchOrRetry() {
        try {
            fetch();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Fetching the events of conference %s failed (will retry)", channel.conferenceId);
            retryLater();
        }
    }

    private void fetch() {
        UUID epoch = channel.epoch();
        while (true) {
            long from;
            long upTo;
            boolean poll;
            List<LiveEvent> events;
            synchronized (this) {
                poll = pollRequested;
                pollRequested = false;
                if (!poll && ring.lastSeq() >= targetSeq) {
                    committed.clear(); // none of them is still to come
                    fetching = false;
                    return;
                }
                from = ring.lastSeq();
                upTo = poll ? Long.MAX_VALUE : targetSeq;
                events = poll ? List.of() : takeCommitted(from);
            }
            boolean fromMemory = !events.isEmpty();
            if (!fromMemory) {
                try {
                    events = feed.log().read(channel.conferenceId, from, upTo, FETCH_LIMIT);
                } catch (RuntimeException e) {
                    LOG.warnf(
                            "Cannot read events of conference %s (will retry): %s",
                            channel.conferenceId, e.getMessage());
                    retryLater();
                    return;
                }
            }
            if (!events.isEmpty() && !events.get(0).epoch().equals(epoch)) {
                streamReset(events.get(0).epoch());
                return;
            }
            if (!events.isEmpty() && events.get(0).seq() != from + 1) {
                // Commit order is seq order (the stream row is locked until commit), so this is not expected.
                LOG.errorf(
                        "Conference %s: expected event %d, read %d; re-reading",
                        channel.conferenceId, from + 1, events.get(0).seq());
                retryLater();
                return;
            }
            if (poll && events.isEmpty() && streamRolledBack()) {
                return;
            }
            append(events, fromMemory);
            synchronized (this) {
                if (fromMemory) {
                    // the rest, if any, on the next round
                } else if (events.size() == FETCH_LIMIT) {
                    pollRequested |= poll;
                } else if (!poll && ring.lastSeq() < upTo && targetSeq == upTo) {
                    // Told of events that are not there: the stream was reset under us. The poll will sort it out.
                    // (Only if no newer event was announced during the read: that one is read on the next round.)
                    targetSeq = ring.lastSeq();
                }
            }
            if (!events.isEmpty()) {
                channel.pushAll();
            }
        }
    }

    /** The committed events that follow {@code from} without a gap, taken out; those up to {@code from} dropped. */
    @GuardedBy("this")
    private List<LiveEvent> takeCommitted(long from) {
        committed.keySet().removeIf(seq -> seq <= from);
        List<LiveEvent> next = new ArrayList<>();
        LiveEvent e;
        while (next.size() < FETCH_LIMIT && (e = committed.remove(from + 1 + next.size())) != null) {
            next.add(e);
        }
        return next;
    }

    /** Renders consecutive events (the first one {@code ring.lastSeq() + 1}) into the ring. */
    void append(List<LiveEvent> events, boolean unread) {
        for (LiveEvent e : events) {
            ring.append(e.seq(), e.toJson(timeZone), e.at().toEpochMilli());
        }
        if (!events.isEmpty()) {
            feed.metrics().eventsFetched(events.size(), unread);
        }
    }

    /** Stops fetching for now; the channel polls again a moment later (the one way a failed fetch is retried). */
    private void retryLater() {
        synchronized (this) {
            fetching = false;
        }
        feed.retryLater(channel);
    }

    /**
     * Whether the stored stream now ends before what this instance has already pushed: the database was
     * restored from a backup. The stream then gets a new epoch, so that clients start again from a snapshot.
     */
    private boolean streamRolledBack() {
        UUID epoch = channel.epoch();
        EventLog.Position position;
        try {
            position = feed.log().position(channel.conferenceId);
        } catch (RuntimeException e) {
            return false;
        }
        if (position.lastSeq() >= ring.lastSeq() && position.epoch().equals(epoch)) {
            return false;
        }
        UUID newEpoch =
                position.epoch().equals(epoch) ? feed.log().resetEpoch(channel.conferenceId, epoch) : position.epoch();
        streamReset(newEpoch);
        return true;
    }

    /** The stored stream was replaced (a restored database): every client starts again from a snapshot. */
    private void streamReset(UUID newEpoch) {
        LOG.warnf(
                "Conference %s: the event stream was reset (epoch %s -> %s)",
                channel.conferenceId, channel.epoch(), newEpoch);
        synchronized (this) {
            fetching = false;
        }
        feed.reset(channel);
    }
}
