package bridgepoint.agenda;

import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The projection rule on its own (README, "Projected start"); {@code ProjectedStartTest} checks the same rule
 * through the API. Times are UTC on one day: the conference runs 01:00–04:30 (08:00–11:30 in Hà Nội).
 */
class AgendaProjectionTest {

    private static Instant at(String hhmm) {
        return Instant.parse("2021-12-22T" + hhmm + ":00Z");
    }

    private static Conference conference(ConferenceStatus status, Instant startedAt) {
        Conference c = new Conference();
        c.id = UUID.randomUUID();
        c.status = status;
        c.startsAt = at("01:00");
        c.endsAt = at("04:30");
        c.startedAt = startedAt;
        return c;
    }

    private static AgendaItem item(AgendaStatus status, String plannedStart, int minutes) {
        AgendaItem i = new AgendaItem();
        i.id = UUID.randomUUID();
        i.status = status;
        i.plannedStart = plannedStart == null ? null : at(plannedStart);
        i.plannedMinutes = minutes;
        return i;
    }

    private static List<Instant> project(Conference c, List<AgendaItem> items, Instant now) {
        Map<UUID, Instant> projected = AgendaProjection.project(c, items, now);
        List<Instant> starts = new ArrayList<>();
        items.forEach(i -> starts.add(projected.get(i.id)));
        return starts;
    }

    @Test
    void beforeTheStartItemsFollowThePlanAndFillGapsFromTheCursor() {
        Conference c = conference(ConferenceStatus.SCHEDULED, null);
        List<AgendaItem> items = List.of(
                item(AgendaStatus.PLANNED, "01:00", 10),
                item(AgendaStatus.PLANNED, null, 30),
                item(AgendaStatus.PLANNED, "02:00", 20),
                item(AgendaStatus.PLANNED, null, 20));
        assertEquals(List.of(at("01:00"), at("01:10"), at("02:00"), at("02:20")), project(c, items, at("00:00")));
    }

    @Test
    void anItemNeverStartsBeforeItsPlannedStartEvenWhenEarlierOnesEndedEarly() {
        Conference c = conference(ConferenceStatus.LIVE, at("01:00"));
        AgendaItem a = item(AgendaStatus.DONE, "01:00", 30);
        a.actualStart = at("01:00");
        a.actualEnd = at("01:05");
        List<AgendaItem> items = List.of(a, item(AgendaStatus.PLANNED, "01:30", 10));
        assertEquals(List.of(at("01:00"), at("01:30")), project(c, items, at("01:06")));
    }

    @Test
    void anOverrunningLiveItemPushesEveryLaterItemWhileTheConferenceIsLive() {
        Conference c = conference(ConferenceStatus.LIVE, at("01:00"));
        AgendaItem a = item(AgendaStatus.LIVE, "01:00", 10);
        a.actualStart = at("01:00");
        List<AgendaItem> items =
                List.of(a, item(AgendaStatus.PLANNED, "01:10", 20), item(AgendaStatus.PLANNED, null, 5));
        // now 01:25: A should have ended at 01:10 and is still running
        assertEquals(List.of(at("01:00"), at("01:25"), at("01:45")), project(c, items, at("01:25")));
    }

    @Test
    void delaysAddToThePlannedStartAndToALiveItemsEnd() {
        Conference c = conference(ConferenceStatus.LIVE, at("01:00"));
        AgendaItem a = item(AgendaStatus.LIVE, "01:00", 10);
        a.actualStart = at("01:00");
        a.delayMinutes = 5;
        AgendaItem b = item(AgendaStatus.PLANNED, "01:10", 20);
        b.delayMinutes = 10;
        assertEquals(List.of(at("01:00"), at("01:25")), project(c, List.of(a, b), at("01:01")));
    }

    @Test
    void skippedItemsTakeNoTimeAndHaveNoStart() {
        Conference c = conference(ConferenceStatus.LIVE, at("01:00"));
        List<AgendaItem> items = List.of(item(AgendaStatus.SKIPPED, "01:00", 30), item(AgendaStatus.PLANNED, null, 10));
        List<Instant> starts = project(c, items, at("01:00"));
        assertNull(starts.get(0));
        assertEquals(at("01:00"), starts.get(1));
    }

    @Test
    void theCursorStartsAtTheActualStartOfALateConference() {
        Conference c = conference(ConferenceStatus.LIVE, at("01:20"));
        List<AgendaItem> items = List.of(item(AgendaStatus.PLANNED, null, 10), item(AgendaStatus.PLANNED, null, 10));
        assertEquals(List.of(at("01:20"), at("01:30")), project(c, items, at("01:20")));
    }

    @Test
    void afterTheEndItemsThatNeverStartedHaveNoProjectedStart() {
        for (ConferenceStatus over : List.of(ConferenceStatus.ENDED, ConferenceStatus.CANCELLED)) {
            Conference c = conference(over, at("01:00"));
            AgendaItem a = item(AgendaStatus.DONE, "01:00", 10);
            a.actualStart = at("01:00");
            a.actualEnd = at("01:12");
            List<Instant> starts = project(c, List.of(a, item(AgendaStatus.PLANNED, null, 10)), at("05:00"));
            assertEquals(at("01:00"), starts.get(0));
            assertNull(starts.get(1), over.toString());
        }
    }

    @Test
    void aDoneItemWithoutARecordedEndMovesTheCursorByItsPlannedMinutes() {
        Conference c = conference(ConferenceStatus.LIVE, at("01:00"));
        AgendaItem a = item(AgendaStatus.DONE, null, 15);
        a.actualStart = at("01:00");
        assertEquals(
                List.of(at("01:00"), at("01:15")),
                project(c, List.of(a, item(AgendaStatus.PLANNED, null, 10)), at("01:00")));
    }
}
