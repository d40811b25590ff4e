package bridgepoint.delegate;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static bridgepoint.support.Api.anonymous;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.snapshot;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delegates: validation, unique e-mail per conference, moving between sites, search and join codes. */
@QuarkusTest
class DelegateTest {

    /** Four groups of four characters of Crockford's base32 (no I, L, O, U). */
    private static final String JOIN_CODE = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}";

    private static String delegates(Setup s) {
        return s.path() + "/delegates";
    }

    private static Map<String, Object> body(String fullName, String siteId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fullName", fullName);
        body.put("title", "Phó Trưởng ban");
        body.put("organization", "Ban Dân vận Thành ủy Đà Nẵng");
        body.put("email", "nhung.nth." + Api.unique() + "@danang.gov.vn");
        body.put("phone", "+84 236 3822 111");
        body.put("siteId", siteId);
        return body;
    }

    @Test
    void createAnswers201WithTheDelegateAndAJoinCode() {
        Setup s = Api.setup();
        Map<String, Object> body = body("Nguyễn Thị Hồng Nhung", s.remote());
        var created = asOrganizer()
                .body(body)
                .post(delegates(s))
                .then()
                .statusCode(201)
                .header("ETag", equalTo("\"0\""))
                .body("conferenceId", equalTo(s.conference()))
                .body("siteId", equalTo(s.remote()))
                .body("fullName", equalTo("Nguyễn Thị Hồng Nhung"))
                .body("title", equalTo("Phó Trưởng ban"))
                .body("organization", equalTo("Ban Dân vận Thành ủy Đà Nẵng"))
                .body("email", equalTo(body.get("email")))
                .body("phone", equalTo("+84 236 3822 111"))
                .body("joinCode", matchesPattern(JOIN_CODE))
                .body("version", equalTo(0))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith(delegates(s) + "/" + id), created.header("Location"));
        assertEquals(
                created.jsonPath().getMap(""),
                asOrganizer()
                        .get(created.header("Location"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap(""));
    }

    @Test
    void joinCodesAreNeverShared() {
        Setup s = Api.setup();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            String code =
                    (String) Api.createDelegate(s.conference(), i % 2 == 0 ? s.host() : s.remote(), "Đại biểu " + i)
                            .get("joinCode");
            assertTrue(code.matches(JOIN_CODE), code);
            assertTrue(codes.add(code), "join code given twice: " + code);
        }
    }

    @Test
    void theSiteMustTakePartInTheConference() {
        Setup s = Api.setup();
        String outsider = Api.createSite();
        Snapshot before = snapshot(delegates(s));
        invalid(
                asOrganizer()
                        .body(body("Trần Văn Nam", outsider))
                        .post(delegates(s))
                        .then(),
                "siteId");
        invalid(
                asOrganizer()
                        .body(body("Trần Văn Nam", UUID.randomUUID().toString()))
                        .post(delegates(s))
                        .then(),
                "siteId");
        invalid(
                asOrganizer()
                        .body(body("Trần Văn Nam", "not-a-uuid"))
                        .post(delegates(s))
                        .then(),
                "siteId");
        Map<String, Object> noSite = body("Trần Văn Nam", null);
        invalid(asOrganizer().body(noSite).post(delegates(s)).then(), "siteId");
        // a site of another conference is not enough
        Setup other = Api.setup();
        invalid(
                asOrganizer()
                        .body(body("Trần Văn Nam", other.host()))
                        .post(delegates(s))
                        .then(),
                "siteId");
        before.assertUnchanged();
    }

    @Test
    void fullNameIsRequired() {
        for (Object name : new Object[] {null, "", "   "}) {
            assertNotCreated("fullName", name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "a@", "@danang.gov.vn", "a b@danang.gov.vn"})
    void emailMustBeAnEmail(String email) {
        assertNotCreated("email", email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12345", "+84 abc 123456", "123456789012345678901", "0905-123-456x"})
    void phoneMustBeAPhoneNumber(String phone) {
        assertNotCreated("phone", phone);
    }

    /** A delegate whose {@code field} is {@code value} is a 400 naming the field, and is not created. */
    private static void assertNotCreated(String field, Object value) {
        Setup s = Api.setup();
        Snapshot before = snapshot(delegates(s));
        Map<String, Object> body = body("Trần Văn Nam", s.host());
        body.put(field, value);
        invalid(asOrganizer().body(body).post(delegates(s)).then(), field);
        before.assertUnchanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0905 123 456", "+84 (236) 3822-111", "+84.905.123.456", "190012345"})
    void usualPhoneNumbersAreAccepted(String phone) {
        Setup s = Api.setup();
        Map<String, Object> body = body("Trần Văn Nam", s.host());
        body.put("phone", phone);
        asOrganizer().body(body).post(delegates(s)).then().statusCode(201).body("phone", equalTo(phone));
    }

    @Test
    void anEmailIsUsedOnceInAConferenceIgnoringCase() {
        Setup s = Api.setup();
        Map<String, Object> first = body("Lê Thị Thu Hà", s.host());
        first.put("email", "thuha@danang.gov.vn");
        asOrganizer().body(first).post(delegates(s)).then().statusCode(201);
        String other = (String)
                Api.createDelegate(s.conference(), s.remote(), "Phạm Đức Thắng").get("id");
        Snapshot before = snapshot(delegates(s), delegates(s) + "/" + other);

        Map<String, Object> clash = body("Lê Thu Hà", s.remote());
        clash.put("email", "ThuHa@DaNang.gov.vn");
        problem(asOrganizer().body(clash).post(delegates(s)).then(), 409, "duplicate-email");
        clash.put("email", "THUHA@DANANG.GOV.VN");
        problem(asOrganizer().body(clash).post(delegates(s)).then(), 409, "duplicate-email");
        problem(
                asOrganizer()
                        .body(Map.of("email", "THUHA@danang.gov.vn"))
                        .patch(delegates(s) + "/" + other)
                        .then(),
                409,
                "duplicate-email");
        before.assertUnchanged();

        // the same address is fine in another conference
        Setup another = Api.setup();
        clash.put("siteId", another.remote());
        clash.put("email", "thuha@danang.gov.vn");
        asOrganizer().body(clash).post(delegates(another)).then().statusCode(201);
    }

    @Test
    void movingADelegateIsAPatchOfItsSite() {
        Setup s = Api.setup();
        Map<String, Object> created = Api.createDelegate(s.conference(), s.host(), "Nguyễn Văn Hùng");
        String path = delegates(s) + "/" + created.get("id");

        asOrganizer()
                .body(Map.of("siteId", s.remote()))
                .patch(path)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("siteId", equalTo(s.remote()))
                .body("fullName", equalTo("Nguyễn Văn Hùng"))
                .body("joinCode", equalTo(created.get("joinCode")));
        asOrganizer()
                .queryParam("siteId", s.remote())
                .get(delegates(s))
                .then()
                .body("items.id", contains(created.get("id")));
        asOrganizer().queryParam("siteId", s.host()).get(delegates(s)).then().body("items", empty());

        Snapshot before = snapshot(path);
        invalid(
                asOrganizer()
                        .body(Map.of("siteId", Api.createSite()))
                        .patch(path)
                        .then(),
                "siteId");
        invalid(asOrganizer().body("{\"siteId\": null}").patch(path).then(), "siteId");
        invalid(asOrganizer().body("{\"fullName\": null}").patch(path).then(), "fullName");
        invalid(asOrganizer().body(Map.of("email", "sai")).patch(path).then(), "email");
        invalid(asOrganizer().body(Map.of("phone", "abc")).patch(path).then(), "phone");
        problem(
                asOrganizer()
                        .header("If-Match", "\"0\"")
                        .body(Map.of("title", "Mới"))
                        .patch(path)
                        .then(),
                412,
                "precondition-failed");
        problem(asOrganizer().header("If-Match", "\"0\"").delete(path).then(), 412, "precondition-failed");
        before.assertUnchanged();

        // null clears an optional field
        asOrganizer()
                .body("{\"organization\": null}")
                .patch(path)
                .then()
                .statusCode(200)
                .body("organization", nullValue())
                .body("siteId", equalTo(s.remote()));
    }

    @Test
    void searchIgnoresCaseAndDiacriticsAndCanBeLimitedToASite() {
        Setup s = Api.setup();
        Api.createDelegate(s.conference(), s.host(), "Trần Quốc Tỏ");
        Api.createDelegate(s.conference(), s.remote(), "Nguyễn Thị Hồng Nhung");
        Api.createDelegate(s.conference(), s.host(), "Nguyễn Văn Hùng");
        Api.createDelegate(s.conference(), s.remote(), "Đặng Thị Đào");

        assertFound(s, Map.of("q", "tran quoc to"), "Trần Quốc Tỏ");
        assertFound(s, Map.of("q", "TRAN QUOC TO"), "Trần Quốc Tỏ");
        assertFound(s, Map.of("q", "Trần Quốc Tỏ"), "Trần Quốc Tỏ");
        assertFound(s, Map.of("q", "quoc tran"), "Trần Quốc Tỏ");
        assertFound(s, Map.of("q", "nguyen thi"), "Nguyễn Thị Hồng Nhung");
        assertFound(s, Map.of("q", "nguyen"), "Nguyễn Thị Hồng Nhung", "Nguyễn Văn Hùng");
        assertFound(s, Map.of("q", "dang thi dao"), "Đặng Thị Đào");
        assertFound(s, Map.of("q", "thi"), "Nguyễn Thị Hồng Nhung", "Đặng Thị Đào");
        assertFound(s, Map.of("q", "nguyen tran"));
        assertFound(s, Map.of("siteId", s.host()), "Trần Quốc Tỏ", "Nguyễn Văn Hùng");
        assertFound(s, Map.of("siteId", s.remote()), "Nguyễn Thị Hồng Nhung", "Đặng Thị Đào");
        assertFound(s, Map.of("siteId", s.remote(), "q", "nguyen"), "Nguyễn Thị Hồng Nhung");
        assertFound(s, Map.of(), "Trần Quốc Tỏ", "Nguyễn Thị Hồng Nhung", "Nguyễn Văn Hùng", "Đặng Thị Đào");

        problem(asOrganizer().queryParam("siteId", "abc").get(delegates(s)).then(), 400, "validation")
                .body("errors.field", contains("siteId"));
    }

    private static void assertFound(Setup s, Map<String, String> filters, String... names) {
        asOrganizer()
                .queryParams(filters)
                .get(delegates(s))
                .then()
                .statusCode(200)
                .body("total", equalTo(names.length))
                .body("items.fullName", names.length == 0 ? empty() : containsInAnyOrder(names));
    }

    @Test
    void aNewJoinCodeReplacesTheOldOne() {
        Setup s = Api.setup();
        Map<String, Object> created = Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà");
        String id = (String) created.get("id");
        String oldCode = (String) created.get("joinCode");
        anonymous()
                .body(Map.of("code", oldCode))
                .post("/api/join")
                .then()
                .statusCode(200)
                .body("delegateId", equalTo(id));

        String newCode = asOrganizer()
                .post(delegates(s) + "/" + id + "/join-code")
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("joinCode", matchesPattern(JOIN_CODE))
                .body("joinCode", not(equalTo(oldCode)))
                .extract()
                .path("joinCode");
        assertNotEquals(oldCode, newCode);
        asOrganizer().get(delegates(s) + "/" + id).then().body("joinCode", equalTo(newCode));

        Snapshot before = snapshot(delegates(s) + "/" + id);
        problem(anonymous().body(Map.of("code", oldCode)).post("/api/join").then(), 401, "unauthorized");
        problem(
                anonymous()
                        .body(Map.of("code", oldCode.replace("-", "").toLowerCase()))
                        .post("/api/join")
                        .then(),
                401,
                "unauthorized");
        before.assertUnchanged();
        anonymous()
                .body(Map.of("code", newCode))
                .post("/api/join")
                .then()
                .statusCode(200)
                .body("delegateId", equalTo(id))
                .body("conferenceId", equalTo(s.conference()))
                .body("siteId", equalTo(s.remote()));
        // typed leniently: lower case, without dashes
        anonymous()
                .body(Map.of("code", newCode.replace("-", "").toLowerCase()))
                .post("/api/join")
                .then()
                .statusCode(200)
                .body("delegateId", equalTo(id));
    }

    @Test
    void deletedDelegatesCanNoLongerJoin() {
        Setup s = Api.setup();
        Map<String, Object> created = Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà");
        asOrganizer().delete(delegates(s) + "/" + created.get("id")).then().statusCode(204);
        problem(asOrganizer().get(delegates(s) + "/" + created.get("id")).then(), 404, "not-found");
        problem(
                anonymous()
                        .body(Map.of("code", created.get("joinCode")))
                        .post("/api/join")
                        .then(),
                401,
                "unauthorized");
    }

    @Test
    void delegatesOfClosedConferencesCannotBeChanged() {
        Setup s = Api.setup();
        String id = (String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("id");
        Api.advance(s.conference(), "publish", "start", "end");
        Snapshot before = snapshot(delegates(s), delegates(s) + "/" + id);
        problem(
                asOrganizer()
                        .body(body("Trần Văn Nam", s.host()))
                        .post(delegates(s))
                        .then(),
                409,
                "conference-closed");
        problem(
                asOrganizer()
                        .body(Map.of("fullName", "Lê Thu Hà"))
                        .patch(delegates(s) + "/" + id)
                        .then(),
                409,
                "conference-closed");
        problem(asOrganizer().delete(delegates(s) + "/" + id).then(), 409, "conference-closed");
        before.assertUnchanged();
    }

    @Test
    void delegatesBelongToTheirConference() {
        Setup s = Api.setup();
        Setup other = Api.setup();
        String id = (String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("id");
        Snapshot before = snapshot(delegates(s) + "/" + id);
        problem(asOrganizer().get(delegates(other) + "/" + id).then(), 404, "not-found");
        problem(
                asOrganizer()
                        .body(Map.of("fullName", "X"))
                        .patch(delegates(other) + "/" + id)
                        .then(),
                404,
                "not-found");
        problem(asOrganizer().delete(delegates(other) + "/" + id).then(), 404, "not-found");
        problem(asOrganizer().post(delegates(other) + "/" + id + "/join-code").then(), 404, "not-found");
        before.assertUnchanged();
        problem(asOrganizer().get(delegates(s) + "/" + UUID.randomUUID()).then(), 404, "not-found");
    }
}
