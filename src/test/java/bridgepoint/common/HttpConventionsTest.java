package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.parallel;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.siteBody;
import static bridgepoint.support.Api.snapshot;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Conventions every endpoint follows: problem+json for errors, body limits, and no lost updates under concurrency. */
@QuarkusTest
class HttpConventionsTest {

    private static final int WRITERS = 10;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/sites/%s",
                "/api/conferences/%s",
                "/api/conferences/%s/sites",
                "/api/conferences/%s/agenda",
                "/api/conferences/%s/delegates",
                "/api/users/%s"
            })
    void unknownIdsAre404Problems(String template) {
        problem(asOrganizer().get(String.format(template, UUID.randomUUID())).then(), 404, "not-found");
    }

    @Test
    void unknownItemsOfAKnownConferenceAre404Problems() {
        Setup s = Api.setup();
        problem(asOrganizer().get(s.path() + "/agenda/" + UUID.randomUUID()).then(), 404, "not-found");
        problem(asOrganizer().get(s.path() + "/delegates/" + UUID.randomUUID()).then(), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/nothing-here", "/api/sites/not-a-uuid", "/api/conferences/123/agenda", "/api"})
    void unknownPathsAre404Problems(String path) {
        problem(asOrganizer().get(path).then(), 404, "not-found");
    }

    @Test
    void anUnsupportedMethodIsA405Problem() {
        Snapshot before = snapshot("/api/sites/" + Api.createSite());
        problem(asOrganizer().delete("/api/sites").then(), 405, "method-not-allowed");
        before.assertUnchanged();
    }

    @Test
    void aJsonBodyOverOneMegabyteIsA413Problem() {
        String name = "Điểm cầu " + unique();
        Snapshot before = snapshot("/api/sites?q=" + name);
        String padding = "x".repeat(1024 * 1024 + 1);
        String json = "{\"name\": \"" + name + "\", \"address\": \"" + padding + "\"}";
        problem(asOrganizer().body(json).post("/api/sites").then(), 413, "payload-too-large");
        before.assertUnchanged();
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        // not refused for its size, but validated: address is too long
        String name = "Điểm cầu " + unique();
        Snapshot before = snapshot("/api/sites?q=" + name);
        String json = "{\"name\": \"" + name + "\", \"address\": \"" + "x".repeat(1000 * 1000) + "\"}";
        Api.invalid(asOrganizer().body(json).post("/api/sites").then(), "address");
        before.assertUnchanged();
    }

    @Test
    void aBodyOfAnotherMediaTypeIsA415Problem() {
        String name = "Điểm cầu " + unique();
        Snapshot before = snapshot("/api/sites?q=" + name);
        problem(
                asOrganizer()
                        .contentType("text/plain")
                        .body("{\"name\": \"" + name + "\"}")
                        .post("/api/sites")
                        .then(),
                415,
                "unsupported-media-type");
        problem(
                asOrganizer()
                        .contentType("application/xml")
                        .body("<site><name>" + name + "</name></site>")
                        .post("/api/sites")
                        .then(),
                415,
                "unsupported-media-type");
        before.assertUnchanged();
    }

    @Test
    void utf8TextRoundTripsExactly() {
        String name = "Điểm cầu Thừa Thiên Huế – Ữ Ỵ ỷ ằ ẵ " + unique();
        String id = Api.createSite(siteBody(name));
        asOrganizer()
                .get("/api/sites/" + id)
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("name", equalTo(name));
    }

    // ---- concurrency: with If-Match, exactly one of the writers that read the same version wins ----

    @Test
    void concurrentConditionalSitePatchesHaveExactlyOneWinner() {
        String path = "/api/sites/" + Api.createSite();
        assertOneWinner(path, i -> Map.of("city", "Thành phố " + i, "capacity", 100 + i));
    }

    @Test
    void concurrentConditionalConferencePatchesHaveExactlyOneWinner() {
        Setup s = Api.setup();
        assertOneWinner(s.path(), i -> Map.of("title", "Hội nghị " + i, "description", "Mô tả " + i));
    }

    @Test
    void concurrentConditionalDelegatePatchesHaveExactlyOneWinner() {
        Setup s = Api.setup();
        String path = s.path() + "/delegates/"
                + Api.createDelegate(s.conference(), s.host(), "Nguyễn Văn Hùng")
                        .get("id");
        assertOneWinner(path, i -> Map.of("title", "Chức vụ " + i, "siteId", i % 2 == 0 ? s.host() : s.remote()));
    }

    @Test
    void concurrentConditionalAgendaPatchesHaveExactlyOneWinner() {
        Setup s = Api.setup();
        String path = s.path() + "/agenda/"
                + Api.addItem(s.conference(), Api.itemBody("Khai mạc", s.host(), s.at("08:00"), 10));
        assertOneWinner(path, i -> Map.of("title", "Tiêu đề " + i, "plannedMinutes", 10 + i));
    }

    /**
     * {@value #WRITERS} writers PATCH the resource at once, all with the If-Match of the version they read: one
     * answers 200, every other 412, and the resource holds exactly the winner's values.
     */
    private static void assertOneWinner(String path, IntFunction<Map<String, Object>> patchOf) {
        String etag = Api.etag(path);
        long version = Long.parseLong(etag.replace("\"", ""));
        List<Response> responses = parallel(
                WRITERS,
                i -> asOrganizer()
                        .header("If-Match", etag)
                        .body(patchOf.apply(i))
                        .patch(path));

        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            Response r = responses.get(i);
            if (r.statusCode() == 200) {
                winners.add(i);
            } else {
                problem(r.then(), 412, "precondition-failed");
            }
        }
        assertEquals(1, winners.size(), "exactly one writer must win; statuses: " + statuses(responses));
        int winner = winners.get(0);
        JsonPath after = asOrganizer()
                .get(path)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"" + (version + 1) + "\""))
                .extract()
                .jsonPath();
        patchOf.apply(winner).forEach((field, value) -> assertEquals(value, after.get(field), field));
        assertEquals(responses.get(winner).jsonPath().getMap(""), after.getMap(""));
    }

    // ---- concurrency: without If-Match, writers of different fields never lose each other's changes ----

    @Test
    void concurrentSitePatchesOfDifferentFieldsAreAllKept() {
        String path = "/api/sites/" + Api.createSite();
        assertNoLostUpdate(
                path,
                List.of(
                        Map.of("name", "Điểm cầu mới " + unique()),
                        Map.of("city", "Cần Thơ"),
                        Map.of("address", "2 Hòa Bình"),
                        Map.of("timeZone", "Asia/Bangkok"),
                        Map.of("capacity", 321)));
    }

    @Test
    void concurrentConferencePatchesOfDifferentFieldsAreAllKept() {
        Setup s = Api.setup();
        assertNoLostUpdate(
                s.path(),
                List.of(
                        Map.of("title", "Tiêu đề mới " + unique()), Map.of("description", "Mô tả mới"),
                        Map.of("chair", Map.of("name", "Lê Văn Trung", "title", "Trưởng ban")),
                                Map.of("timeZone", "Asia/Bangkok")));
    }

    @Test
    void concurrentDelegatePatchesOfDifferentFieldsAreAllKept() {
        Setup s = Api.setup();
        String path = s.path() + "/delegates/"
                + Api.createDelegate(s.conference(), s.host(), "Nguyễn Văn Hùng")
                        .get("id");
        assertNoLostUpdate(
                path,
                List.of(
                        Map.of("fullName", "Nguyễn Văn Hưng"),
                        Map.of("title", "Đại tá"),
                        Map.of("organization", "Bộ Công an"),
                        Map.of("email", "hung." + unique() + "@bca.gov.vn"),
                        Map.of("phone", "0905 123 456"),
                        Map.of("siteId", s.remote())));
    }

    @Test
    void concurrentAgendaPatchesOfDifferentFieldsAreAllKept() {
        Setup s = Api.setup();
        String path = s.path() + "/agenda/"
                + Api.addItem(s.conference(), Api.itemBody("Khai mạc", s.host(), s.at("08:00"), 10));
        assertNoLostUpdate(
                path,
                List.of(
                        Map.of("title", "Khai mạc hội nghị"),
                        Map.of("kind", "OPENING"),
                        Map.of("plannedMinutes", 15),
                        Map.of("siteId", s.remote()),
                        Map.of("speaker", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"))));
    }

    /**
     * The PATCHes (each of other fields) are sent at once without If-Match. Each is applied (200) or refused (409),
     * never silently lost: afterwards every field holds the value of its 200 writer, or its old value after a 409,
     * and the version has risen once per 200.
     */
    private static void assertNoLostUpdate(String path, List<Map<String, Object>> patches) {
        JsonPath before =
                asOrganizer().get(path).then().statusCode(200).extract().jsonPath();
        List<Response> responses =
                parallel(patches.size(), i -> asOrganizer().body(patches.get(i)).patch(path));

        int applied = 0;
        JsonPath after =
                asOrganizer().get(path).then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < patches.size(); i++) {
            Response r = responses.get(i);
            for (Map.Entry<String, Object> field : patches.get(i).entrySet()) {
                if (r.statusCode() == 200) {
                    assertEquals(field.getValue(), after.get(field.getKey()), field.getKey() + " was lost");
                } else if (r.statusCode() == 409) {
                    assertEquals(
                            (Object) before.get(field.getKey()),
                            after.get(field.getKey()),
                            field.getKey() + " was refused yet changed");
                } else {
                    fail("a concurrent PATCH answered " + r.statusCode() + ": " + r.asString());
                }
            }
            applied += r.statusCode() == 200 ? 1 : 0;
        }
        assertTrue(applied > 0, "no writer succeeded: " + statuses(responses));
        assertEquals(before.getLong("version") + applied, after.getLong("version"), "statuses " + statuses(responses));
    }

    private static List<Integer> statuses(List<Response> responses) {
        return responses.stream().map(Response::statusCode).toList();
    }

    // ---- concurrency: the uniqueness rules hold under racing creates ----

    @Test
    void racingCreatesOfOneSiteNameMakeOneSite() {
        String name = "Điểm cầu " + unique();
        List<Response> responses = parallel(
                WRITERS,
                i -> asOrganizer()
                        .body(siteBody(i % 2 == 0 ? name : name.toUpperCase()))
                        .post("/api/sites"));
        assertOneCreated(responses, "duplicate-name");
        asOrganizer().queryParam("q", name).get("/api/sites").then().body("total", equalTo(1));
    }

    @Test
    void racingRenamesToOneSiteNameRenameOneSite() {
        String name = "Điểm cầu " + unique();
        List<String> sites = Api.many(6, i -> Api.createSite());
        List<Response> responses = parallel(
                sites.size(), i -> asOrganizer().body(Map.of("name", name)).patch("/api/sites/" + sites.get(i)));
        int renamed = 0;
        for (Response r : responses) {
            if (r.statusCode() == 200) {
                renamed++;
            } else {
                problem(r.then(), 409, "duplicate-name");
            }
        }
        assertEquals(1, renamed, "statuses " + statuses(responses));
        asOrganizer().queryParam("q", name).get("/api/sites").then().body("total", equalTo(1));
    }

    @Test
    void racingBookingsOfOneSiteForOverlappingConferencesBookItOnce() {
        LocalDate day = Api.freshDay();
        String site = Api.createSite();
        List<String> conferences = Api.many(
                6, i -> Api.createConference(day, String.format("%02d:00", 8 + i), String.format("%02d:30", 9 + i)));
        List<Response> responses = bookAtOnce(conferences, site);
        assertBookedAsAnswered(conferences, responses);
        // each conference overlaps its neighbours only: no two neighbours get the site, and a refusal names a
        // neighbour that got it
        List<Boolean> booked =
                responses.stream().map(r -> r.statusCode() == 201).toList();
        for (int i = 0; i < conferences.size(); i++) {
            if (booked.get(i)) {
                assertTrue(i == 0 || !booked.get(i - 1), "neighbours both got the site: " + statuses(responses));
                continue;
            }
            String other =
                    problem(responses.get(i).then(), 409, "site-busy").extract().path("conflictingConferenceId");
            int j = conferences.indexOf(other);
            assertTrue(Math.abs(i - j) == 1 && booked.get(j), "refused for " + j + ": " + statuses(responses));
        }
    }

    @Test
    void racingBookingsOfOneSiteForTheSameTimeBookItOnce() {
        LocalDate day = Api.freshDay();
        String site = Api.createSite();
        List<String> conferences = Api.many(6, i -> Api.createConference(day, "08:00", "11:30"));
        List<Response> responses = bookAtOnce(conferences, site);
        assertOneCreated(responses, "site-busy");
        assertBookedAsAnswered(conferences, responses);
    }

    /** A conference has the site if its PUT answered 201, and no site at all otherwise. */
    private static void assertBookedAsAnswered(List<String> conferences, List<Response> responses) {
        for (int i = 0; i < conferences.size(); i++) {
            asOrganizer()
                    .get("/api/conferences/" + conferences.get(i) + "/sites")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(responses.get(i).statusCode() == 201 ? 1 : 0));
        }
    }

    /** Adds the site to each conference, all at once. */
    private static List<Response> bookAtOnce(List<String> conferences, String site) {
        return parallel(
                conferences.size(),
                i -> asOrganizer()
                        .body(Map.of("role", i % 2 == 0 ? "HOST" : "REMOTE"))
                        .put("/api/conferences/" + conferences.get(i) + "/sites/" + site));
    }

    @Test
    void racingHostsOfOneConferenceMakeOneHost() {
        String conference = Api.createConference(Api.freshDay(), "08:00", "11:30");
        List<String> sites = Api.many(6, i -> Api.createSite());
        List<Response> responses = parallel(
                sites.size(),
                i -> asOrganizer()
                        .body(Map.of("role", "HOST"))
                        .put("/api/conferences/" + conference + "/sites/" + sites.get(i)));
        assertOneCreated(responses, "host-exists");
        asOrganizer().get("/api/conferences/" + conference + "/sites").then().body("total", equalTo(1));
    }

    @Test
    void racingDelegatesWithOneEmailMakeOneDelegate() {
        Setup s = Api.setup();
        String email = "trung." + unique() + "@danang.gov.vn";
        List<Response> responses = parallel(
                6,
                i -> asOrganizer()
                        .body(Map.of(
                                "fullName",
                                "Lê Văn Trung " + i,
                                "email",
                                i % 2 == 0 ? email : email.toUpperCase(),
                                "siteId",
                                s.remote()))
                        .post(s.path() + "/delegates"));
        assertOneCreated(responses, "duplicate-email");
        asOrganizer().get(s.path() + "/delegates").then().body("total", equalTo(1));
    }

    @Test
    void racingTimeChangesNeverMakeASiteTakePartTwiceAtOnce() {
        LocalDate day = Api.freshDay();
        String site = Api.createSite();
        String early = Api.createConference(day, "08:00", "09:00", site, "HOST");
        String late = Api.createConference(day, "11:00", "12:00", site, "REMOTE");
        // each change alone is fine; together the two conferences would overlap from 10:00 to 10:30
        List<Response> responses = parallel(
                2,
                i -> i == 0
                        ? asOrganizer()
                                .body(Map.of("endsAt", Api.at(day, "10:30")))
                                .patch("/api/conferences/" + early)
                        : asOrganizer()
                                .body(Map.of("startsAt", Api.at(day, "10:00")))
                                .patch("/api/conferences/" + late));
        assertEquals(List.of(200, 409), statuses(responses).stream().sorted().toList());
        Response refused = responses.get(0).statusCode() == 409 ? responses.get(0) : responses.get(1);
        problem(refused.then(), 409, "site-busy");
        asOrganizer()
                .get("/api/conferences/" + early)
                .then()
                .body("endsAt", equalTo(Api.at(day, refused == responses.get(0) ? "09:00" : "10:30")));
        asOrganizer()
                .get("/api/conferences/" + late)
                .then()
                .body("startsAt", equalTo(Api.at(day, refused == responses.get(1) ? "11:00" : "10:00")));
    }

    @Test
    void racingPublishesPublishOnce() {
        Setup s = Api.setup();
        List<Response> responses = parallel(WRITERS, i -> asOrganizer().post(s.path() + "/publish"));
        int published = 0;
        for (Response r : responses) {
            if (r.statusCode() == 200) {
                published++;
            } else {
                problem(r.then(), 409, "invalid-transition").body("currentStatus", equalTo("SCHEDULED"));
            }
        }
        assertEquals(1, published, "statuses " + statuses(responses));
        asOrganizer().get(s.path()).then().body("status", equalTo("SCHEDULED")).header("ETag", equalTo("\"1\""));
    }

    @Test
    void aSiteDeletedWhileItIsAddedToAConferenceIsEitherGoneOrInUse() {
        int pairs = 10;
        List<String> sites = Api.many(pairs, i -> Api.createSite());
        List<String> conferences = Api.many(pairs, i -> Api.createConference(Api.freshDay(), "08:00", "11:30"));
        List<Response> responses = parallel(
                2 * pairs,
                i -> i % 2 == 0
                        ? asOrganizer().delete("/api/sites/" + sites.get(i / 2))
                        : asOrganizer()
                                .body(Map.of("role", "REMOTE"))
                                .put("/api/conferences/" + conferences.get(i / 2) + "/sites/" + sites.get(i / 2)));
        for (int k = 0; k < pairs; k++) {
            Response delete = responses.get(2 * k);
            Response put = responses.get(2 * k + 1);
            String outcome = "delete " + delete.statusCode() + ", add " + put.statusCode() + ": " + put.asString();
            if (delete.statusCode() == 204) {
                problem(put.then(), 404, "not-found");
                problem(asOrganizer().get("/api/sites/" + sites.get(k)).then(), 404, "not-found");
                asOrganizer()
                        .get("/api/conferences/" + conferences.get(k) + "/sites")
                        .then()
                        .body("total", equalTo(0));
            } else {
                problem(delete.then(), 409, "site-in-use");
                assertEquals(201, put.statusCode(), outcome);
                asOrganizer().get("/api/sites/" + sites.get(k)).then().statusCode(200);
            }
        }
    }

    @Test
    void aSiteDeletedWhileAHostAccountIsMadeForItIsEitherGoneOrInUse() {
        int pairs = 10;
        List<String> sites = Api.many(pairs, i -> Api.createSite());
        List<Response> responses = parallel(
                2 * pairs,
                i -> i % 2 == 0
                        ? asOrganizer().delete("/api/sites/" + sites.get(i / 2))
                        : asOrganizer()
                                .body(Map.of(
                                        "username",
                                        "host-" + unique(),
                                        "password",
                                        "host-password-1",
                                        "role",
                                        "SITE_HOST",
                                        "siteIds",
                                        List.of(sites.get(i / 2))))
                                .post("/api/users"));
        for (int k = 0; k < pairs; k++) {
            Response delete = responses.get(2 * k);
            Response create = responses.get(2 * k + 1);
            if (delete.statusCode() == 204) {
                Api.invalid(create.then(), "siteIds");
            } else {
                problem(delete.then(), 409, "site-in-use");
                assertEquals(201, create.statusCode(), create.asString());
            }
        }
    }

    private static void assertOneCreated(List<Response> responses, String slug) {
        int created = 0;
        for (Response r : responses) {
            if (r.statusCode() == 201) {
                created++;
            } else {
                problem(r.then(), 409, slug);
            }
        }
        assertEquals(1, created, "statuses " + statuses(responses));
    }
}
