package bridgepoint.attendance;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Live;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Attendance.batch;
import static bridgepoint.support.Attendance.checkIn;
import static bridgepoint.support.Attendance.current;
import static bridgepoint.support.Attendance.delegate;
import static bridgepoint.support.Attendance.entry;
import static bridgepoint.support.Attendance.unchanged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offline check-ins belong to their conference's time: taken when their time lies within the conference (widened by
 * the grace of two hours) and when they arrive within three days of its end; after that its record is official.
 */
@QuarkusTest
class OfflineBatchWindowTest extends ClockedTest {

    private static String time(Setup s, String hhmm) {
        return Live.instant(s, hhmm).atZone(ZoneId.of(Api.ZONE)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static Map<String, Object> upload(String token, Setup s, String delegateId, String siteId, String at) {
        List<Map<String, Object>> results = batch(
                        Api.as(token), s, List.of(entry("window-" + Api.unique(), delegateId, siteId, at)))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        return results.get(0);
    }

    /** Started at 08:00 and ended at 11:30 of the setup's day; the service's clock stays there. */
    private void heldAndEnded(Setup s) {
        liveAt(s, "08:00");
        at(s, "11:30");
        Api.advance(s.conference(), "end");
    }

    @Test
    void aHostCannotMoveAnotherSitesDelegateIntoItsSiteWeeksAfterTheEnd() {
        Setup s = Api.setup();
        String lan = delegate(s, s.remote(), "Hoàng Thị Lan");
        String hostOfHall = Api.siteHost(s.host());
        heldAndEnded(s);
        clock.advance(Duration.ofDays(21));
        Snapshot before = unchanged(s);
        String csv = asOrganizer().get(s.path() + "/attendance.csv").asString();

        Map<String, Object> result = upload(hostOfHall, s, lan, s.host(), time(s, "09:00"));

        assertEquals("rejected", result.get("result"), result.toString());
        assertEquals("uploaded-too-late", result.get("reasonCode"));
        assertNull(current(s, lan), "she did not move");
        before.assertUnchanged();
        assertEquals(csv, asOrganizer().get(s.path() + "/attendance.csv").asString(), "the record did not change");
    }

    @Test
    void withinThreeDaysOfTheEndAnEntryOfTheConferencesTimeIsTaken() {
        Setup s = Api.setup();
        String lan = delegate(s, s.remote(), "Hoàng Thị Lan");
        String binh = delegate(s, s.remote(), "Nguyễn Văn Bình");
        String hostOfRemote = Api.siteHost(s.remote());
        heldAndEnded(s);
        clock.advance(Duration.ofDays(2));

        Map<String, Object> taken = upload(hostOfRemote, s, lan, s.remote(), time(s, "08:10"));
        assertEquals("created", taken.get("result"), taken.toString());
        assertEquals(s.remote(), current(s, lan).get("siteId"));

        // after the end and its grace of two hours (13:30): not a check-in of this conference
        Map<String, Object> after = upload(hostOfRemote, s, binh, s.remote(), time(s, "13:31"));
        assertEquals("rejected", after.get("result"));
        assertEquals("outside-conference-window", after.get("reasonCode"));
        assertTrue(((String) after.get("reason")).contains("outside the conference"), after.toString());
        assertNull(current(s, binh));
    }

    @Test
    void anEntryFromBeforeTheDoorsOpenIsRejected() {
        Setup s = Api.setup(); // 08:00–11:30: the doors open at 06:00
        String lan = delegate(s, s.remote(), "Hoàng Thị Lan");
        at(s, "07:30");
        Api.advance(s.conference(), "publish");

        Map<String, Object> early = upload(Api.organizer(), s, lan, s.remote(), time(s, "05:59"));
        assertEquals("rejected", early.get("result"));
        assertEquals("outside-conference-window", early.get("reasonCode"));
        assertNull(current(s, lan));

        Map<String, Object> atTheDoor = upload(Api.organizer(), s, lan, s.remote(), time(s, "06:05"));
        assertEquals("created", atTheDoor.get("result"), atTheDoor.toString());
    }

    @Test
    void anOnlineCheckInIsRefusedOnceTheConferenceEnded() {
        Setup s = Api.setup();
        String lan = delegate(s, s.remote(), "Hoàng Thị Lan");
        liveAt(s, "08:00");
        Api.advance(s.conference(), "end");
        Api.problem(checkIn(s, lan, null), 409, "conference-closed");
        assertNull(current(s, lan));
    }
}
