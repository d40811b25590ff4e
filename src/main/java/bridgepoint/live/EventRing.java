package bridgepoint.live;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code capacity} events of a conference's stream, rendered as the messages clients receive, by seq.
 *
 * <p>One thread appends at a time (the channel's fetch, on a feed worker); the event loops read without a lock.
 * When the ring is full, appending seq {@code s} reuses the slot of {@code s - capacity}: {@link #firstSeq} moves
 * past that seq <em>before</em> the slot is overwritten, and a reader checks {@code firstSeq} again <em>after</em>
 * reading the slot. A reader that read the new message therefore sees the new {@code firstSeq} too, and answers
 * null rather than another event's message. {@link #lastSeq} moves only after the slot is written, so a seq up to
 * it is in its slot.
 */
final class EventRing {

    /** An event's message and its time (epoch milliseconds), kept together so that they are evicted together. */
    private record Entry(String message, long atMillis) {}

    private final AtomicReferenceArray<Entry> slots;
    private final int capacity;
    /** Lowest seq still in the ring; written (by the appending thread) before the slot it frees is reused. */
    private volatile long firstSeq;
    /** Highest seq in the ring; written by the appending thread once its slot is. */
    private volatile long lastSeq;

    /** An empty ring whose next seq is {@code lastSeq + 1}; {@code capacity} is at least 1. */
    EventRing(int capacity, long lastSeq) {
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
        this.lastSeq = lastSeq;
        this.firstSeq = lastSeq + 1;
    }

    /**
     * Adds the message of event {@code seq}, which is {@link #lastSeq()} + 1, with the event's time; evicts the oldest
     * when full.
     */
    void append(long seq, String message, long atMillis) {
        if (seq - firstSeq >= capacity) {
            firstSeq = seq - capacity + 1;
        }
        slots.set(slot(seq), new Entry(message, atMillis));
        lastSeq = seq;
    }

    /** The message of event {@code seq}, or null when it is not (or no longer, or not yet) in the ring. */
    String cached(long seq) {
        Entry entry = entry(seq);
        return entry == null ? null : entry.message();
    }

    /** The time of event {@code seq} (epoch milliseconds), or -1 when it is not in the ring. */
    long atMillis(long seq) {
        Entry entry = entry(seq);
        return entry == null ? -1 : entry.atMillis();
    }

    private Entry entry(long seq) {
        if (seq < firstSeq || seq > lastSeq) {
            return null;
        }
        Entry entry = slots.get(slot(seq));
        return seq >= firstSeq ? entry : null;
    }

    long firstSeq() {
        return firstSeq;
    }

    /** Everything up to this seq has been appended. */
    long lastSeq() {
        return lastSeq;
    }

    private int slot(long seq) {
        return (int) Math.floorMod(seq, (long) capacity);
    }
}
