package bridgepoint.agenda;

import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * When each agenda item is expected to start, following what really happened. Walking the items in
 * order with a cursor that starts at the conference's actual start (or its planned start before it is live):
 * <ul>
 *   <li>DONE: it started at its actual start; the cursor moves to its actual end.</li>
 *   <li>SKIPPED: no start; the cursor does not move.</li>
 *   <li>LIVE: it started at its actual start; it is expected to end after its planned minutes plus its delay,
 *       and not before now while the conference is live (an overrunning item pushes everything after it).</li>
 *   <li>PLANNED: it starts at the cursor, but never before its own planned start (the printed programme is a
 *       promise to the bridge points), nor before now while the conference is live; then its delay is added.
 *       The cursor moves to that start plus its planned minutes.</li>
 * </ul>
 * Once the conference has ended or been cancelled, items that never started have no projected start.
 */
public final class AgendaProjection {

    private AgendaProjection() {}

    public static Map<UUID, Instant> project(Conference conference, List<AgendaItem> itemsInOrder, Instant now) {
        Map<UUID, Instant> projected = new HashMap<>();
        boolean live = conference.status == ConferenceStatus.LIVE;
        boolean over = conference.status == ConferenceStatus.ENDED || conference.status == ConferenceStatus.CANCELLED;
        Instant cursor = conference.startedAt != null ? conference.startedAt : conference.startsAt;
        for (AgendaItem item : itemsInOrder) {
            Duration planned = Duration.ofMinutes(item.plannedMinutes);
            Duration delay = Duration.ofMinutes(item.delayMinutes);
            switch (item.status) {
                case DONE -> {
                    projected.put(item.id, item.actualStart);
                    cursor = item.actualEnd != null ? item.actualEnd : item.actualStart.plus(planned);
                }
                case SKIPPED -> projected.put(item.id, null);
                case LIVE -> {
                    projected.put(item.id, item.actualStart);
                    Instant end = item.actualStart.plus(planned).plus(delay);
                    cursor = live ? later(end, now) : end;
                }
                case PLANNED -> {
                    if (over) {
                        projected.put(item.id, null);
                        continue;
                    }
                    Instant start = item.plannedStart == null ? cursor : later(cursor, item.plannedStart);
                    if (live) {
                        start = later(start, now);
                    }
                    start = start.plus(delay);
                    projected.put(item.id, start);
                    cursor = start.plus(planned);
                }
            }
        }
        return projected;
    }

    /** When an item is (or was) held: its start and end. */
    public record Slot(Instant start, Instant end) {}

    /**
     * When each item is held as the record and the calendars show it: what really happened where it did (actual
     * start and end; a live item expected to end after its planned minutes plus its delay), the plan elsewhere, walked
     * as {@link #project} does but without "now", so that it changes only when stored data changes. A PLANNED item
     * starts at the cursor but not before its own planned start, plus its delay, also after the conference ended; a
     * SKIPPED item keeps the slot it would have had, and takes no time.
     */
    public static Map<UUID, Slot> scheduled(Conference conference, List<AgendaItem> itemsInOrder) {
        Map<UUID, Slot> slots = new HashMap<>();
        Instant cursor = conference.startedAt != null ? conference.startedAt : conference.startsAt;
        for (AgendaItem item : itemsInOrder) {
            Duration planned = Duration.ofMinutes(item.plannedMinutes);
            Duration delay = Duration.ofMinutes(item.delayMinutes);
            switch (item.status) {
                case DONE -> {
                    Instant end = item.actualEnd != null ? item.actualEnd : item.actualStart.plus(planned);
                    slots.put(item.id, new Slot(item.actualStart, end));
                    cursor = end;
                }
                case LIVE -> {
                    Instant end = item.actualStart.plus(planned).plus(delay);
                    slots.put(item.id, new Slot(item.actualStart, end));
                    cursor = end;
                }
                case PLANNED, SKIPPED -> {
                    Instant start = (item.plannedStart == null ? cursor : later(cursor, item.plannedStart)).plus(delay);
                    slots.put(item.id, new Slot(start, start.plus(planned)));
                    if (item.status == AgendaStatus.PLANNED) {
                        cursor = start.plus(planned);
                    }
                }
            }
        }
        return slots;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
