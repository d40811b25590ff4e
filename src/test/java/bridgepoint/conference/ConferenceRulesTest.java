package bridgepoint.conference;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import bridgepoint.support.Attendance;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.conferenceBody;
import static bridgepoint.support.Api.freshDay;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.snapshot;
import static bridgepoint.support.Api.transition;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conferences: validation, list filters and search, time zones, the status machine and the rules on changing times. */
@QuarkusTest
class ConferenceRulesTest {

    private static final List<String> ACTIONS = List.of("publish", "start", "end", "cancel");

    @Test
    void createAnswers201WithLocationAndADraft() {
        LocalDate day = freshDay();
        String title = "Hội nghị trực tuyến tổng kết công tác dân vận " + unique();
        Map<String, Object> body = conferenceBody(title, Api.at(day, "08:00"), Api.at(day, "11:30"));
        body.put("description", "Tổng kết năm, triển khai nhiệm vụ");
        body.put("chair", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"));

        var created = asOrganizer()
                .body(body)
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .header("ETag", equalTo("\"0\""))
                .header("Location", containsString("/api/conferences/"))
                .body("status", equalTo("DRAFT"))
                .body("title", equalTo(title))
                .body("description", equalTo("Tổng kết năm, triển khai nhiệm vụ"))
                .body("startsAt", equalTo(Api.at(day, "08:00")))
                .body("endsAt", equalTo(Api.at(day, "11:30")))
                .body("timeZone", equalTo("Asia/Ho_Chi_Minh"))
                .body("chair.name", equalTo("Trần Quốc Tỏ"))
                .body("chair.title", equalTo("Trung tướng"))
                .body("floorSiteId", nullValue())
                .body("startedAt", nullValue())
                .body("version", equalTo(0))
                .extract();
        String id = created.path("id");
        asOrganizer()
                .get(created.header("Location"))
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .header("ETag", equalTo("\"0\""));
        assertTrue(created.header("Location").endsWith("/api/conferences/" + id));
    }

    @ParameterizedTest
    @CsvSource({"11:30, 11:30", "11:30, 08:00", "11:30, 11:29"})
    void endsAtMustBeAfterStartsAt(String startsAt, String endsAt) {
        LocalDate day = freshDay();
        assertNotCreated("endsAt", title -> conferenceBody(title, Api.at(day, startsAt), Api.at(day, endsAt)));
    }

    @ParameterizedTest
    @CsvSource({
        "endsAt, 2031-05-01T08:00:00+07:00, 2031-06-01T08:01:00+07:00",
        "startsAt, 1999-12-31T08:00:00+07:00, 1999-12-31T10:00:00+07:00",
        "startsAt, 2201-01-01T08:00:00+07:00, 2201-01-01T10:00:00+07:00"
    })
    void timesMustBeInRange(String field, String startsAt, String endsAt) {
        assertNotCreated(field, title -> conferenceBody(title, startsAt, endsAt));
    }

    @ParameterizedTest
    @ValueSource(strings = {"startsAt", "endsAt", "title"})
    void startsAtAndEndsAtAndTitleAreRequired(String field) {
        LocalDate day = freshDay();
        assertNotCreated(field, title -> {
            Map<String, Object> body = conferenceBody(title, Api.at(day, "08:00"), Api.at(day, "10:00"));
            body.remove(field);
            return body;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2031-05-01T08:00:00", "2031-05-01 08:00", "2031-05-01", "tomorrow", "08:00+07:00"})
    void dateTimesNeedAnOffset(String startsAt) {
        assertNotCreated("startsAt", title -> conferenceBody(title, startsAt, "2031-05-01T11:00:00+07:00"));
    }

    @Test
    void timeZoneMustBeAnIanaZone() {
        LocalDate day = freshDay();
        assertNotCreated("timeZone", title -> {
            Map<String, Object> body = conferenceBody(title, Api.at(day, "08:00"), Api.at(day, "10:00"));
            body.put("timeZone", "+07:00");
            return body;
        });
    }

    /** Creating the conference {@code body} makes (for a unique title) is a 400 naming {@code field} and creates nothing. */
    private static void assertNotCreated(String field, Function<String, Map<String, Object>> body) {
        String token = unique();
        Snapshot before = snapshot("/api/conferences?q=" + token);
        invalid(
                asOrganizer()
                        .body(body.apply("Hội nghị " + token))
                        .post("/api/conferences")
                        .then(),
                field);
        before.assertUnchanged();
    }

    @Test
    void timesAreShownInTheConferencesTimeZone() {
        String id = Api.createConference(
                conferenceBody("Hội nghị " + unique(), "2031-05-01T01:00:00Z", "2031-05-01T05:30:00+02:00"));
        asOrganizer()
                .get("/api/conferences/" + id)
                .then()
                .statusCode(200)
                .body("startsAt", equalTo("2031-05-01T08:00:00+07:00"))
                .body("endsAt", equalTo("2031-05-01T10:30:00+07:00"));

        Map<String, Object> berlin =
                conferenceBody("Hội nghị " + unique(), "2031-05-01T01:00:00Z", "2031-05-01T03:00:00Z");
        berlin.put("timeZone", "Europe/Berlin");
        String other = Api.createConference(berlin);
        asOrganizer()
                .get("/api/conferences/" + other)
                .then()
                .statusCode(200)
                .body("startsAt", equalTo("2031-05-01T03:00:00+02:00"))
                .body("endsAt", equalTo("2031-05-01T05:00:00+02:00"));

        // changing the zone changes how the same instants are shown
        asOrganizer()
                .body(Map.of("timeZone", "Asia/Ho_Chi_Minh"))
                .patch("/api/conferences/" + other)
                .then()
                .statusCode(200)
                .body("startsAt", equalTo("2031-05-01T08:00:00+07:00"));
    }

    @Test
    void timeZoneDefaultsToHoChiMinhCity() {
        Map<String, Object> body =
                conferenceBody("Hội nghị " + unique(), "2031-05-01T01:00:00Z", "2031-05-01T03:00:00Z");
        body.remove("timeZone");
        asOrganizer()
                .body(body)
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .body("timeZone", equalTo("Asia/Ho_Chi_Minh"))
                .body("startsAt", equalTo("2031-05-01T08:00:00+07:00"));
    }

    @ParameterizedTest
    @CsvSource({"status, PLANNED", "status, 1", "from, yesterday", "from, 2031-05-01T08:00:00", "to, 2031-05-01"})
    void badListFiltersAre400NamingTheParameter(String parameter, String value) {
        problem(
                        asOrganizer()
                                .queryParam(parameter, value)
                                .get("/api/conferences")
                                .then(),
                        400,
                        "validation")
                .body("errors.field", contains(parameter));
    }

    @Test
    void listFiltersByStatusAndOverlapWithFromAndTo() {
        LocalDate day = freshDay();
        String token = unique();
        String morning = Api.createConference("Sáng " + token, Api.at(day, "08:00"), Api.at(day, "10:00"));
        String midday = Api.createConference("Trưa " + token, Api.at(day, "10:00"), Api.at(day, "12:00"));
        String afternoon = Api.createConference("Chiều " + token, Api.at(day, "14:00"), Api.at(day, "16:00"));
        Api.addSite(midday, Api.createSite(), "HOST");
        Api.advance(midday, "publish");
        Api.advance(afternoon, "cancel");

        assertListed(token, Map.of(), morning, midday, afternoon);
        assertListed(token, Map.of("status", "DRAFT"), morning);
        assertListed(token, Map.of("status", "SCHEDULED"), midday);
        assertListed(token, Map.of("status", "CANCELLED"), afternoon);
        assertListed(token, Map.of("status", "LIVE"));
        // from keeps what ends after it; to keeps what starts before it
        assertListed(token, Map.of("from", Api.at(day, "10:00")), midday, afternoon);
        assertListed(token, Map.of("from", Api.at(day, "09:59")), morning, midday, afternoon);
        assertListed(token, Map.of("to", Api.at(day, "10:00")), morning);
        assertListed(token, Map.of("to", Api.at(day, "10:01")), morning, midday);
        assertListed(token, Map.of("from", Api.at(day, "09:00"), "to", Api.at(day, "11:00")), morning, midday);
        assertListed(token, Map.of("from", Api.at(day, "12:00"), "to", Api.at(day, "14:00")));
        assertListed(token, Map.of("from", day + "T07:00:00Z", "to", day + "T08:00:00Z"), afternoon);
        assertListed(token, Map.of("from", Api.at(day, "09:00"), "status", "SCHEDULED"), midday);
    }

    private static void assertListed(String token, Map<String, String> filters, String... ids) {
        asOrganizer()
                .queryParams(filters)
                .queryParam("q", token)
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(ids.length))
                .body("items.id", ids.length == 0 ? empty() : contains(ids));
    }

    @Test
    void searchMatchesTitleChairAndDescriptionIgnoringCaseAndDiacritics() {
        String token = unique();
        Map<String, Object> body = conferenceBody(
                "Hội nghị tổng kết công tác dân vận " + token, "2031-05-01T01:00:00Z", "2031-05-01T03:00:00Z");
        body.put("chair", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"));
        body.put("description", "Triển khai nhiệm vụ năm 2022 tại Đà Nẵng");
        String id = Api.createConference(body);
        Api.createConference(conferenceBody("Hội nghị khác " + token, "2031-05-01T01:00:00Z", "2031-05-01T03:00:00Z"));

        for (String q : List.of(
                "tran quoc to",
                "TRẦN QUỐC TỎ",
                "Tran Quoc To",
                "tong ket cong tac dan van",
                "HỘI NGHỊ TỔNG KẾT",
                "da nang",
                "dan van tran")) {
            asOrganizer()
                    .queryParam("q", q + " " + token)
                    .get("/api/conferences")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("items.id", contains(id));
        }
        asOrganizer()
                .queryParam("q", "hoi nghi " + token)
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(2));
        asOrganizer()
                .queryParam("q", "tran quoc to hue " + token)
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void publishStartEndFollowTheStatusMachine() {
        Setup s = Api.setup();
        transition(s.conference(), "publish")
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("status", equalTo("SCHEDULED"))
                .body("floorSiteId", nullValue());
        transition(s.conference(), "start")
                .statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("status", equalTo("LIVE"))
                .body("floorSiteId", equalTo(s.host()))
                .body("startedAt", notNullValue())
                .body("endedAt", nullValue());
        transition(s.conference(), "end")
                .statusCode(200)
                .header("ETag", equalTo("\"3\""))
                .body("status", equalTo("ENDED"))
                .body("endedAt", notNullValue());
        asOrganizer()
                .get(s.path())
                .then()
                .statusCode(200)
                .body("status", equalTo("ENDED"))
                .body("version", equalTo(3));
    }

    @Test
    void draftsAndScheduledConferencesCanBeCancelled() {
        Setup draft = Api.setup();
        transition(draft.conference(), "cancel").statusCode(200).body("status", equalTo("CANCELLED"));
        Setup scheduled = Api.setup();
        Api.advance(scheduled.conference(), "publish");
        transition(scheduled.conference(), "cancel").statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void publishingNeedsAHostSite() {
        LocalDate day = freshDay();
        String none = Api.createConference(day, "08:00", "10:00");
        assertHostRequired(none);

        String remoteOnly = Api.createConference(day, "08:00", "10:00");
        Api.addSite(remoteOnly, Api.createSite(), "REMOTE");
        assertHostRequired(remoteOnly);
    }

    private static void assertHostRequired(String conference) {
        Snapshot before = snapshot("/api/conferences/" + conference);
        problem(transition(conference, "publish"), 409, "host-site-required");
        before.assertUnchanged();
    }

    @Test
    void everyOtherTransitionIsRefusedAndChangesNothing() {
        Setup draft = Api.setup();
        assertRefused(draft.conference(), "DRAFT", "start", "end");

        Setup scheduled = Api.setup();
        Api.advance(scheduled.conference(), "publish");
        assertRefused(scheduled.conference(), "SCHEDULED", "publish", "end");

        Setup live = Api.setup();
        Api.advance(live.conference(), "publish", "start");
        assertRefused(live.conference(), "LIVE", "publish", "start", "cancel");

        Setup ended = Api.setup();
        Api.advance(ended.conference(), "publish", "start", "end");
        assertRefused(ended.conference(), "ENDED", ACTIONS.toArray(String[]::new));

        Setup cancelledDraft = Api.setup();
        Api.advance(cancelledDraft.conference(), "cancel");
        assertRefused(cancelledDraft.conference(), "CANCELLED", ACTIONS.toArray(String[]::new));

        Setup cancelledScheduled = Api.setup();
        Api.advance(cancelledScheduled.conference(), "publish", "cancel");
        assertRefused(cancelledScheduled.conference(), "CANCELLED", ACTIONS.toArray(String[]::new));
    }

    private static void assertRefused(String conference, String status, String... actions) {
        Snapshot before = snapshot("/api/conferences/" + conference);
        for (String action : actions) {
            problem(transition(conference, action), 409, "invalid-transition").body("currentStatus", equalTo(status));
        }
        before.assertUnchanged();
    }

    @Test
    void transitionsHonourIfMatch() {
        Setup s = Api.setup();
        Snapshot before = snapshot(s.path());
        problem(
                asOrganizer()
                        .header("If-Match", "\"5\"")
                        .post(s.path() + "/publish")
                        .then(),
                412,
                "precondition-failed");
        before.assertUnchanged();
        asOrganizer()
                .header("If-Match", "\"0\"")
                .post(s.path() + "/publish")
                .then()
                .statusCode(200);
    }

    @Test
    void endedAndCancelledConferencesCannotBeChanged() {
        Setup ended = Api.setup();
        Api.advance(ended.conference(), "publish", "start", "end");
        assertClosed(ended);

        Setup cancelled = Api.setup();
        Api.advance(cancelled.conference(), "cancel");
        assertClosed(cancelled);
    }

    private static void assertClosed(Setup s) {
        Snapshot before = snapshot(s.path(), s.path() + "/sites");
        problem(
                asOrganizer()
                        .body(conferenceBody("Đổi tên " + unique(), s.at("08:00"), s.at("11:30")))
                        .put(s.path())
                        .then(),
                409,
                "conference-closed");
        problem(asOrganizer().body(Map.of("title", "Đổi tên")).patch(s.path()).then(), 409, "conference-closed");
        problem(
                asOrganizer()
                        .body(Map.of("role", "REMOTE"))
                        .put(s.path() + "/sites/" + Api.createSite())
                        .then(),
                409,
                "conference-closed");
        problem(asOrganizer().delete(s.path() + "/sites/" + s.remote()).then(), 409, "conference-closed");
        before.assertUnchanged();
    }

    @Test
    void liveConferencesCanStillBeChanged() {
        Setup s = Api.setup();
        Api.advance(s.conference(), "publish", "start");
        asOrganizer()
                .body(Map.of("description", "Đang diễn ra"))
                .patch(s.path())
                .then()
                .statusCode(200)
                .body("description", equalTo("Đang diễn ra"))
                .body("status", equalTo("LIVE"));
    }

    @Test
    void patchIsAMergePatch() {
        Setup s = Api.setup();
        String title = asOrganizer().get(s.path()).then().extract().path("title");
        asOrganizer()
                .body("{\"description\": \"Mô tả\", \"chair\": {\"title\": \"Thượng tướng\"}}")
                .patch(s.path())
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("title", equalTo(title))
                .body("description", equalTo("Mô tả"))
                .body("chair.name", equalTo("Chủ tọa"))
                .body("chair.title", equalTo("Thượng tướng"))
                .body("startsAt", equalTo(s.at("08:00")))
                .body("endsAt", equalTo(s.at("11:30")));
        asOrganizer()
                .body("{\"chair\": null, \"description\": null}")
                .patch(s.path())
                .then()
                .statusCode(200)
                .body("chair", nullValue())
                .body("description", nullValue())
                .body("title", equalTo(title));

        Snapshot before = snapshot(s.path());
        invalid(asOrganizer().body("{\"startsAt\": null}").patch(s.path()).then(), "startsAt");
        invalid(asOrganizer().body("{\"title\": \"\"}").patch(s.path()).then(), "title");
        invalid(
                asOrganizer()
                        .body(Map.of("endsAt", s.at("07:00")))
                        .patch(s.path())
                        .then(),
                "endsAt");
        invalid(
                asOrganizer()
                        .body(Map.of("startsAt", "2031-05-01T08:00:00"))
                        .patch(s.path())
                        .then(),
                "startsAt");
        invalid(
                asOrganizer()
                        .body("{\"chair\": {\"name\": null}}")
                        .patch(s.path())
                        .then(),
                "chair.name");
        before.assertUnchanged();
    }

    @Test
    void staleIfMatchIsA412AndChangesNothing() {
        Setup s = Api.setup();
        asOrganizer().body(Map.of("description", "v1")).patch(s.path()).then().statusCode(200);
        Snapshot before = snapshot(s.path());
        problem(
                asOrganizer()
                        .header("If-Match", "\"0\"")
                        .body(Map.of("title", "Mới"))
                        .patch(s.path())
                        .then(),
                412,
                "precondition-failed");
        problem(
                asOrganizer()
                        .header("If-Match", "\"0\"")
                        .body(conferenceBody("Mới", s.at("08:00"), s.at("11:30")))
                        .put(s.path())
                        .then(),
                412,
                "precondition-failed");
        problem(asOrganizer().header("If-Match", "\"0\"").delete(s.path()).then(), 412, "precondition-failed");
        before.assertUnchanged();
    }

    @Test
    void onlyDraftAndCancelledConferencesCanBeDeleted() {
        Setup scheduled = Api.setup();
        Api.advance(scheduled.conference(), "publish");
        assertNotDeletable(scheduled);
        Setup live = Api.setup();
        Api.advance(live.conference(), "publish", "start");
        assertNotDeletable(live);
        Setup ended = Api.setup();
        Api.advance(ended.conference(), "publish", "start", "end");
        assertNotDeletable(ended);

        // a draft or a cancelled conference goes with its sites, delegates and agenda, and frees its sites
        Setup draft = Api.setup();
        Api.createDelegate(draft.conference(), draft.remote(), "Nguyễn Văn Hùng");
        Api.addItem(draft.conference(), Api.itemBody("Khai mạc", draft.host(), draft.at("08:00"), 10));
        asOrganizer().delete(draft.path()).then().statusCode(204);
        problem(asOrganizer().get(draft.path()).then(), 404, "not-found");
        problem(asOrganizer().get(draft.path() + "/agenda").then(), 404, "not-found");
        asOrganizer().delete("/api/sites/" + draft.remote()).then().statusCode(204);

        Setup cancelled = Api.setup();
        Api.createDelegate(cancelled.conference(), cancelled.host(), "Lê Thị Thu Hà");
        Api.advance(cancelled.conference(), "publish", "cancel");
        asOrganizer().delete(cancelled.path()).then().statusCode(204);
        problem(asOrganizer().get(cancelled.path()).then(), 404, "not-found");
    }

    @Test
    void aCancelledConferenceWithRecordedAttendanceIsKeptAsTheRecord() {
        Setup counted = Attendance.scheduled();
        Attendance.report(asOrganizer(), counted, counted.host(), Map.of("present", 42, "note", "phòng chính"))
                .statusCode(200);
        Api.advance(counted.conference(), "cancel");
        Setup checkedIn = Attendance.scheduled();
        String delegate = Attendance.delegate(checkedIn, checkedIn.remote(), "Lê Thị Thu Hà");
        Attendance.checkIn(checkedIn, delegate, checkedIn.remote()).statusCode(201);
        Api.advance(checkedIn.conference(), "cancel");
        for (Setup s : List.of(counted, checkedIn)) {
            Snapshot before = snapshot(s.path(), s.path() + "/sites", s.path() + "/attendance");
            problem(asOrganizer().delete(s.path()).then(), 409, "conference-has-attendance");
            before.assertUnchanged();
        }
    }

    private static void assertNotDeletable(Setup s) {
        Snapshot before = snapshot(s.path(), s.path() + "/sites", s.path() + "/agenda");
        problem(asOrganizer().delete(s.path()).then(), 409, "conference-not-deletable");
        before.assertUnchanged();
    }

    @Test
    void timesCannotMoveAwayFromTheAgenda() {
        Setup s = Api.setup();
        Api.addItem(s.conference(), Api.itemBody("Tham luận", s.remote(), s.at("10:00"), 60));
        Snapshot before = snapshot(s.path(), s.path() + "/agenda");

        problem(
                asOrganizer()
                        .body(Map.of("endsAt", s.at("10:59")))
                        .patch(s.path())
                        .then(),
                409,
                "agenda-outside-window");
        problem(
                asOrganizer()
                        .body(Map.of("startsAt", s.at("10:01")))
                        .patch(s.path())
                        .then(),
                409,
                "agenda-outside-window");
        problem(
                asOrganizer()
                        .body(Map.of("startsAt", s.at("12:00"), "endsAt", s.at("14:00")))
                        .patch(s.path())
                        .then(),
                409,
                "agenda-outside-window");
        problem(
                asOrganizer()
                        .body(conferenceBody("Hội nghị", s.at("08:00"), s.at("10:30")))
                        .put(s.path())
                        .then(),
                409,
                "agenda-outside-window");
        before.assertUnchanged();

        // the item may end exactly when the conference ends, and start exactly when it starts
        asOrganizer()
                .body(Map.of("startsAt", s.at("10:00"), "endsAt", s.at("11:00")))
                .patch(s.path())
                .then()
                .statusCode(200)
                .body("startsAt", equalTo(s.at("10:00")))
                .body("endsAt", equalTo(s.at("11:00")));
    }

    @Test
    void timesCannotMoveOntoAnotherConferenceOfOneOfItsSites() {
        LocalDate day = freshDay();
        String shared = Api.createSite();
        String morning = Api.createConference(day, "08:00", "10:00", shared, "REMOTE");
        String otherTitle = "Hội nghị buổi trưa " + unique();
        String midday = Api.createConference(otherTitle, Api.at(day, "10:00"), Api.at(day, "12:00"));
        Api.addSite(midday, shared, "HOST");
        String path = "/api/conferences/" + morning;
        Snapshot before = snapshot(path, "/api/conferences/" + midday);

        problem(
                        asOrganizer()
                                .body(Map.of("endsAt", Api.at(day, "10:01")))
                                .patch(path)
                                .then(),
                        409,
                        "site-busy")
                .body("conflictingConferenceId", equalTo(midday))
                .body("conflictingConferenceTitle", equalTo(otherTitle))
                .body("detail", containsString(otherTitle));
        problem(
                asOrganizer()
                        .body(conferenceBody("Sáng", Api.at(day, "11:00"), Api.at(day, "11:30")))
                        .put(path)
                        .then(),
                409,
                "site-busy");
        before.assertUnchanged();

        // moving clear of it is fine; so is overlapping once the other one is cancelled
        asOrganizer()
                .body(Map.of("startsAt", Api.at(day, "07:00"), "endsAt", Api.at(day, "09:00")))
                .patch(path)
                .then()
                .statusCode(200);
        Api.advance(midday, "cancel");
        asOrganizer()
                .body(Map.of("endsAt", Api.at(day, "11:00")))
                .patch(path)
                .then()
                .statusCode(200);
    }

    @Test
    void unknownConferencesAre404() {
        String path = "/api/conferences/" + UUID.randomUUID();
        problem(asOrganizer().get(path).then(), 404, "not-found");
        problem(asOrganizer().body(Map.of("title", "x")).patch(path).then(), 404, "not-found");
        problem(asOrganizer().delete(path).then(), 404, "not-found");
        for (String action : ACTIONS) {
            problem(asOrganizer().post(path + "/" + action).then(), 404, "not-found");
        }
        problem(
                asOrganizer()
                        .body(conferenceBody("Hội nghị", "2031-05-01T01:00:00Z", "2031-05-01T03:00:00Z"))
                        .put(path)
                        .then(),
                404,
                "not-found");
        problem(asOrganizer().get(path).then(), 404, "not-found");
    }
}
