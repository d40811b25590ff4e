package bridgepoint.agenda;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Live;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.itemBody;
import static bridgepoint.support.Live.agenda;
import static bridgepoint.support.Live.delay;
import static bridgepoint.support.Live.minutes;
import static bridgepoint.support.Live.run;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Projected starts (README, "Projected start"), with the service's clock stopped. Every expected time below is
 * worked out by hand from the rule; {@code s.at("08:15")} is the literal {@code "<day>T08:15:00+07:00"}.
 *
 * <p>The plan, 08:00–11:30: A 08:00 (10 min), B 08:10 (30), C 08:50 (30; ten minutes of slack before it),
 * D 09:20 (20), E without a planned start (20).
 */
@QuarkusTest
class ProjectedStartTest extends ClockedTest {

    /** The items A..E; their ids in order. */
    private static List<String> plan(Setup s) {
        List<String> ids = new ArrayList<>();
        ids.add(addItem(s.conference(), itemBody("A. Khai mạc", s.host(), s.at("08:00"), 10)));
        ids.add(addItem(s.conference(), itemBody("B. Báo cáo tổng kết", s.host(), s.at("08:10"), 30)));
        ids.add(addItem(s.conference(), itemBody("C. Quán triệt văn bản mới", s.host(), s.at("08:50"), 30)));
        ids.add(addItem(s.conference(), itemBody("D. Tham luận Đà Nẵng", s.remote(), s.at("09:20"), 20)));
        Map<String, Object> unplanned = itemBody("E. Khen thưởng", null, null, 20);
        unplanned.remove("plannedStart");
        unplanned.remove("siteId");
        ids.add(addItem(s.conference(), unplanned));
        return ids;
    }

    /** Live since 08:00, A started then; the ids of A..E. */
    private List<String> runningSince0800(Setup s) {
        List<String> ids = plan(s);
        liveAt(s, "08:00");
        run(s, ids.get(0), "start").statusCode(200);
        return ids;
    }

    /** The expected projected starts of A..E (hh:mm, or null for none). */
    private static List<String> expected(Setup s, String... hhmm) {
        List<String> times = new ArrayList<>();
        for (String t : hhmm) {
            times.add(t == null ? null : s.at(t));
        }
        return times;
    }

    /** GET /agenda shows these projected starts. */
    private static void assertAgenda(Setup s, String... hhmm) {
        assertEquals(expected(s, hhmm), agenda(s).getList("items.projectedStart"));
    }

    /** GET /agenda and the latest agenda event ({@code projectedStarts}, by item id) show these projected starts. */
    private static void assertProjected(Setup s, List<String> ids, String... hhmm) {
        assertAgenda(s, hhmm);
        Map<String, Object> inEvent = Live.latestProjectedStarts(s.conference());
        Map<String, Object> expected = new LinkedHashMap<>();
        List<String> times = expected(s, hhmm);
        for (int i = 0; i < ids.size(); i++) {
            expected.put(ids.get(i), times.get(i));
        }
        assertEquals(expected, inEvent);
    }

    @Test
    void beforeTheStartItemsAreProjectedAtTheirPlannedStart() {
        Setup s = Api.setup();
        at(s, "09:00");
        List<String> ids = plan(s);
        // E has no planned start: it follows D, which ends at 09:40; the clock does not count before the start
        assertProjected(s, ids, "08:00", "08:10", "08:50", "09:20", "09:40");
        Api.advance(s.conference(), "publish");
        assertProjected(s, ids, "08:00", "08:10", "08:50", "09:20", "09:40");
    }

    @Test
    void aLateStartPushesLaterItemsAndDelaysMoveThem() {
        Setup s = Api.setup();
        List<String> ids = plan(s);
        liveAt(s, "08:05");
        // live, nothing started: the cursor starts at 08:05; A not before now (08:05); B after A's 10 minutes
        assertAgenda(s, "08:05", "08:15", "08:50", "09:20", "09:40");

        run(s, ids.get(0), "start").statusCode(200).body("projectedStart", equalTo(s.at("08:05")));
        // A 08:05–08:15; B pushed to 08:15, ends 08:45; C keeps 08:50 (never before its planned start)
        assertProjected(s, ids, "08:05", "08:15", "08:50", "09:20", "09:40");

        delay(s, ids.get(1), minutes(10)).statusCode(200);
        // B 08:15 + 10 = 08:25, ends 08:55; C 08:55, ends 09:25; D 09:25, ends 09:45; E 09:45
        assertProjected(s, ids, "08:05", "08:25", "08:55", "09:25", "09:45");

        delay(s, ids.get(0), minutes(5)).statusCode(200);
        // A (live) expected to end 08:05 + 10 + 5 = 08:20; B 08:20 + 10 = 08:30, ends 09:00; C 09:00; D 09:30; E 09:50
        assertProjected(s, ids, "08:05", "08:30", "09:00", "09:30", "09:50");
        assertEquals(List.of(5, 10, 0, 0, 0), agenda(s).getList("items.delayMinutes"));
    }

    @Test
    void anOverrunningItemPushesEverythingAfterIt() {
        Setup s = Api.setup();
        List<String> ids = runningSince0800(s);
        assertProjected(s, ids, "08:00", "08:10", "08:50", "09:20", "09:40");

        clock.advance(Duration.ofMinutes(30));
        // 08:30, A still live (planned to end 08:10): it is expected to end now; B 08:30, ends 09:00; C 09:00, ...
        assertAgenda(s, "08:00", "08:30", "09:00", "09:30", "09:50");

        run(s, ids.get(0), "finish").statusCode(200);
        // A done 08:00–08:30: the same, now also in the finished event
        assertProjected(s, ids, "08:00", "08:30", "09:00", "09:30", "09:50");

        clock.advance(Duration.ofMinutes(5));
        // 08:35, nothing live: B not before now, 08:35, ends 09:05; C 09:05; D 09:35; E 09:55
        assertAgenda(s, "08:00", "08:35", "09:05", "09:35", "09:55");
    }

    @Test
    void aSkippedItemHasNoProjectedStartAndTakesNoTime() {
        Setup s = Api.setup();
        List<String> ids = runningSince0800(s);

        run(s, ids.get(3), "skip").statusCode(200);
        // D takes no time: E follows C, which ends at 09:20
        assertProjected(s, ids, "08:00", "08:10", "08:50", null, "09:20");

        run(s, ids.get(1), "skip").statusCode(200);
        // without B, C still keeps its planned 08:50
        assertProjected(s, ids, "08:00", null, "08:50", null, "09:20");
    }

    @Test
    void anItemFinishedEarlyDoesNotPullTheNextOneBeforeItsPlannedStart() {
        Setup s = Api.setup();
        List<String> ids = runningSince0800(s);

        at(s, "08:04");
        run(s, ids.get(0), "finish").statusCode(200);
        // A done 08:00–08:04; B still 08:10 as printed
        assertProjected(s, ids, "08:00", "08:10", "08:50", "09:20", "09:40");

        // B may still start early; then it starts when it really started: 08:06, ends 08:36; C keeps 08:50
        at(s, "08:06");
        run(s, ids.get(1), "start").statusCode(200);
        assertProjected(s, ids, "08:00", "08:06", "08:50", "09:20", "09:40");
    }

    @Test
    void afterTheEndItemsThatNeverStartedHaveNoProjectedStart() {
        Setup s = Api.setup();
        List<String> ids = runningSince0800(s);
        run(s, ids.get(1), "skip").statusCode(200);
        at(s, "08:10");
        run(s, ids.get(2), "start").statusCode(200);
        at(s, "08:30");
        Api.advance(s.conference(), "end");
        // A and C started (C finished by the end); B skipped; D and E never started.
        // The latest agenda event is C's finish, stored with the end.
        assertProjected(s, ids, "08:00", null, "08:10", null, null);
    }
}
