package bridgepoint.live;

import java.util.List;

/**
 * Catches up a subscriber that needs events older than the ring: one read from the event table for it, on a feed
 * worker, of as many as its window takes; the messages are then sent on the subscriber's event loop, and the
 * {@link EventPump} goes on (from the ring, or another read). Keeps no state of its own.
 */
final class DatabaseReplay {

    private final ConferenceChannel channel;
    private final EventPump pump;
    private final EventFeed feed;
    private final String timeZone;

    DatabaseReplay(ConferenceChannel channel, EventPump pump, EventFeed feed, String timeZone) {
        this.channel = channel;
        this.pump = pump;
        this.feed = feed;
        this.timeZone = timeZone;
    }

    /** On the subscriber's loop: it is not ready (nothing else is sent to it) until the read events are sent. */
    void replay(Subscriber s) {
        s.ready = false;
        long from = s.cursor;
        int room = Math.max(1, Math.min(EventFetcher.FETCH_LIMIT, feed.maxPending() - s.pending()));
        feed.worker(() -> {
            List<LiveEvent> events;
            try {
                events = feed.log().read(channel.conferenceId, from, channel.lastSeq(), room);
            } catch (RuntimeException e) {
                s.context.runOnContext(v -> channel.close(s, CloseCodes.UNAVAILABLE, "events unavailable, reconnect"));
                return;
            }
            List<String> messages = events.stream().map(e -> e.toJson(timeZone)).toList();
            s.context.runOnContext(v -> {
                if (s.closed || s.cursor != from) {
                    return;
                }
                for (String message : messages) {
                    pump.send(s, message); // within the window: nothing else is sent to it while it is not ready
                    s.cursor++;
                }
                s.ready = true;
                pump.pump(s);
            });
        });
    }
}
