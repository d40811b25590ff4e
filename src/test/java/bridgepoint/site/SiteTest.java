package bridgepoint.site;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.siteBody;
import static bridgepoint.support.Api.snapshot;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sites (bridge points): validation, uniqueness, optimistic concurrency, merge patch, deletion and search. */
@QuarkusTest
class SiteTest {

    private static String path(String siteId) {
        return "/api/sites/" + siteId;
    }

    /** The search for {@code token}: a rejected create must leave it empty. */
    private static Snapshot searchFor(String token) {
        return snapshot("/api/sites?q=" + token);
    }

    @Test
    void createAnswers201WithLocationEtagAndTheSiteAsSent() {
        String name = "Điểm cầu Đà Nẵng " + unique();
        Map<String, Object> body = siteBody(name);
        body.put("city", "Đà Nẵng");
        body.put("address", "24 Trần Phú, Hải Châu");
        body.put("capacity", 120);

        var created = asOrganizer()
                .body(body)
                .post("/api/sites")
                .then()
                .statusCode(201)
                .header("ETag", equalTo("\"0\""))
                .body("name", equalTo(name))
                .body("city", equalTo("Đà Nẵng"))
                .body("address", equalTo("24 Trần Phú, Hải Châu"))
                .body("timeZone", equalTo("Asia/Ho_Chi_Minh"))
                .body("capacity", equalTo(120))
                .body("version", equalTo(0))
                .extract();
        String id = created.path("id");
        String location = created.header("Location");
        assertTrue(location.endsWith("/api/sites/" + id), location);

        JsonPath read = asOrganizer()
                .get(location)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"0\""))
                .extract()
                .jsonPath();
        assertEquals(created.jsonPath().getMap(""), read.getMap(""));
    }

    @Test
    void timeZoneDefaultsToHoChiMinhCity() {
        Map<String, Object> body = siteBody("Điểm cầu " + unique());
        body.remove("timeZone");
        asOrganizer()
                .body(body)
                .post("/api/sites")
                .then()
                .statusCode(201)
                .body("timeZone", equalTo("Asia/Ho_Chi_Minh"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void nameIsRequired(String name) {
        String token = unique();
        Snapshot search = searchFor(token);
        Map<String, Object> body = siteBody(name);
        body.put("address", token);
        invalid(asOrganizer().body(body).post("/api/sites").then(), "name");
        body.remove("name");
        invalid(asOrganizer().body(body).post("/api/sites").then(), "name");
        search.assertUnchanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+07:00", "Mars/Olympus", "GMT+7", "asia/ho_chi_minh", "Asia/Hanoi City"})
    void timeZoneMustBeAnIanaZone(String zone) {
        String name = "Điểm cầu " + unique();
        Snapshot search = searchFor(name);
        Map<String, Object> body = siteBody(name);
        body.put("timeZone", zone);
        invalid(asOrganizer().body(body).post("/api/sites").then(), "timeZone");
        search.assertUnchanged();
    }

    @Test
    void capacityMustNotBeNegative() {
        String name = "Điểm cầu " + unique();
        Snapshot search = searchFor(name);
        Map<String, Object> body = siteBody(name);
        body.put("capacity", -1);
        invalid(asOrganizer().body(body).post("/api/sites").then(), "capacity");
        search.assertUnchanged();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "capacity | \"capacity\": \"abc\"",
                "capacity | \"capacity\": \"100\"",
                "capacity | \"capacity\": 1.5",
                "capacity | \"capacity\": true",
                "name     | \"name\": 123",
                "name     | \"name\": [\"Điểm cầu\"]",
                "city     | \"city\": {\"name\": \"Huế\"}",
                "timeZone | \"timeZone\": 7"
            })
    void valuesOfTheWrongJsonTypeAreRejected(String field, String member) {
        String token = unique();
        Snapshot search = searchFor(token);
        String json = "{\"name\": \"Điểm cầu " + token + "\", \"address\": \"" + token + "\", " + member + "}";
        invalid(asOrganizer().body(json).post("/api/sites").then(), field);
        search.assertUnchanged();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\": \"%s\", ",
                "{name: '%s'}",
                "{\"name\": \"%s\"} trailing",
                "{\"name\": \"%s\"}}",
                "[{\"name\": \"%s\"}"
            })
    void malformedJsonIsA400Problem(String template) {
        String name = "Điểm cầu " + unique();
        Snapshot search = searchFor(name);
        problem(
                asOrganizer()
                        .body(String.format(template, name))
                        .post("/api/sites")
                        .then(),
                400,
                "malformed-json");
        search.assertUnchanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"name\": \"%s\"}]", "\"%s\"", "null"})
    void aBodyThatIsNotAnObjectIsRejected(String template) {
        String name = "Điểm cầu " + unique();
        Snapshot search = searchFor(name);
        problem(
                asOrganizer()
                        .body(String.format(template, name))
                        .post("/api/sites")
                        .then(),
                400);
        search.assertUnchanged();
    }

    @Test
    void namesAreUniqueIgnoringCaseAndSurroundingSpaces() {
        String suffix = unique();
        String id = Api.createSite(siteBody("Hội trường Bộ Công an " + suffix));
        Snapshot before = snapshot(path(id), "/api/sites?q=" + suffix);

        for (String clash :
                List.of("HỘI TRƯỜNG BỘ CÔNG AN " + suffix.toUpperCase(), "  hội trường bộ công an " + suffix + " ")) {
            problem(asOrganizer().body(siteBody(clash)).post("/api/sites").then(), 409, "duplicate-name");
        }
        before.assertUnchanged();
    }

    @Test
    void renamingToAnotherSitesNameIsA409AndChangesNothing() {
        String suffix = unique();
        Api.createSite(siteBody("Điểm cầu Huế " + suffix));
        String other = Api.createSite(siteBody("Điểm cầu Cần Thơ " + suffix));
        Snapshot before = snapshot(path(other));

        problem(
                asOrganizer()
                        .body(siteBody("điểm cầu huế " + suffix))
                        .put(path(other))
                        .then(),
                409,
                "duplicate-name");
        problem(
                asOrganizer()
                        .body(Map.of("name", "ĐIỂM CẦU HUẾ " + suffix.toUpperCase()))
                        .patch(path(other))
                        .then(),
                409,
                "duplicate-name");
        before.assertUnchanged();

        // its own name in another case is fine
        asOrganizer()
                .body(Map.of("name", "ĐIỂM CẦU CẦN THƠ " + suffix))
                .patch(path(other))
                .then()
                .statusCode(200)
                .body("name", equalTo("ĐIỂM CẦU CẦN THƠ " + suffix));
    }

    @Test
    void staleIfMatchIsA412AndChangesNothing() {
        String id = Api.createSite(siteBody("Điểm cầu " + unique()));
        asOrganizer()
                .header("If-Match", "\"0\"")
                .body(Map.of("capacity", 150))
                .patch(path(id))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("version", equalTo(1));
        Snapshot before = snapshot(path(id));

        problem(
                        asOrganizer()
                                .header("If-Match", "\"0\"")
                                .body(siteBody("Điểm cầu " + unique()))
                                .put(path(id))
                                .then(),
                        412,
                        "precondition-failed")
                .body("currentVersion", equalTo(1));
        problem(
                asOrganizer()
                        .header("If-Match", "\"0\"")
                        .body(Map.of("capacity", 10))
                        .patch(path(id))
                        .then(),
                412,
                "precondition-failed");
        problem(
                asOrganizer()
                        .header("If-Match", "\"7\", W/\"0\"")
                        .body(Map.of("capacity", 10))
                        .patch(path(id))
                        .then(),
                412,
                "precondition-failed");
        problem(asOrganizer().header("If-Match", "\"0\"").delete(path(id)).then(), 412, "precondition-failed");
        before.assertUnchanged();

        // the current tag (strong, weak or among others) is accepted
        asOrganizer()
                .header("If-Match", "\"9\", W/\"1\"")
                .body(Map.of("capacity", 10))
                .patch(path(id))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"2\""));
        asOrganizer().header("If-Match", "\"2\"").delete(path(id)).then().statusCode(204);
        problem(asOrganizer().get(path(id)).then(), 404, "not-found");
    }

    @Test
    void patchChangesOnlyTheFieldsItNamesAndNullClearsOptionalOnes() {
        String name = "Điểm cầu " + unique();
        Map<String, Object> body = siteBody(name);
        String id = Api.createSite(body);

        asOrganizer()
                .contentType("application/merge-patch+json")
                .body("{\"capacity\": 150}")
                .patch(path(id))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("name", equalTo(name))
                .body("city", equalTo(body.get("city")))
                .body("address", equalTo(body.get("address")))
                .body("timeZone", equalTo(body.get("timeZone")))
                .body("capacity", equalTo(150));

        asOrganizer()
                .body("{\"city\": null, \"address\": \"2 Lê Lợi\"}")
                .patch(path(id))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"2\""));
        asOrganizer()
                .get(path(id))
                .then()
                .statusCode(200)
                .body("name", equalTo(name))
                .body("city", nullValue())
                .body("address", equalTo("2 Lê Lợi"))
                .body("timeZone", equalTo(body.get("timeZone")))
                .body("capacity", equalTo(150))
                .body("version", equalTo(2));

        // an empty patch changes nothing, not even the version
        asOrganizer().body("{}").patch(path(id)).then().statusCode(200).header("ETag", equalTo("\"2\""));
    }

    @Test
    void invalidPatchesAreRejectedAndChangeNothing() {
        String id = Api.createSite(siteBody("Điểm cầu " + unique()));
        Snapshot before = snapshot(path(id));

        invalid(asOrganizer().body("{\"name\": null}").patch(path(id)).then(), "name");
        invalid(asOrganizer().body("{\"name\": \"  \"}").patch(path(id)).then(), "name");
        invalid(
                asOrganizer()
                        .body("{\"capacity\": -5, \"city\": \"Huế\"}")
                        .patch(path(id))
                        .then(),
                "capacity");
        invalid(asOrganizer().body("{\"timeZone\": \"+07:00\"}").patch(path(id)).then(), "timeZone");
        invalid(asOrganizer().body("{\"capacity\": \"abc\"}").patch(path(id)).then(), "capacity");
        problem(asOrganizer().body("[{\"op\": \"replace\"}]").patch(path(id)).then(), 400, "malformed-json");
        problem(asOrganizer().body("{\"city\": ").patch(path(id)).then(), 400, "malformed-json");
        before.assertUnchanged();
    }

    @Test
    void putReplacesTheWholeSite() {
        String id = Api.createSite(siteBody("Điểm cầu " + unique()));
        String name = "Điểm cầu Huế " + unique();
        asOrganizer()
                .body(Map.of("name", name, "capacity", 80))
                .put(path(id))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("name", equalTo(name))
                .body("city", nullValue())
                .body("address", nullValue())
                .body("timeZone", equalTo("Asia/Ho_Chi_Minh"))
                .body("capacity", equalTo(80));

        Snapshot before = snapshot(path(id));
        invalid(asOrganizer().body(Map.of("city", "Huế")).put(path(id)).then(), "name");
        invalid(
                asOrganizer()
                        .body(Map.of("name", name, "capacity", -1))
                        .put(path(id))
                        .then(),
                "capacity");
        before.assertUnchanged();
    }

    @Test
    void aSiteTakingPartInAConferenceCannotBeDeleted() {
        Api.Setup s = Api.setup();
        Snapshot before = snapshot(path(s.remote()), s.path() + "/sites");

        problem(asOrganizer().delete(path(s.remote())).then(), 409, "site-in-use");
        before.assertUnchanged();

        // once it no longer takes part, it can go
        asOrganizer().delete(s.path() + "/sites/" + s.remote()).then().statusCode(204);
        asOrganizer().delete(path(s.remote())).then().statusCode(204);
        problem(asOrganizer().get(path(s.remote())).then(), 404, "not-found");
    }

    @Test
    void aSiteOfACancelledConferenceStillCannotBeDeleted() {
        Api.Setup s = Api.setup();
        Api.advance(s.conference(), "cancel");
        Snapshot before = snapshot(path(s.host()));
        problem(asOrganizer().delete(path(s.host())).then(), 409, "site-in-use");
        before.assertUnchanged();
    }

    @Test
    void aSiteWithHostAccountsCannotBeDeleted() {
        String id = Api.createSite();
        Api.siteHost(id);
        Snapshot before = snapshot(path(id));
        problem(asOrganizer().delete(path(id)).then(), 409, "site-in-use");
        before.assertUnchanged();
    }

    @Test
    void searchIgnoresCaseAndVietnameseDiacritics() {
        String token = unique();
        Map<String, Object> danang = siteBody("Điểm cầu Đà Nẵng " + token);
        danang.put("city", "Đà Nẵng");
        danang.put("address", "24 Trần Phú, Hải Châu");
        Api.createSite(danang);
        Map<String, Object> hanoi = siteBody("Hội trường Bộ Công an " + token);
        hanoi.put("city", "Hà Nội");
        hanoi.put("address", "47 Phạm Văn Đồng, Cầu Giấy");
        Api.createSite(hanoi);

        String danangName = (String) danang.get("name");
        String hanoiName = (String) hanoi.get("name");
        assertSearch("da nang " + token, danangName);
        assertSearch("DA NANG " + token, danangName);
        assertSearch("Đà Nẵng " + token, danangName);
        assertSearch("ĐÀ NẴNG " + token.toUpperCase(), danangName);
        assertSearch("hai chau " + token, danangName);
        assertSearch("tran phu " + token, danangName);
        assertSearch("ha noi " + token, hanoiName);
        assertSearch("cau giay " + token, hanoiName);
        assertSearch("cong " + token, hanoiName);
        assertSearch(token, hanoiName, danangName);
        // every word must match
        assertSearch("da nang cau giay " + token);
        assertSearch("hai chau ha noi " + token);
        // wildcards are taken literally
        assertSearch("% " + token);
        assertSearch("_ " + token);
    }

    @Test
    void searchFindsTextWrittenWithCombiningMarks() {
        // as some keyboards and macOS send it: base letters followed by combining accents (NFD)
        String token = unique();
        String decomposed = Normalizer.normalize("Điểm cầu Thừa Thiên Huế " + token, Normalizer.Form.NFD);
        String id = Api.createSite(siteBody(decomposed));
        asOrganizer().get(path(id)).then().body("name", equalTo(decomposed));
        assertSearch("thua thien hue " + token, decomposed);
        assertSearch("Thừa Thiên Huế " + token, decomposed);
        assertSearch(Normalizer.normalize("Thừa Thiên Huế " + token, Normalizer.Form.NFD), decomposed);

        String composed = "Điểm cầu Quảng Trị " + token;
        Api.createSite(siteBody(composed));
        assertSearch(Normalizer.normalize("quảng trị " + token, Normalizer.Form.NFD), composed);
    }

    private static void assertSearch(String q, String... names) {
        asOrganizer()
                .queryParam("q", q)
                .get("/api/sites")
                .then()
                .statusCode(200)
                .body("total", equalTo(names.length))
                .body("items.name", names.length == 0 ? empty() : containsInAnyOrder(names));
    }

    @Test
    void listsArePaged() {
        String token = unique();
        for (String letter : List.of("C", "A", "B")) {
            Api.createSite(siteBody(token + " " + letter));
        }
        asOrganizer()
                .queryParam("q", token)
                .get("/api/sites")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("items.name", contains(token + " A", token + " B", token + " C"));
        asOrganizer()
                .queryParam("q", token)
                .queryParam("size", 2)
                .get("/api/sites")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items.name", contains(token + " A", token + " B"));
        asOrganizer()
                .queryParam("q", token)
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/sites")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(1))
                .body("items.name", contains(token + " C"));
        asOrganizer()
                .queryParam("q", token)
                .queryParam("size", 2)
                .queryParam("page", 2)
                .get("/api/sites")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items", empty());
        asOrganizer()
                .queryParam("q", token)
                .queryParam("size", 500)
                .get("/api/sites")
                .then()
                .statusCode(200)
                .body("size", equalTo(500))
                .body("total", equalTo(3));
    }

    @ParameterizedTest
    @CsvSource({"size, 0", "size, 501", "size, -1", "size, abc", "page, -1", "page, abc", "page, 1.5"})
    void badPagingParametersAre400NamingTheParameter(String parameter, String value) {
        problem(asOrganizer().queryParam(parameter, value).get("/api/sites").then(), 400, "validation")
                .body("errors.field", contains(parameter));
    }

    @Test
    void anOverlongQueryIsRejected() {
        problem(asOrganizer().queryParam("q", "a".repeat(201)).get("/api/sites").then(), 400, "validation")
                .body("errors.field", contains("q"));
    }

    @Test
    void unknownSitesAre404() {
        String unknown = UUID.randomUUID().toString();
        problem(asOrganizer().get(path(unknown)).then(), 404, "not-found");
        problem(
                asOrganizer()
                        .body(siteBody("Điểm cầu " + unique()))
                        .put(path(unknown))
                        .then(),
                404,
                "not-found");
        problem(asOrganizer().body(Map.of("capacity", 1)).patch(path(unknown)).then(), 404, "not-found");
        problem(asOrganizer().delete(path(unknown)).then(), 404, "not-found");
        problem(asOrganizer().get(path(unknown)).then(), 404, "not-found"); // and none was made by the PUT
    }
}
