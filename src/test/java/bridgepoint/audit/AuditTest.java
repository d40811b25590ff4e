package bridgepoint.audit;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.Live;
import bridgepoint.support.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.asOrganizer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log: every kind of change is recorded with who, when, what, before and after; no one can rewrite it. */
@QuarkusTest
class AuditTest {

    @Inject
    AgroalDataSource dataSource;

    /** The conference's entries with this action, newest first, as the organizer reads them. */
    static List<Map<String, Object>> entries(String conferenceId, String action) {
        return asOrganizer()
                .queryParam("action", action)
                .get("/api/conferences/{id}/audit", conferenceId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** The one entry with this action about this target. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> entry(String conferenceId, String action, String targetId) {
        List<Map<String, Object>> found = entries(conferenceId, action).stream()
                .filter(e -> targetId.equals(e.get("targetId")))
                .toList();
        assertEquals(1, found.size(), action + " about " + targetId + ": " + entries(conferenceId, action));
        Map<String, Object> e = found.get(0);
        assertNotNull(e.get("at"));
        assertEquals(conferenceId, e.get("conferenceId"));
        assertNotNull(((Map<String, Object>) e.get("actor")).get("role"));
        return e;
    }

    /** The latest 500 entries of the whole log with this action, newest first. */
    static List<Map<String, Object>> globalEntries(String action) {
        return asOrganizer()
                .queryParam("action", action)
                .queryParam("size", 500)
                .get("/api/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** The one entry of the whole log with this action about this target (changes outside a conference). */
    static Map<String, Object> globalEntry(String action, String targetId) {
        List<Map<String, Object>> found = globalEntries(action).stream()
                .filter(e -> targetId.equals(e.get("targetId")))
                .toList();
        assertEquals(1, found.size(), action + " about " + targetId);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> before(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("before");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> after(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("after");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> actor(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("actor");
    }

    @Test
    void sitesAreRecordedWhenCreatedChangedAndDeleted() {
        String site = Api.createSite("Điểm cầu Kon Tum " + Api.unique(), "Kon Tum");
        asOrganizer()
                .body(Map.of("city", "Kon Tum mới"))
                .patch("/api/sites/" + site)
                .then()
                .statusCode(200);
        asOrganizer().delete("/api/sites/" + site).then().statusCode(204);

        Map<String, Object> created = globalEntry("site.created", site);
        assertNull(created.get("before"));
        assertEquals("Kon Tum", after(created).get("city"));
        assertEquals("ORGANIZER", actor(created).get("role"));
        assertEquals("admin", actor(created).get("name"));
        Map<String, Object> updated = globalEntry("site.updated", site);
        assertEquals("Kon Tum", before(updated).get("city"));
        assertEquals("Kon Tum mới", after(updated).get("city"));
        Map<String, Object> deleted = globalEntry("site.deleted", site);
        assertEquals("Kon Tum mới", before(deleted).get("city"));
        assertNull(deleted.get("after"));
    }

    @Test
    void aConferenceIsRecordedFromItsCreationThroughEveryTransitionToItsDeletion() {
        Api.Setup s = Api.setup();
        String id = s.conference();
        asOrganizer()
                .body(Map.of("title", "Hội nghị tổng kết công tác dân vận"))
                .patch(s.path())
                .then()
                .statusCode(200);
        Api.advance(id, "publish", "start", "end");
        String cancelled = Api.createConference(Api.freshDay(), "08:00", "09:00");
        Api.advance(cancelled, "cancel");
        asOrganizer().delete("/api/conferences/" + cancelled).then().statusCode(204);

        assertNull(entry(id, "conference.created", id).get("before"));
        Map<String, Object> updated = entry(id, "conference.updated", id);
        assertEquals("Hội nghị tổng kết công tác dân vận", after(updated).get("title"));
        assertFalse(after(updated).get("title").equals(before(updated).get("title")));
        assertEquals("DRAFT", before(entry(id, "conference.scheduled", id)).get("status"));
        assertEquals("LIVE", after(entry(id, "conference.live", id)).get("status"));
        assertEquals("ENDED", after(entry(id, "conference.ended", id)).get("status"));
        assertEquals(
                "CANCELLED",
                after(globalEntry("conference.cancelled", cancelled)).get("status"));
        // a deleted conference's log stays, in the whole log
        Map<String, Object> deleted = globalEntry("conference.deleted", cancelled);
        assertEquals("CANCELLED", before(deleted).get("status"));
        assertNull(deleted.get("after"));
    }

    @Test
    void participationsAreRecordedWhenAddedChangedAndRemoved() {
        Api.Setup s = Api.setup();
        String third = Api.createSite("Điểm cầu Huế " + Api.unique(), "Huế");
        Api.addSite(s.conference(), third, "REMOTE");
        asOrganizer()
                .body(Map.of("role", "REMOTE", "chairs", List.of(Map.of("name", "Lê Văn Thanh"))))
                .put(s.path() + "/sites/" + third)
                .then()
                .statusCode(200);
        asOrganizer().delete(s.path() + "/sites/" + third).then().statusCode(204);

        assertEquals(
                "REMOTE",
                after(entry(s.conference(), "participation.added", third)).get("role"));
        Map<String, Object> updated = entry(s.conference(), "participation.updated", third);
        assertEquals(List.of(), before(updated).get("chairs"));
        assertEquals(1, ((List<?>) after(updated).get("chairs")).size());
        assertNull(entry(s.conference(), "participation.removed", third).get("after"));
    }

    @Test
    void delegatesAreRecordedWithoutTheirJoinCodes() {
        Api.Setup s = Api.setup();
        Map<String, Object> d = Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà");
        String id = (String) d.get("id");
        String firstCode = (String) d.get("joinCode");
        asOrganizer()
                .body(Map.of("title", "Trưởng ban"))
                .patch(s.path() + "/delegates/" + id)
                .then()
                .statusCode(200);
        String secondCode = asOrganizer()
                .post(s.path() + "/delegates/" + id + "/join-code")
                .then()
                .statusCode(200)
                .extract()
                .path("joinCode");
        asOrganizer().delete(s.path() + "/delegates/" + id).then().statusCode(204);

        assertEquals(
                "Lê Thị Thu Hà",
                after(entry(s.conference(), "delegate.created", id)).get("fullName"));
        assertEquals(
                "Trưởng ban",
                after(entry(s.conference(), "delegate.updated", id)).get("title"));
        assertNotNull(entry(s.conference(), "delegate.join-code-replaced", id));
        assertNull(entry(s.conference(), "delegate.deleted", id).get("after"));
        String log = asOrganizer().get(s.path() + "/audit?size=500").asString();
        assertFalse(log.contains(firstCode), "the first join code is in the audit log");
        assertFalse(log.contains(secondCode), "the second join code is in the audit log");
    }

    @Test
    void anImportIsRecordedWithItsSize() {
        Api.Setup s = Api.setup();
        String job = asOrganizer()
                .contentType("text/csv; charset=UTF-8")
                .body("fullName,title,organization,email,phone,site\nTrần Văn Đức,,,,," + s.remote() + "\n")
                .post(s.path() + "/delegates/import")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        await().until(() -> !"RUNNING"
                .equals(asOrganizer()
                        .get("/api/imports/" + job)
                        .then()
                        .extract()
                        .path("status")));

        assertEquals(
                1, after(entry(s.conference(), "delegates.import.started", job)).get("total"));
    }

    @Test
    void agendaEditsAndTheRunOfTheShowAreRecorded() {
        Api.Setup s = Api.setup();
        String first = Api.addItem(s.conference(), Api.itemBody("Báo cáo tổng kết"));
        String second = Api.addItem(s.conference(), Api.itemBody("Phổ biến Quyết định 23-QĐ/TW"));
        String third = Api.addItem(s.conference(), Api.itemBody("Trao khen thưởng"));
        String gone = Api.addItem(s.conference(), Api.itemBody("Phát biểu bế mạc"));
        asOrganizer()
                .body(Map.of("plannedMinutes", 20))
                .patch(s.path() + "/agenda/" + first)
                .then()
                .statusCode(200);
        asOrganizer().delete(s.path() + "/agenda/" + gone).then().statusCode(204);
        asOrganizer()
                .body(Map.of("itemIds", List.of(second, first, third)))
                .put(s.path() + "/agenda/order")
                .then()
                .statusCode(200);
        Api.advance(s.conference(), "publish", "start");
        Live.run(s, second, "start").statusCode(200);
        Live.delay(s, second, Live.minutes(5)).statusCode(200);
        Live.run(s, second, "finish").statusCode(200);
        Live.run(s, third, "skip").statusCode(200);

        String c = s.conference();
        assertEquals(
                "Báo cáo tổng kết", after(entry(c, "agenda.item.added", first)).get("title"));
        Map<String, Object> updated = entry(c, "agenda.item.updated", first);
        assertEquals(15, before(updated).get("plannedMinutes"));
        assertEquals(20, after(updated).get("plannedMinutes"));
        assertNull(entry(c, "agenda.item.removed", gone).get("after"));
        Map<String, Object> reordered = entry(c, "agenda.reordered", c);
        assertEquals(List.of(first, second, third), before(reordered).get("itemIds"));
        assertEquals(List.of(second, first, third), after(reordered).get("itemIds"));
        Map<String, Object> started = entry(c, "agenda.item.started", second);
        assertEquals("PLANNED", before(started).get("status"));
        assertEquals("LIVE", after(started).get("status"));
        assertEquals(5, after(entry(c, "agenda.item.delayed", second)).get("delayMinutes"));
        assertEquals("DONE", after(entry(c, "agenda.item.finished", second)).get("status"));
        assertEquals("SKIPPED", after(entry(c, "agenda.item.skipped", third)).get("status"));
    }

    @Test
    void theFloorAndAnnouncementsAreRecorded() {
        Api.Setup s = Live.liveConference();
        asOrganizer()
                .body(Map.of("siteId", s.remote()))
                .post(s.path() + "/live/handover")
                .then()
                .statusCode(200);
        long seq = Live.announce(s.conference(), "Các điểm cầu kiểm tra âm thanh");

        Map<String, Object> handover = entry(s.conference(), "floor.handed-over", s.conference());
        assertEquals(s.remote(), after(handover).get("floorSiteId"));
        assertFalse(s.remote().equals(before(handover).get("floorSiteId")));
        Map<String, Object> announced = entry(s.conference(), "announcement.made", Long.toString(seq));
        assertEquals("Các điểm cầu kiểm tra âm thanh", after(announced).get("text"));
    }

    @Test
    void checkInsMovesAndHeadCountsAreRecordedWithTheHostWhoMadeThem() {
        Api.Setup s = Attendance.scheduled();
        Api.advance(s.conference(), "start");
        String delegate = Attendance.delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");
        String host = Api.siteHost(s.remote());
        String checkIn = Attendance.checkIn(Api.as(host), s, delegate, s.remote())
                .statusCode(201)
                .extract()
                .path("id");
        String moved = Attendance.checkIn(s, delegate, s.host())
                .statusCode(201)
                .extract()
                .path("id");
        String report = Attendance.report(Api.as(host), s, s.remote(), Map.of("present", 12))
                .statusCode(200)
                .extract()
                .path("id");

        Map<String, Object> created = entry(s.conference(), "checkin.created", checkIn);
        assertEquals("SITE_HOST", actor(created).get("role"));
        assertTrue(((String) actor(created).get("name")).startsWith("host-"));
        assertEquals(delegate, after(created).get("delegateId"));
        assertEquals(
                s.remote(), after(entry(s.conference(), "checkin.moved", moved)).get("movedFromSiteId"));
        Map<String, Object> headCount = entry(s.conference(), "headcount.reported", report);
        assertEquals(12, after(headCount).get("present"));
        assertEquals("SITE_HOST", actor(headCount).get("role"));
    }

    @Test
    void awardsAreRecordedWhenAddedAndRemoved() {
        Api.Setup s = Api.setup();
        String award = asOrganizer()
                .body(Map.of(
                        "recipientType", "COLLECTIVE",
                        "name", "Ban Dân vận Thành ủy Đà Nẵng",
                        "award", "Bằng khen của Bộ trưởng Bộ Công an"))
                .post(s.path() + "/awards")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        asOrganizer().delete(s.path() + "/awards/" + award).then().statusCode(204);

        assertEquals(
                "Ban Dân vận Thành ủy Đà Nẵng",
                after(entry(s.conference(), "award.added", award)).get("name"));
        Map<String, Object> removed = entry(s.conference(), "award.removed", award);
        assertEquals("Bằng khen của Bộ trưởng Bộ Công an", before(removed).get("award"));
        assertNull(removed.get("after"));
    }

    @Test
    void accountsAreRecordedWithoutTheirPasswords() {
        String username = "host-" + Api.unique();
        String id = Api.createUser(username, "very-secret-password-7", "SITE_HOST", Api.createSite());
        asOrganizer().delete("/api/users/" + id).then().statusCode(204);

        assertEquals(username, after(globalEntry("user.created", id)).get("username"));
        assertEquals(username, before(globalEntry("user.deleted", id)).get("username"));
        assertFalse(asOrganizer().get("/api/audit?size=500").asString().contains("very-secret-password-7"));
    }

    @Test
    void onlyOrganizersReadTheLogAndItIsPagedNewestFirst() {
        Api.Setup s = Api.setup();
        for (int i = 1; i <= 3; i++) {
            Api.addItem(s.conference(), Api.itemBody("Mục " + i));
        }
        JsonPath page = asOrganizer()
                .queryParam("action", "agenda.item.added")
                .queryParam("size", 2)
                .get(s.path() + "/audit")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.size()", equalTo(2))
                .extract()
                .jsonPath();
        assertEquals("Mục 3", page.getString("items[0].after.title"));
        assertEquals("Mục 2", page.getString("items[1].after.title"));
        asOrganizer()
                .queryParam("action", "agenda.item.added")
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get(s.path() + "/audit")
                .then()
                .statusCode(200)
                .body("items.after.title", equalTo(List.of("Mục 1")));
        asOrganizer()
                .queryParam("conferenceId", s.conference())
                .get("/api/audit")
                .then()
                .statusCode(200)
                .body("items.action", hasItems("agenda.item.added", "participation.added", "conference.created"));

        Api.problem(Api.as(Api.siteHost(s.host())).get(s.path() + "/audit").then(), 403);
        Api.unauthorized(Api.anonymous().get(s.path() + "/audit").then());
        Api.problem(asOrganizer().queryParam("size", 0).get(s.path() + "/audit").then(), 400);
    }

    /**
     * The service runs as a role that does not own the table (the migrations' role does) and was granted only SELECT
     * and INSERT on it: it can neither change nor remove an entry, nor switch the triggers off that would stop it.
     * The injected data source is the service's own pool, so these statements run as the service does.
     */
    @Test
    void theServicesRoleCanOnlyAddAndReadEntriesAndCannotDisableTheTriggers() throws SQLException {
        Api.Setup s = Api.setup();
        assertEquals(1, entries(s.conference(), "conference.created").size(), "the service writes its entries");
        UUID conference = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("""
                    select pg_has_role(current_user, c.relowner, 'MEMBER'), r.rolsuper
                    from pg_class c, pg_roles r where c.oid = 'audit_entry'::regclass and r.rolname = current_user""")) {
                assertTrue(rs.next());
                assertFalse(rs.getBoolean(1), "the service's role does not own audit_entry");
                assertFalse(rs.getBoolean(2), "the service's role is no superuser");
            }
            assertEquals(
                    1,
                    st.executeUpdate("insert into audit_entry (at, actor_name, actor_role, conference_id, action,"
                            + " target_type) values (now(), 'test', 'SERVICE', '" + conference
                            + "', 'test.direct', 'test')"));
            try (ResultSet rs =
                    st.executeQuery("select action from audit_entry where conference_id = '" + conference + "'")) {
                assertTrue(rs.next());
                assertEquals("test.direct", rs.getString(1));
            }
            for (String sql : List.of(
                    "update audit_entry set action = 'forged' where conference_id = '" + s.conference() + "'",
                    "delete from audit_entry where conference_id = '" + s.conference() + "'",
                    "truncate audit_entry",
                    "alter table audit_entry disable trigger all",
                    "alter table audit_entry disable trigger audit_entry_no_update",
                    "drop trigger audit_entry_no_truncate on audit_entry",
                    "alter table audit_entry owner to current_user")) {
                SQLException refused = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
            }
            st.execute("grant update, delete, truncate, trigger on audit_entry to current_user"); // a mere warning
            try (ResultSet rs = st.executeQuery("select has_table_privilege('audit_entry', 'UPDATE'),"
                    + " has_table_privilege('audit_entry', 'DELETE'), has_table_privilege('audit_entry', 'TRUNCATE'),"
                    + " has_table_privilege('audit_entry', 'TRIGGER')")) {
                assertTrue(rs.next());
                for (int i = 1; i <= 4; i++) {
                    assertFalse(rs.getBoolean(i), "privilege " + i);
                }
            }
        }
        assertEquals(1, entries(s.conference(), "conference.created").size());
    }

    /** The triggers refuse changes whoever asks, the table's owner (the migrations' role) included. */
    @Test
    void theDatabaseRefusesToChangeOrDeleteAnEntryEvenForTheTablesOwner() throws SQLException {
        Api.Setup s = Api.setup();
        try (Connection c = PostgresTestResource.ownerConnection();
                Statement st = c.createStatement()) {
            for (String sql : List.of(
                    "update audit_entry set action = 'forged' where conference_id = '" + s.conference() + "'",
                    "delete from audit_entry where conference_id = '" + s.conference() + "'",
                    "truncate audit_entry")) {
                SQLException refused = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
            }
        }
        assertEquals(1, entries(s.conference(), "conference.created").size());
    }
}
