package bridgepoint.export;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.LiveClient;
import bridgepoint.support.ReferenceConference;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET …/agenda.ics}: parsed back with ical4j, every property of every event checked; a change raises the
 * item's SEQUENCE and the ETag; {@code If-None-Match} gives 304; a delegate's calendar token reads the calendar and
 * nothing else, and dies with its join code.
 */
@QuarkusTest
class AgendaCalendarTest extends ClockedTest {

    private static Response ics(String path, String token) {
        return Api.as(token).get(path + "/agenda.ics");
    }

    private static Calendar parse(Response r) throws Exception {
        assertEquals(200, r.statusCode(), r.asString());
        return new CalendarBuilder().build(new StringReader(r.asString()));
    }

    private static String prop(VEvent e, String name) {
        return e.getProperty(name).map(Property::getValue).orElse(null);
    }

    private static VEvent event(Calendar c, String itemId) {
        return c.<VEvent>getComponents("VEVENT").stream()
                .filter(e -> (itemId + AgendaCalendar.UID_DOMAIN).equals(prop(e, "UID")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no event for item " + itemId));
    }

    @Test
    void everyItemIsAnEventWithEveryPropertyInTheConferencesZone() throws Exception {
        ReferenceConference.Conference ref = ReferenceConference.scheduled();
        Response r = ics(ref.path(), Api.organizer());
        r.then()
                .statusCode(200)
                .header("Content-Type", equalTo("text/calendar; charset=utf-8"))
                .header("ETag", startsWith("\""));
        Calendar calendar = parse(r);

        assertEquals(
                AgendaCalendar.PRODUCT,
                calendar.getProperty("PRODID").orElseThrow().getValue());
        assertEquals("2.0", calendar.getProperty("VERSION").orElseThrow().getValue());
        assertEquals("GREGORIAN", calendar.getProperty("CALSCALE").orElseThrow().getValue());
        assertEquals(
                ReferenceConference.TITLE,
                calendar.getProperty("X-WR-CALNAME").orElseThrow().getValue());
        assertEquals(
                Api.ZONE, calendar.getProperty("X-WR-TIMEZONE").orElseThrow().getValue());
        assertEquals(
                "PT15M", calendar.getProperty("REFRESH-INTERVAL").orElseThrow().getValue());
        List<VTimeZone> zones = calendar.getComponents("VTIMEZONE");
        assertEquals(1, zones.size());
        assertEquals(Api.ZONE, zones.get(0).getProperty("TZID").orElseThrow().getValue());

        List<VEvent> events = calendar.getComponents("VEVENT");
        assertEquals(6, events.size());
        String[][] expected = {
            {"08:00", "08:10", "Khai mạc hội nghị", "Trần Quốc Tỏ (Trung tướng)"},
            {"08:10", "08:40", "Báo cáo tổng kết công tác dân vận năm 2021", "Cục Công tác đảng (Đại diện)"},
            {"08:40", "09:20", "Quán triệt các văn bản mới về công tác dân vận", "Ban Dân vận (Báo cáo viên)"},
            {"09:20", "09:40", "Tham luận của điểm cầu Đà Nẵng", "Lê Văn Trung (Trưởng Ban Dân vận Thành ủy)"},
            {"09:40", "10:10", "Khen thưởng 85 tập thể và 93 cá nhân", "Trần Quốc Tỏ (Trung tướng)"},
            {"10:10", "10:30", "Phát biểu kết luận, bế mạc hội nghị", "Trần Quốc Tỏ (Trung tướng)"}
        };
        for (int i = 0; i < expected.length; i++) {
            VEvent e = event(calendar, ref.itemIds().get(i));
            assertEquals(expected[i][2], prop(e, "SUMMARY"));
            ZonedDateTime start = (ZonedDateTime) e.getDateTimeStart().getDate();
            ZonedDateTime end = (ZonedDateTime) e.getDateTimeEnd().getDate();
            assertEquals(OffsetDateTime.parse("2021-12-22T" + expected[i][0] + ":00+07:00"), start.toOffsetDateTime());
            assertEquals(OffsetDateTime.parse("2021-12-22T" + expected[i][1] + ":00+07:00"), end.toOffsetDateTime());
            assertEquals(
                    Api.ZONE,
                    e.getDateTimeStart().getParameter("TZID").orElseThrow().getValue());
            assertEquals("0", prop(e, "SEQUENCE"), "a new item is at its first revision");
            assertEquals("CONFIRMED", prop(e, "STATUS"));
            assertEquals(i == 3 ? ref.danangName() : ref.hostName(), prop(e, "LOCATION"));
            assertTrue(prop(e, "DESCRIPTION").startsWith("Người phát biểu: " + expected[i][3]), prop(e, "DESCRIPTION"));
            assertEquals(prop(e, "DTSTAMP"), prop(e, "LAST-MODIFIED"));
            assertEquals(((Map<?, ?>) ref.agenda().get(i)).get("kind"), prop(e, "CATEGORIES"));
        }
        String briefing = prop(event(calendar, ref.itemIds().get(2)), "DESCRIPTION");
        assertTrue(
                briefing.contains(
                        "- 23-QĐ/TW: Quy định về công tác dân vận của hệ thống chính trị (Ban Chấp hành Trung ương, 30/07/2021)"),
                briefing);
        assertTrue(briefing.contains("- 33/CT-TTg: Chỉ thị về công tác dân vận (Thủ tướng Chính phủ, 08/12/2021)"));

        // read again: the same bytes (DTSTAMP does not follow the request), the same ETag
        Response again = ics(ref.path(), Api.organizer());
        assertEquals(r.asString(), again.asString());
        assertEquals(r.header("ETag"), again.header("ETag"));
    }

    @Test
    void aChangeRaisesTheSequenceAndTheEtagAndIfNoneMatchAnswers304() throws Exception {
        ReferenceConference.Conference ref = ReferenceConference.scheduled();
        Response before = ics(ref.path(), Api.organizer());
        String etag = before.header("ETag");
        Calendar first = parse(before);
        String stamp = prop(event(first, ref.itemIds().get(1)), "DTSTAMP");

        Api.asOrganizer()
                .header("If-None-Match", etag)
                .get(ref.path() + "/agenda.ics")
                .then()
                .statusCode(304)
                .header("ETag", equalTo(etag));

        at(ref.setup(), "09:00");
        asOrganizer()
                .body(Map.of("title", "Báo cáo tổng kết năm 2021"))
                .patch(ref.path() + "/agenda/{i}", ref.itemIds().get(1))
                .then()
                .statusCode(200);

        Response after = Api.asOrganizer().header("If-None-Match", etag).get(ref.path() + "/agenda.ics");
        Calendar second = parse(after);
        assertNotEquals(etag, after.header("ETag"));
        VEvent changed = event(second, ref.itemIds().get(1));
        assertEquals("Báo cáo tổng kết năm 2021", prop(changed, "SUMMARY"));
        assertEquals("1", prop(changed, "SEQUENCE"));
        assertEquals("20211222T020000Z", prop(changed, "DTSTAMP"), "the time of the change");
        assertNotEquals(stamp, prop(changed, "DTSTAMP"));
        assertEquals("0", prop(event(second, ref.itemIds().get(0)), "SEQUENCE"), "other items did not change");
    }

    @Test
    void aSkippedItemIsCancelledAndADelayMovesItsTimes() throws Exception {
        ReferenceConference.Conference ref = ReferenceConference.scheduled();
        at(ref.setup(), "08:00");
        Api.advance(ref.id(), "start");
        asOrganizer()
                .body(Map.of("minutes", 15))
                .post(ref.path() + "/agenda/{i}/delay", ref.itemIds().get(1))
                .then()
                .statusCode(200);
        asOrganizer()
                .post(ref.path() + "/agenda/{i}/skip", ref.itemIds().get(2))
                .then()
                .statusCode(200);
        Calendar c = parse(ics(ref.path(), Api.organizer()));
        VEvent delayed = event(c, ref.itemIds().get(1));
        assertEquals("1", prop(delayed, "SEQUENCE"));
        assertEquals(
                OffsetDateTime.parse("2021-12-22T08:25:00+07:00"),
                ((ZonedDateTime) delayed.getDateTimeStart().getDate()).toOffsetDateTime());
        VEvent skipped = event(c, ref.itemIds().get(2));
        assertEquals("CANCELLED", prop(skipped, "STATUS"));
        // twice changed: the delay before it moved it to 08:55 (08:10 + 15 + 30 minutes), then it was skipped
        assertEquals("2", prop(skipped, "SEQUENCE"));
        assertEquals(
                OffsetDateTime.parse("2021-12-22T08:55:00+07:00"),
                ((ZonedDateTime) skipped.getDateTimeStart().getDate()).toOffsetDateTime());
        assertEquals("0", prop(event(c, ref.itemIds().get(0)), "SEQUENCE"), "the item before did not change");
    }

    @Test
    void aDelegatesCalendarTokenReadsTheCalendarOnlyAndDiesWithItsJoinCode() throws Exception {
        ReferenceConference.Conference ref = ReferenceConference.scheduled();
        Map<String, Object> delegate = Api.createDelegate(ref.id(), ref.danang(), "Hoàng Thị Lan");
        String delegateToken = Api.join((String) delegate.get("joinCode"));
        Response issued = Api.as(delegateToken).post(ref.path() + "/calendar-token");
        issued.then().statusCode(200);
        String calendarToken = issued.path("token");
        String url = issued.path("url");
        assertTrue(url.endsWith("/api/conferences/" + ref.id() + "/agenda.ics?token=" + calendarToken), url);

        // as a calendar app polls it: the token in the URL, no header
        Response polled = Api.anonymous().get(url);
        Calendar calendar = parse(polled);
        assertEquals(6, calendar.getComponents("VEVENT").size());
        assertEquals(
                polled.asString(), ics(ref.path(), delegateToken).asString(), "the same calendar as with the token");

        // nothing else: not the agenda, the live state, another export, a new token, the WebSocket
        for (String path : List.of("/agenda", "/live", "/schedule.json", "", "/awards")) {
            Api.unauthorized(Api.anonymous()
                    .queryParam("token", calendarToken)
                    .get(ref.path() + path)
                    .then());
            Api.unauthorized(Api.as(calendarToken).get(ref.path() + path).then());
        }
        Api.unauthorized(
                Api.as(calendarToken).post(ref.path() + "/calendar-token").then());
        Api.unauthorized(Api.as(calendarToken).post(ref.path() + "/checkins/me").then());
        assertEquals(401, LiveClient.refusal(ref.id(), calendarToken, ""));
        // nor another conference's calendar
        ReferenceConference.Conference other = ReferenceConference.scheduled();
        Api.unauthorized(Api.anonymous()
                .get(other.path() + "/agenda.ics?token=" + calendarToken)
                .then());
        // a full access token is never taken from a calendar URL
        Api.unauthorized(Api.anonymous()
                .get(ref.path() + "/agenda.ics?token=" + delegateToken)
                .then());
        // organizers and hosts read it with their bearer token; other conferences' delegates do not
        assertEquals(200, ics(ref.path(), Api.siteHost(ref.danang())).statusCode());
        Api.problem(ics(other.path(), delegateToken).then(), 403);
        // only delegates get calendar tokens
        Api.problem(Api.asOrganizer().post(ref.path() + "/calendar-token").then(), 403);

        // a new join code (the old one leaked) revokes the calendar token with the delegate's tokens
        asOrganizer()
                .post(ref.path() + "/delegates/{d}/join-code", delegate.get("id"))
                .then()
                .statusCode(200);
        Api.unauthorized(Api.anonymous().get(url).then());
    }

    @Test
    void theCalendarTokenOfARemovedDelegateIsRefused() {
        ReferenceConference.Conference ref = ReferenceConference.scheduled();
        String delegateId = Attendance.delegate(ref.setup(), ref.hanoi(), "Đỗ Minh Quân");
        String joinCode = asOrganizer()
                .get(ref.path() + "/delegates/{d}", delegateId)
                .then()
                .extract()
                .path("joinCode");
        String url = Api.as(Api.join(joinCode))
                .post(ref.path() + "/calendar-token")
                .then()
                .statusCode(200)
                .extract()
                .path("url");
        assertEquals(200, RestAssured.get(url).statusCode());
        asOrganizer().delete(ref.path() + "/delegates/{d}", delegateId).then().statusCode(204);
        Api.unauthorized(RestAssured.given().get(url).then());
    }
}
