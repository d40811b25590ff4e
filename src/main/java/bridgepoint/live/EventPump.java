package bridgepoint.live;

import java.util.Collection;

/**
 * Sends a channel's subscribers the events after their cursors: from the {@link EventRing}, or by a
 * {@link DatabaseReplay} when a subscriber is behind the ring; at most max-pending-messages unwritten at a time
 * (see {@link Subscriber#room}), closing a client that stopped reading. Keeps no state of its own: it runs on the
 * subscribers' event loops and touches a subscriber only on its own.
 */
final class EventPump {

    private final ConferenceChannel channel;
    private final EventFeed feed;
    private final EventRing ring;
    private final DatabaseReplay replay;

    EventPump(ConferenceChannel channel, EventFeed feed, EventRing ring, String timeZone) {
        this.channel = channel;
        this.feed = feed;
        this.ring = ring;
        this.replay = new DatabaseReplay(channel, this, feed, timeZone);
    }

    /** After the fetch added events to the ring: every loop with subscribers sends them, in one task. */
    void pushAll(Collection<LoopGroup> groups) {
        for (LoopGroup group : groups) {
            group.schedule(() -> pumpGroup(group));
        }
    }

    private void pumpGroup(LoopGroup group) {
        long start = System.nanoTime();
        long upTo = ring.lastSeq();
        boolean sent = false;
        // backwards: a subscriber closed for being too slow leaves the list during the loop
        for (int i = group.subscribers.size() - 1; i >= 0; i--) {
            Subscriber s = group.subscribers.get(i);
            if (s.ready && !s.closed) {
                pump(s);
                sent = true;
            }
        }
        feed.metrics().pushed(System.nanoTime() - start);
        if (sent) {
            recordDelivery(group, upTo);
        }
    }

    /** The delivery latency of each event new to this loop, once per loop (not per client). */
    private void recordDelivery(LoopGroup group, long upTo) {
        for (long seq = Math.max(group.deliveredSeq + 1, ring.firstSeq()); seq <= upTo; seq++) {
            long at = ring.atMillis(seq);
            if (at >= 0) {
                feed.metrics().delivered(at);
            }
        }
        group.deliveredSeq = Math.max(group.deliveredSeq, upTo);
    }

    /**
     * On the subscriber's loop: sends it what this instance has after its cursor, at most max-pending-messages
     * unwritten at a time (a client catching up is sent its backlog as fast as it takes it, not all at once).
     */
    void pump(Subscriber s) {
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
                replay.replay(s);
                return;
            }
            send(s, message);
            s.cursor = next;
        }
    }

    /** On the subscriber's loop, within its window. */
    void send(Subscriber s, String message) {
        s.send(
                message,
                () -> s.context.runOnContext(v -> {
                    if (s.ready && !s.closed) {
                        pump(s);
                    }
                }));
    }

    /** The client is too far behind on reading: closed so that it reconnects and resumes after its last seq. */
    private void tooSlow(Subscriber s) {
        feed.metrics().tooSlow();
        channel.close(s, CloseCodes.TOO_SLOW, "too far behind; reconnect with after=" + s.cursor);
    }
}
