package bridgepoint.attendance;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import bridgepoint.support.LiveClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Attendance.checkIn;
import static bridgepoint.support.Attendance.delegate;
import static bridgepoint.support.Attendance.numbers;
import static bridgepoint.support.Attendance.report;
import static bridgepoint.support.Attendance.rollUp;
import static bridgepoint.support.Attendance.scheduled;
import static bridgepoint.support.Attendance.unchanged;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Head counts reported by host sites, and the attendance roll-up with its anomalies. */
@QuarkusTest
class HeadCountAndRollUpTest {

    private static Map<String, Object> headCount(Object present, Object note) {
        Map<String, Object> body = new HashMap<>();
        body.put("present", present);
        body.put("note", note);
        return body;
    }

    private static String siteName(String siteId) {
        return asOrganizer()
                .get("/api/sites/{s}", siteId)
                .then()
                .statusCode(200)
                .extract()
                .path("name");
    }

    /** The roll-up's entry for this site. */
    private static Map<String, Object> site(JsonPath rollUp, String siteId) {
        return rollUp.getMap("sites.find { it.siteId == '" + siteId + "' }");
    }

    @Test
    void everyReportIsKeptAndTheLatestCounts() {
        Setup s = scheduled();
        OffsetDateTime before = OffsetDateTime.now();

        Map<String, Object> first = report(
                        asOrganizer(), s, s.remote(), headCount(118, "2 khách mời không có trong danh sách"))
                .statusCode(200)
                .body("siteId", equalTo(s.remote()))
                .body("present", equalTo(118))
                .body("note", equalTo("2 khách mời không có trong danh sách"))
                .body("reportedBy", equalTo("admin"))
                .body("reportedAt", endsWith("+07:00"))
                .extract()
                .jsonPath()
                .getMap("");
        assertTrue(
                !OffsetDateTime.parse((String) first.get("reportedAt")).isBefore(before.minusSeconds(1)),
                first.toString());
        JsonPath rollUp = rollUp(s);
        assertEquals(118, site(rollUp, s.remote()).get("reportedPresent"));
        assertEquals(first.get("reportedAt"), site(rollUp, s.remote()).get("reportedAt"));
        assertNull(site(rollUp, s.host()).get("reportedPresent"));
        assertNull(site(rollUp, s.host()).get("reportedAt"));

        Map<String, Object> second = report(asOrganizer(), s, s.remote(), Map.of("present", 96))
                .statusCode(200)
                .body("note", nullValue())
                .extract()
                .jsonPath()
                .getMap("");
        assertNotEquals(first.get("id"), second.get("id"), "a new report, not a change of the first");
        assertTrue(OffsetDateTime.parse((String) second.get("reportedAt"))
                .isAfter(OffsetDateTime.parse((String) first.get("reportedAt"))));
        rollUp = rollUp(s);
        assertEquals(96, site(rollUp, s.remote()).get("reportedPresent"));
        assertEquals(second.get("reportedAt"), site(rollUp, s.remote()).get("reportedAt"));
        assertEquals(96, rollUp.getInt("totals.reportedPresent"));
        assertEquals(1, rollUp.getInt("totals.sitesReported"));

        // the host site's host reports its own room; it may count people who are not registered delegates
        String hostOfHost = Api.siteHost(s.host());
        report(Api.as(hostOfHost), s, s.host(), headCount(0, null))
                .statusCode(200)
                .body("present", equalTo(0));
        report(Api.as(hostOfHost), s, s.host(), headCount(1_000_000, "x".repeat(1000)))
                .statusCode(200);
        rollUp = rollUp(s);
        assertEquals(1_000_000, site(rollUp, s.host()).get("reportedPresent"));
        assertEquals(1_000_096, rollUp.getInt("totals.reportedPresent"));
        assertEquals(2, rollUp.getInt("totals.sitesReported"));
        assertEquals(0, rollUp.getInt("totals.registered"));
    }

    @Test
    void invalidHeadCountsAreRefused() {
        Setup s = scheduled();
        report(asOrganizer(), s, s.remote(), headCount(40, "trước giờ khai mạc"))
                .statusCode(200);
        Snapshot before = unchanged(s);

        invalid(report(asOrganizer(), s, s.remote(), headCount(-1, null)), "present");
        invalid(report(asOrganizer(), s, s.remote(), headCount(1_000_001, null)), "present");
        invalid(report(asOrganizer(), s, s.remote(), headCount(null, "không có số")), "present");
        invalid(report(asOrganizer(), s, s.remote(), Map.of("note", "không có số")), "present");
        invalid(report(asOrganizer(), s, s.remote(), headCount("120", null)), "present");
        invalid(report(asOrganizer(), s, s.remote(), headCount(12.5, null)), "present");
        invalid(report(asOrganizer(), s, s.remote(), headCount(120, "x".repeat(1001))), "note");
        invalid(report(asOrganizer(), s, s.remote(), headCount(120, 7)), "note");
        problem(report(asOrganizer(), s, s.remote(), "{\"present\": "), 400);
        problem(
                asOrganizer()
                        .put(s.path() + "/sites/{site}/attendance", s.remote())
                        .then(),
                400);
        problem(report(asOrganizer(), s, "not-a-uuid", headCount(120, null)), 404);
        before.assertUnchanged();
    }

    @Test
    void onlyTheSitesHostAndOrganizersReport() {
        Setup s = scheduled();
        String hostOfRemote = Api.siteHost(s.remote());
        Setup other = scheduled();
        String hostOfOther = Api.siteHost(other.host());
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.host(), "Trần Quốc Tỏ").get("joinCode"));
        String outsider = Api.createSite();
        Snapshot before = unchanged(s);

        // Đà Nẵng's host cannot report for Hà Nội
        problem(report(Api.as(hostOfRemote), s, s.host(), headCount(250, null)), 403, "forbidden");
        problem(report(Api.as(hostOfOther), s, s.remote(), headCount(250, null)), 403, "forbidden");
        // its own site, but in a conference it does not take part in
        problem(report(Api.as(hostOfOther), s, other.host(), headCount(250, null)), 404, "not-found");
        problem(report(Api.as(delegate), s, s.host(), headCount(250, null)), 403, "forbidden");
        Api.unauthorized(report(Api.anonymous(), s, s.host(), headCount(250, null)));
        // a site that does not take part, an unknown conference
        problem(report(asOrganizer(), s, outsider, headCount(250, null)), 404, "not-found");
        problem(
                report(
                        asOrganizer(),
                        new Setup(UUID.randomUUID().toString(), s.host(), s.remote(), s.day()),
                        s.host(),
                        headCount(250, null)),
                404,
                "not-found");
        before.assertUnchanged();

        report(Api.as(hostOfRemote), s, s.remote(), headCount(61, null)).statusCode(200);
        assertEquals(61, site(rollUp(s), s.remote()).get("reportedPresent"));
    }

    @Test
    void aSitesReportsAreReadBackNewestFirstByOrganizersAndThatSitesHost() {
        Setup s = scheduled();
        String hostOfRemote = Api.siteHost(s.remote());
        String hostOfHost = Api.siteHost(s.host());
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.host(), "Trần Quốc Tỏ").get("joinCode"));
        String reports = s.path() + "/sites/{site}/attendance";
        asOrganizer()
                .get(reports, s.remote())
                .then()
                .statusCode(200)
                .body("total", equalTo(0))
                .body("items", hasSize(0));

        Map<String, Object> first = report(Api.as(hostOfRemote), s, s.remote(), headCount(40, "trước giờ khai mạc"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> second = report(asOrganizer(), s, s.remote(), headCount(118, "2 khách mời"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> third = report(Api.as(hostOfRemote), s, s.remote(), headCount(116, null))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        report(asOrganizer(), s, s.host(), headCount(250, null)).statusCode(200);

        for (String reader : List.of(Api.organizer(), hostOfRemote)) {
            JsonPath history = Api.as(reader)
                    .get(reports, s.remote())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals(3, history.getInt("total"));
            assertEquals(
                    List.of(third, second, first), history.getList("items"), "every report, newest first, as answered");
        }
        JsonPath page = asOrganizer()
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get(reports, s.remote())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(first), page.getList("items"));
        assertEquals(3, page.getInt("total"));
        assertEquals(third.get("present"), site(rollUp(s), s.remote()).get("reportedPresent"), "the newest counts");

        // Đà Nẵng's host does not read Hà Nội's reports, nor does a delegate; unknown sites and conferences are 404
        problem(Api.as(hostOfRemote).get(reports, s.host()).then(), 403, "forbidden");
        Api.as(hostOfHost).get(reports, s.host()).then().statusCode(200).body("total", equalTo(1));
        problem(Api.as(delegate).get(reports, s.host()).then(), 403, "forbidden");
        Api.unauthorized(Api.anonymous().get(reports, s.host()).then());
        problem(asOrganizer().get(reports, Api.createSite()).then(), 404, "not-found");
        problem(
                asOrganizer()
                        .get("/api/conferences/{c}/sites/{site}/attendance", UUID.randomUUID(), s.host())
                        .then(),
                404,
                "not-found");
        problem(asOrganizer().queryParam("size", 0).get(reports, s.host()).then(), 400);
    }

    @Test
    void headCountsAreReportedOnceTheConferenceIsScheduled() {
        Setup s = Api.setup();
        Snapshot draft = unchanged(s);
        problem(report(asOrganizer(), s, s.host(), headCount(10, null)), 409, "conference-closed")
                .body("currentStatus", equalTo("DRAFT"));
        draft.assertUnchanged();

        Api.advance(s.conference(), "publish", "start");
        report(asOrganizer(), s, s.host(), headCount(10, null)).statusCode(200);
        Api.advance(s.conference(), "end");
        // a late count after the end is still the room's record
        report(asOrganizer(), s, s.host(), headCount(12, null)).statusCode(200);
        assertEquals(12, site(rollUp(s), s.host()).get("reportedPresent"));

        Setup cancelled = Api.setup();
        Api.advance(cancelled.conference(), "publish", "cancel");
        Snapshot before = unchanged(cancelled);
        problem(report(asOrganizer(), cancelled, cancelled.remote(), headCount(10, null)), 409, "conference-closed")
                .body("currentStatus", equalTo("CANCELLED"));
        before.assertUnchanged();
    }

    @Test
    void theRollUpCountsEachSiteAndEachPersonOnce() {
        Setup s = scheduled();
        List<String> atHost = List.of(
                delegate(s, s.host(), "Trần Quốc Tỏ"),
                delegate(s, s.host(), "Lê Minh Hưng"),
                delegate(s, s.host(), "Phạm Đức Thắng"));
        List<String> atRemote =
                List.of(delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung"), delegate(s, s.remote(), "Võ Văn Thưởng"));
        JsonPath empty = rollUp(s);
        assertEquals(s.conference(), empty.getString("conferenceId"));
        assertEquals(List.of(s.host(), s.remote()), empty.getList("sites.siteId"));
        assertEquals(List.of(siteName(s.host()), siteName(s.remote())), empty.getList("sites.name"));
        assertEquals(List.of("HOST", "REMOTE"), empty.getList("sites.role"));
        assertEquals(List.of(3, 2), empty.getList("sites.registered"));
        assertEquals(List.of(0, 0), empty.getList("sites.checkedIn"));
        assertEquals(List.of(false, false), empty.getList("sites.online"));
        assertNull(empty.get("totals.reportedPresent"));
        assertEquals(List.of(), empty.getList("anomalies"));

        checkIn(s, atHost.get(0), null).statusCode(201);
        checkIn(s, atHost.get(1), null).statusCode(201);
        checkIn(s, atRemote.get(0), null).statusCode(201);
        // a delegate who moves from Đà Nẵng to Hà Nội and back counts once, where it is now
        String moving = atRemote.get(1);
        checkIn(s, moving, s.remote()).statusCode(201);
        checkIn(s, moving, s.host()).statusCode(201);
        JsonPath moved = rollUp(s);
        assertEquals(List.of(3, 1), moved.getList("sites.checkedIn"));
        assertEquals(4, moved.getInt("totals.checkedIn"));
        checkIn(s, moving, s.remote()).statusCode(201);
        String reportedAt = report(asOrganizer(), s, s.remote(), headCount(7, null))
                .statusCode(200)
                .extract()
                .path("reportedAt");

        JsonPath rollUp = rollUp(s);
        assertEquals(List.of(3, 2), rollUp.getList("sites.registered"));
        assertEquals(List.of(2, 2), rollUp.getList("sites.checkedIn"));
        assertEquals(7, site(rollUp, s.remote()).get("reportedPresent"));
        assertEquals(reportedAt, site(rollUp, s.remote()).get("reportedAt"));
        Map<String, Object> totals = rollUp.getMap("totals");
        assertEquals(
                Map.of(
                        "registered",
                        5,
                        "checkedIn",
                        4,
                        "reportedPresent",
                        7,
                        "sites",
                        2,
                        "sitesReported",
                        1,
                        "sitesOnline",
                        0),
                totals);
        assertEquals(4, Api.total(s.path() + "/delegates?checkedIn=true"));

        // Đà Nẵng's client sends heartbeats: the site is online
        try (LiveClient client = LiveClient.connect(s.conference(), Api.siteHost(s.remote()))) {
            client.send("{\"type\":\"heartbeat\",\"siteId\":\"" + s.remote() + "\"}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Boolean.TRUE.equals(site(rollUp(s), s.remote()).get("online")));
        }
        JsonPath online = rollUp(s);
        assertEquals(List.of(false, true), online.getList("sites.online"));
        assertEquals(1, online.getInt("totals.sitesOnline"));
    }

    @Test
    void anomaliesAreShownToTheSitesTheyConcern() {
        Setup s = scheduled();
        String canTho = Api.createSite("Điểm cầu Cần Thơ " + Api.unique(), "Cần Thơ");
        Api.addSite(s.conference(), canTho, "REMOTE");
        String visitor = delegate(s, canTho, "Huỳnh Thành Đạt");
        String local = delegate(s, s.host(), "Trần Quốc Tỏ");
        String other = delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");
        checkIn(s, visitor, s.remote()).statusCode(201);
        checkIn(s, local, s.host()).statusCode(201);
        checkIn(s, other, s.remote()).statusCode(201);
        report(asOrganizer(), s, s.host(), headCount(0, "chưa đếm")).statusCode(200);
        // as many present as checked in, or more: no anomaly
        report(asOrganizer(), s, s.remote(), headCount(2, null)).statusCode(200);
        report(asOrganizer(), s, canTho, headCount(0, null)).statusCode(200);

        Map<String, Object> elsewhere = new HashMap<>();
        elsewhere.put("type", "CHECKED_IN_AT_OTHER_SITE");
        elsewhere.put("siteId", s.remote());
        elsewhere.put("delegateId", visitor);
        elsewhere.put("delegateName", "Huỳnh Thành Đạt");
        elsewhere.put("assignedSiteId", canTho);
        elsewhere.put("checkedIn", null);
        elsewhere.put("reportedPresent", null);
        Map<String, Object> below = new HashMap<>();
        below.put("type", "HEAD_COUNT_BELOW_CHECKED_IN");
        below.put("siteId", s.host());
        below.put("delegateId", null);
        below.put("delegateName", null);
        below.put("assignedSiteId", null);
        below.put("checkedIn", 1);
        below.put("reportedPresent", 0);

        assertEquals(List.of(elsewhere, below), rollUp(s).getList("anomalies"));
        assertEquals(List.of(below), anomalies(Api.siteHost(s.host()), s));
        assertEquals(List.of(elsewhere), anomalies(Api.siteHost(s.remote()), s));
        assertEquals(List.of(elsewhere), anomalies(Api.siteHost(canTho), s));
        assertEquals(List.of(elsewhere, below), anomalies(Api.siteHost(s.host(), canTho), s));
        // hosts see every site's numbers, though
        Api.as(Api.siteHost(canTho))
                .get(s.path() + "/attendance")
                .then()
                .statusCode(200)
                .body("totals.checkedIn", equalTo(3))
                .body("sites.size()", equalTo(3));

        // the visitor goes home (where the last count was 0), Hà Nội counts again
        checkIn(s, visitor, canTho).statusCode(201);
        report(asOrganizer(), s, s.host(), headCount(1, null)).statusCode(200);
        below.put("siteId", canTho);
        assertEquals(List.of(below), rollUp(s).getList("anomalies"));
        report(asOrganizer(), s, canTho, headCount(1, null)).statusCode(200);
        assertEquals(List.of(), rollUp(s).getList("anomalies"));
    }

    private static List<Map<String, Object>> anomalies(String token, Setup s) {
        return Api.as(token)
                .get(s.path() + "/attendance")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("anomalies");
    }

    @Test
    void delegatesAndOutsidersDoNotReadTheRollUp() {
        Setup s = scheduled();
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.host(), "Trần Quốc Tỏ").get("joinCode"));
        Setup other = scheduled();

        problem(Api.as(delegate).get(s.path() + "/attendance").then(), 403, "forbidden");
        problem(Api.as(Api.siteHost(other.host())).get(s.path() + "/attendance").then(), 403, "forbidden");
        Api.unauthorized(Api.anonymous().get(s.path() + "/attendance").then());
        problem(
                asOrganizer()
                        .get("/api/conferences/{c}/attendance", UUID.randomUUID())
                        .then(),
                404,
                "not-found");
    }

    @Test
    void theLiveStateCarriesTheSameNumbers() {
        Setup s = scheduled();
        String d1 = delegate(s, s.host(), "Trần Quốc Tỏ");
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Nguyễn Thị Hồng Nhung");
        checkIn(s, d1, s.remote()).statusCode(201);
        checkIn(s, (String) delegate.get("id"), null).statusCode(201);
        report(asOrganizer(), s, s.remote(), headCount(1, "thiếu một người")).statusCode(200);
        Map<String, Object> numbers = numbers(s);
        assertEquals(2, ((Map<?, ?>) numbers.get("totals")).get("checkedIn"));

        assertEquals(
                numbers,
                asOrganizer()
                        .get(s.path() + "/live")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap("attendance"));
        // delegates follow the numbers there
        String token = Api.join((String) delegate.get("joinCode"));
        assertEquals(
                numbers,
                Api.as(token)
                        .get(s.path() + "/live")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap("attendance"));
    }
}
