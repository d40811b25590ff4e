package bridgepoint.security;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static bridgepoint.support.Api.anonymous;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Organizer and site host accounts: who can be created, what is stored and what is never shown; changing sites,
 * role and whether an account is disabled, password resets and changes, logout and signing out everywhere, and the
 * last organizer.
 */
@QuarkusTest
class UserAccountTest extends ClockedTest {

    private static final String PASSWORD = "mat-khau-dai-1";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSiteHostAccountIsCreatedListedAndCanLogIn() {
        String hanoi = Api.createSite("Hội trường Bộ Công an " + unique(), "Hà Nội");
        String danang = Api.createSite("Điểm cầu Đà Nẵng " + unique(), "Đà Nẵng");
        String username = "danang-host." + unique();
        int before = Api.total("/api/users");

        ExtractableResponse<Response> created = asOrganizer()
                .body(Map.of(
                        "username",
                        username,
                        "password",
                        PASSWORD,
                        "role",
                        "SITE_HOST",
                        "siteIds",
                        List.of(danang, hanoi)))
                .post("/api/users")
                .then()
                .statusCode(201)
                .header("ETag", equalTo("\"0\""))
                .body("username", equalTo(username))
                .body("role", equalTo("SITE_HOST"))
                .body("siteIds", containsInAnyOrder(hanoi, danang))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location"), endsWith("/api/users/" + id));
        assertHoldsNoPassword(created.asString());

        String read = asOrganizer()
                .get("/api/users/{id}", id)
                .then()
                .statusCode(200)
                .body("username", equalTo(username))
                .body("siteIds", containsInAnyOrder(hanoi, danang))
                .extract()
                .asString();
        assertHoldsNoPassword(read);
        List<String> pages = userListPages();
        pages.forEach(UserAccountTest::assertHoldsNoPassword);
        List<Object> listed = new ArrayList<>();
        pages.forEach(page -> listed.addAll(JsonPath.from(page).getList("items.id")));
        assertThat(listed, hasItem(id));
        assertEquals(before + 1, Api.total("/api/users"));

        anonymous()
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .body("role", equalTo("SITE_HOST"))
                .body("siteIds", containsInAnyOrder(hanoi, danang));
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() throws SQLException {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", Api.createSite("Hội trường " + unique(), "Hà Nội"));

        String hash = storedHash(id);

        assertThat(hash, startsWith("$2"));
        assertThat(hash, not(containsString(PASSWORD)));
        assertTrue(BcryptUtil.matches(PASSWORD, hash), "the stored hash is the password's");
    }

    @Test
    void aUsernameIsTakenWhateverItsCase() {
        String site = Api.createSite("Hội trường " + unique(), "Hà Nội");
        String username = "Host-" + unique();
        Api.createUser(username, PASSWORD, "SITE_HOST", site);
        int before = Api.total("/api/users");

        Api.problem(
                asOrganizer()
                        .body(Map.of(
                                "username",
                                username.toLowerCase(),
                                "password",
                                "khac-mat-khau-2",
                                "role",
                                "SITE_HOST",
                                "siteIds",
                                List.of(site)))
                        .post("/api/users")
                        .then(),
                409);

        assertEquals(before, Api.total("/api/users"));
        Api.unauthorized(anonymous()
                .body(Map.of("username", username.toLowerCase(), "password", "khac-mat-khau-2"))
                .post("/api/auth/token")
                .then());
    }

    @Test
    void invalidAccountsAreRefusedAndChangeNothing() {
        String site = Api.createSite("Hội trường " + unique(), "Hà Nội");
        record Invalid(String field, Map<String, Object> body) {}
        List<Invalid> cases = List.of(
                new Invalid("siteIds", account("SITE_HOST", PASSWORD, null)),
                new Invalid("siteIds", account("SITE_HOST", PASSWORD, List.of())),
                new Invalid(
                        "siteIds",
                        account(
                                "SITE_HOST",
                                PASSWORD,
                                List.of(site, UUID.randomUUID().toString()))),
                new Invalid("siteIds", account("SITE_HOST", PASSWORD, List.of("not-a-uuid"))),
                new Invalid("siteIds", account("ORGANIZER", PASSWORD, List.of(site))),
                new Invalid("role", account("DELEGATE", PASSWORD, List.of(site))),
                new Invalid("role", account("ADMIN", PASSWORD, List.of(site))),
                new Invalid("role", account(null, PASSWORD, List.of(site))),
                new Invalid("password", account("SITE_HOST", "ngan-7c", List.of(site))),
                new Invalid("password", account("SITE_HOST", null, List.of(site))),
                new Invalid("username", withUsername("co dau cach", site)),
                new Invalid("username", withUsername("nguyễn-" + unique(), site)),
                new Invalid("username", withUsername("a/b-" + unique(), site)),
                new Invalid("username", withUsername("ab", site)),
                new Invalid("username", withUsername(null, site)));
        int before = Api.total("/api/users");

        for (Invalid invalid : cases) {
            Api.problem(asOrganizer().body(invalid.body()).post("/api/users").then(), 400)
                    .body("errors.field", hasItem(startsWith(invalid.field())));
            if (invalid.body().get("username") instanceof String username
                    && invalid.body().get("password") != null) {
                Api.unauthorized(anonymous()
                        .body(Map.of(
                                "username", username, "password", invalid.body().get("password")))
                        .post("/api/auth/token")
                        .then());
            }
        }

        assertEquals(before, Api.total("/api/users"));
    }

    @Test
    void noOneDeletesTheirOwnAccount() {
        String username = "organizer-" + unique();
        String id = Api.createUser(username, PASSWORD, "ORGANIZER");
        String token = Api.login(username, PASSWORD);
        int before = Api.total("/api/users");

        Api.problem(Api.as(token).delete("/api/users/{id}", id).then(), 409);

        asOrganizer().get("/api/users/{id}", id).then().statusCode(200).body("role", equalTo("ORGANIZER"));
        assertEquals(before, Api.total("/api/users"));
    }

    @Test
    void aDeletedAccountCanNoLongerLogIn() {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", Api.createSite("Hội trường " + unique(), "Hà Nội"));
        int before = Api.total("/api/users");

        asOrganizer().delete("/api/users/{id}", id).then().statusCode(204);

        Api.problem(asOrganizer().get("/api/users/{id}", id).then(), 404);
        Api.problem(asOrganizer().delete("/api/users/{id}", id).then(), 404);
        assertEquals(before - 1, Api.total("/api/users"));
        Api.unauthorized(anonymous()
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/auth/token")
                .then());
    }

    // ---- changing an account ----

    @Test
    void aHostMovedFromDaNangToHueNoLongerChecksInAtDaNangWithItsOldToken() {
        Api.Setup s = Api.setup(); // Hà Nội hosts, Đà Nẵng takes part
        Api.advance(s.conference(), "publish");
        String hue = Api.createSite("Điểm cầu Huế " + unique(), "Huế");
        Api.addSite(s.conference(), hue, "REMOTE");
        String first = (String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("id");
        String second = (String)
                Api.createDelegate(s.conference(), s.remote(), "Phạm Đức Thắng").get("id");
        String username = "host-danang-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", s.remote());
        String oldToken = Api.login(username, PASSWORD);
        Attendance.checkIn(Api.as(oldToken), s, first, s.remote()).statusCode(201);
        String etag = Api.etag("/api/users/" + id);

        asOrganizer()
                .header("If-Match", etag)
                .body(Map.of("siteIds", List.of(hue)))
                .patch("/api/users/{id}", id)
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(etag)))
                .body("siteIds", equalTo(List.of(hue)));

        Api.unauthorized(Attendance.checkIn(Api.as(oldToken), s, second, s.remote()));
        String newToken = Api.login(username, PASSWORD);
        assertEquals(List.of(hue), Tokens.payload(newToken).get("sites"));
        Api.problem(Attendance.checkIn(Api.as(newToken), s, second, s.remote()), 403);
        // a stale ETag changes nothing
        Api.problem(
                asOrganizer()
                        .header("If-Match", etag)
                        .body(Map.of("siteIds", List.of(s.remote())))
                        .patch("/api/users/{id}", id)
                        .then(),
                412);
        asOrganizer().get("/api/users/{id}", id).then().body("siteIds", equalTo(List.of(hue)));
        assertAudited("user.updated", id);
    }

    @Test
    void aNewDisplayNameKeepsTheTokensAndANewRoleRevokesThem() {
        String site = Api.createSite();
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", site);
        String token = Api.login(username, PASSWORD);

        Api.patchUser(id, Map.of("displayName", "Cán bộ đón tiếp Đà Nẵng"))
                .statusCode(200)
                .body("displayName", equalTo("Cán bộ đón tiếp Đà Nẵng"));
        Api.as(token).get("/api/sites/{id}", site).then().statusCode(200);

        Map<String, Object> organizer = new HashMap<>();
        organizer.put("role", "ORGANIZER");
        organizer.put("siteIds", null);
        Api.patchUser(id, organizer)
                .statusCode(200)
                .body("role", equalTo("ORGANIZER"))
                .body("siteIds", equalTo(List.of()));
        Api.unauthorized(Api.as(token).get("/api/sites/{id}", site).then());
        Api.as(Api.login(username, PASSWORD)).get("/api/users/{id}", id).then().statusCode(200);
    }

    @Test
    void invalidChangesAreRefusedAndChangeNothing() {
        String site = Api.createSite();
        String id = Api.createUser("host-" + unique(), PASSWORD, "SITE_HOST", site);
        Api.Snapshot before = Api.snapshot("/api/users/" + id);

        Api.invalid(Api.patchUser(id, Map.of("role", "DELEGATE")), "role");
        Api.invalid(Api.patchUser(id, Map.of("role", "ORGANIZER")), "siteIds");
        Api.invalid(Api.patchUser(id, Map.of("siteIds", List.of())), "siteIds");
        Api.invalid(
                Api.patchUser(id, Map.of("siteIds", List.of(UUID.randomUUID().toString()))), "siteIds");
        Api.problem(Api.patchUser(id, Map.of("disabled", "yes")), 400);
        Api.invalid(Api.patchUser(id, Map.of("password", "mat-khau-moi-9")), "password");
        Api.invalid(Api.patchUser(id, Map.of("username", "other-" + unique())), "username");
        Api.problem(Api.patchUser(UUID.randomUUID().toString(), Map.of("displayName", "x")), 404);

        before.assertUnchanged();
    }

    @Test
    void aDisabledAccountLosesItsOpenWebSocketAndCannotLogIn() {
        Api.Setup s = Live.liveConference();
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", s.remote());
        String token = Api.login(username, PASSWORD);
        String colleague = Api.siteHost(s.remote());
        try (LiveClient disabled = LiveClient.connect(s.conference(), token);
                LiveClient other = LiveClient.connect(s.conference(), colleague)) {
            assertEquals("snapshot", disabled.next().get("type").asText());
            assertEquals("snapshot", other.next().get("type").asText());

            Api.patchUser(id, Map.of("disabled", true)).statusCode(200).body("disabled", equalTo(true));

            assertEquals(4003, disabled.awaitClose(), "the open stream of the disabled account");
            assertEquals(401, LiveClient.refusal(s.conference(), token, ""));
            Live.announce(s.conference(), "Điểm cầu Đà Nẵng chuẩn bị phát biểu");
            other.nextOfType("announcement");
            assertFalse(other.isClosed(), "nobody else is closed");
        }
        Api.unauthorized(Api.as(token).get("/api/sites").then());
        Api.unauthorized(anonymous()
                        .body(Map.of("username", username, "password", PASSWORD))
                        .post("/api/auth/token")
                        .then())
                .body("detail", containsString("disabled"));
        // the wrong password is told nothing about the account
        Api.unauthorized(anonymous()
                        .body(Map.of("username", username, "password", "mat-khau-sai-9"))
                        .post("/api/auth/token")
                        .then())
                .body("detail", not(containsString("disabled")));

        Api.patchUser(id, Map.of("disabled", false)).statusCode(200);
        Api.as(Api.login(username, PASSWORD)).get("/api/sites").then().statusCode(200);
        Api.unauthorized(Api.as(token).get("/api/sites").then()); // its old token stays revoked
    }

    // ---- passwords ----

    @Test
    void aResetCodeWorksOnceAndIsNeverStoredOrShownAgain() throws SQLException {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", Api.createSite());
        String oldToken = Api.login(username, PASSWORD);

        ExtractableResponse<Response> reset = asOrganizer()
                .post("/api/users/{id}/password-reset", id)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("userId", equalTo(id))
                .body("username", equalTo(username))
                .extract();
        String code = reset.path("resetCode");
        assertThat(code, matchesPattern("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"));
        Instant expires = OffsetDateTime.parse(reset.<String>path("expiresAt")).toInstant();
        assertTrue(expires.isAfter(clock.instant().plus(Duration.ofHours(23))), "a day to use it: " + expires);
        // the password and the tokens are as they were until the code is used
        Api.as(oldToken).get("/api/sites").then().statusCode(200);
        Api.login(username, PASSWORD);

        Api.setPasswordWithCode(username, code.toLowerCase(), "mat-khau-moi-9").statusCode(204);

        Api.login(username, "mat-khau-moi-9");
        Api.unauthorized(anonymous()
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/auth/token")
                .then());
        Api.unauthorized(Api.as(oldToken).get("/api/sites").then());
        Api.unauthorized(Api.setPasswordWithCode(username, code, "mat-khau-khac-9"));
        Api.login(username, "mat-khau-moi-9");

        String stored = storedResets(id)
                + asOrganizer().get("/api/users/{id}", id).asString()
                + asOrganizer().queryParam("size", 500).get("/api/audit").asString();
        assertThat(stored, not(containsString(code)));
        assertThat(stored, not(containsString(code.replace("-", ""))));
        assertAudited("user.password-reset", id);
        assertAudited("user.password-changed", id);
    }

    @Test
    void aResetCodeExpiresAndANewOneReplacesTheLast() {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", Api.createSite());
        String first = Api.resetCode(id);
        String second = Api.resetCode(id);

        Api.unauthorized(Api.setPasswordWithCode(username, first, "mat-khau-moi-9"));
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        Api.unauthorized(Api.setPasswordWithCode(username, second, "mat-khau-moi-9"));
        clock.reset();
        Api.unauthorized(Api.setPasswordWithCode(username, first, "mat-khau-moi-9"));
        Api.login(username, PASSWORD);

        String third = Api.resetCode(id);
        clock.advance(Duration.ofHours(23));
        Api.setPasswordWithCode(username, third, "mat-khau-moi-9").statusCode(204);
        Api.login(username, "mat-khau-moi-9");
        // another account's code is no good for this one
        String otherName = "host-" + unique();
        String other = Api.createUser(otherName, PASSWORD, "SITE_HOST", Api.createSite());
        Api.unauthorized(Api.setPasswordWithCode(username, Api.resetCode(other), "mat-khau-khac-9"));
        Api.unauthorized(Api.setPasswordWithCode("nobody-" + unique(), Api.resetCode(other), "mat-khau-khac-9"));
    }

    @Test
    void bcryptReadsSeventyTwoBytesSoNoPasswordIsLongerAndNoLongerOneSignsIn() {
        String username = "host-" + unique();
        String longest = "mat-khau-dai-7-".repeat(5).substring(0, 72); // 72 bytes: all of it counts
        Api.createUser(username, longest, "SITE_HOST", Api.createSite());
        Api.login(username, longest);
        // what bcrypt would have cut off: the right 72 bytes followed by anything is no password of this account
        Api.unauthorized(anonymous()
                .body(Map.of("username", username, "password", longest + "anything"))
                .post("/api/auth/token")
                .then());
        Api.invalid(
                        asOrganizer()
                                .body(Map.of(
                                        "username", "host-" + unique(), "password", longest + "x", "role", "ORGANIZER"))
                                .post("/api/users")
                                .then(),
                        "password")
                .body("errors.message", hasItem(containsString("72 bytes")));
    }

    @Test
    void weakPasswordsAreRefusedWithA400AndUseNoCodeUp() {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", Api.createSite());
        String code = Api.resetCode(id);
        String other = "host-" + unique();
        for (String name : List.of(username, other)) {
            for (String weak : weakPasswords(name)) {
                if (name.equals(username)) {
                    Api.invalid(Api.setPasswordWithCode(username, code, weak), "newPassword");
                } else {
                    Map<String, Object> body = Map.of("username", name, "password", weak, "role", "ORGANIZER");
                    Api.invalid(asOrganizer().body(body).post("/api/users").then(), "password");
                }
            }
        }
        // both or neither of the code and the current password
        Api.problem(
                anonymous()
                        .body(Map.of(
                                "username",
                                username,
                                "resetCode",
                                code,
                                "currentPassword",
                                PASSWORD,
                                "newPassword",
                                "mat-khau-moi-9"))
                        .post("/api/auth/password")
                        .then(),
                400);
        Api.problem(
                anonymous()
                        .body(Map.of("username", username, "newPassword", "mat-khau-moi-9"))
                        .post("/api/auth/password")
                        .then(),
                400);
        Api.invalid(changeOwnPassword(username, PASSWORD, PASSWORD), "newPassword");

        Api.login(username, PASSWORD);
        Api.setPasswordWithCode(username, code, "mat-khau-moi-9").statusCode(204);
    }

    @Test
    void anAccountChangesItsOwnPasswordWithItsCurrentOne() {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", Api.createSite());
        String token = Api.login(username, PASSWORD);

        Api.unauthorized(changeOwnPassword(username, "mat-khau-sai-9", "mat-khau-moi-9"));
        Api.as(token).get("/api/sites").then().statusCode(200);
        changeOwnPassword(username, PASSWORD, "mat-khau-moi-9").statusCode(204);

        Api.unauthorized(Api.as(token).get("/api/sites").then());
        Api.login(username, "mat-khau-moi-9");
        assertAudited("user.password-changed", id);
    }

    // ---- logout and signing out ----

    @Test
    void aLogoutRevokesThatTokenOnlyAndClosesItsWebSocket() {
        Api.Setup s = Live.liveConference();
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", s.remote());
        String leaving = Api.login(username, PASSWORD);
        String staying = Api.login(username, PASSWORD);
        try (LiveClient left = LiveClient.connect(s.conference(), leaving);
                LiveClient stays = LiveClient.connect(s.conference(), staying)) {
            assertEquals("snapshot", left.next().get("type").asText());
            assertEquals("snapshot", stays.next().get("type").asText());

            Api.as(leaving).post("/api/auth/logout").then().statusCode(204);

            assertEquals(4003, left.awaitClose());
            Live.announce(s.conference(), "Xin mời các đại biểu ổn định chỗ ngồi");
            stays.nextOfType("announcement");
            assertFalse(stays.isClosed(), "the account's other token keeps its stream");
        }
        Api.unauthorized(Api.as(leaving).get("/api/sites").then());
        Api.unauthorized(Api.as(leaving).post("/api/auth/logout").then());
        Api.as(staying).get("/api/sites").then().statusCode(200);
        assertAudited("auth.logged-out", id);

        // a delegate logs out too
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Văn Cường").get("joinCode"));
        Api.as(delegate).post("/api/auth/logout").then().statusCode(204);
        Api.unauthorized(Api.as(delegate).get(s.path()).then());
    }

    @Test
    void signingOutEverywhereRevokesEveryTokenOfTheAccount() {
        String username = "host-" + unique();
        String id = Api.createUser(username, PASSWORD, "SITE_HOST", Api.createSite());
        String phone = Api.login(username, PASSWORD);
        String tablet = Api.login(username, PASSWORD);
        String other = Api.siteHost(Api.createSite());
        String etag = Api.etag("/api/users/" + id);

        asOrganizer().post("/api/users/{id}/sign-out", id).then().statusCode(204);

        Api.unauthorized(Api.as(phone).get("/api/sites").then());
        Api.unauthorized(Api.as(tablet).get("/api/sites").then());
        Api.as(other).get("/api/sites").then().statusCode(200);
        Api.as(Api.login(username, PASSWORD)).get("/api/sites").then().statusCode(200);
        assertEquals(etag, Api.etag("/api/users/" + id), "signing out is no change of the account");
        assertAudited("user.signed-out", id);
        Api.problem(
                asOrganizer()
                        .post("/api/users/{id}/sign-out", UUID.randomUUID())
                        .then(),
                404);
    }

    // ---- what an account shows ----

    @Test
    void anAccountShowsWhoCreatedItAndWhenItLastLoggedIn() {
        String organizerName = "organizer-" + unique();
        String organizerId = Api.createUser(organizerName, PASSWORD, "ORGANIZER");
        String organizer = Api.login(organizerName, PASSWORD);
        String username = "host-" + unique();
        String id = Api.as(organizer)
                .body(Map.of(
                        "username",
                        username,
                        "password",
                        PASSWORD,
                        "role",
                        "SITE_HOST",
                        "siteIds",
                        List.of(Api.createSite()),
                        "displayName",
                        "Điểm cầu Cần Thơ"))
                .post("/api/users")
                .then()
                .statusCode(201)
                .body("createdBy.id", equalTo(organizerId))
                .body("createdBy.username", equalTo(organizerName))
                .body("displayName", equalTo("Điểm cầu Cần Thơ"))
                .body("disabled", equalTo(false))
                .body("lastLoginAt", nullValue())
                .extract()
                .path("id");
        String etag = Api.etag("/api/users/" + id);
        Instant before = clock.instant().minusSeconds(1);

        Api.login(username, PASSWORD);

        String lastLogin = asOrganizer()
                .get("/api/users/{id}", id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo(etag)) // a login is no change of the account
                .extract()
                .path("lastLoginAt");
        assertTrue(OffsetDateTime.parse(lastLogin).toInstant().isAfter(before), lastLogin);
        Api.unauthorized(anonymous()
                .body(Map.of("username", username, "password", "mat-khau-sai-9"))
                .post("/api/auth/token")
                .then());
        asOrganizer().get("/api/users/{id}", id).then().body("lastLoginAt", equalTo(lastLogin));
    }

    @Test
    void accountsAreListedByRoleSiteAndNameWithoutDiacritics() {
        String danang = Api.createSite("Điểm cầu Đà Nẵng " + unique(), "Đà Nẵng");
        String hue = Api.createSite("Điểm cầu Huế " + unique(), "Huế");
        String tag = unique();
        String ha = createNamed("ha-" + tag, "Lê Thị Thu Hà " + tag, danang);
        String both = createNamed("both-" + tag, "Trần Quốc Toản " + tag, danang, hue);
        String thang = createNamed("thang-" + tag, "Phạm Đức Thắng " + tag, hue);
        String organizer = createNamed("org-" + tag, "Nguyễn Văn Đức " + tag);

        assertListed(Map.of("siteId", danang), both, ha); // by username
        assertListed(Map.of("siteId", hue, "role", "SITE_HOST"), both, thang);
        assertListed(Map.of("q", "duc " + tag), organizer, thang);
        assertListed(Map.of("q", "DUC " + tag, "role", "organizer"), organizer);
        assertListed(Map.of("q", "le thi thu ha " + tag), ha);
        assertListed(Map.of("q", "both-" + tag), both);
        assertListed(Map.of("q", tag, "siteId", hue), both, thang);
        asOrganizer()
                .queryParam("q", tag)
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("total", equalTo(4))
                .body("page", equalTo(1))
                .body("items.id", equalTo(List.of(organizer, thang)));
        Api.invalid(
                asOrganizer().queryParam("role", "DELEGATE_X").get("/api/users").then(), "role");
        Api.invalid(
                asOrganizer().queryParam("siteId", "da-nang").get("/api/users").then(), "siteId");
    }

    // ---- the last organizer ----

    /**
     * Other tests' organizers are disabled for the length of this one (tests in one JVM run one at a time), directly
     * in the database, and enabled again after it; every instance is told to read them again.
     */
    @Test
    void theLastEnabledOrganizerIsNeitherDisabledNorDemotedNorDeleted() throws SQLException {
        String site = Api.createSite();
        String aName = "organizer-" + unique();
        String a = Api.createUser(aName, PASSWORD, "ORGANIZER");
        String bName = "organizer-" + unique();
        String b = Api.createUser(bName, PASSWORD, "ORGANIZER");
        String aToken = Api.login(aName, PASSWORD);
        String bToken = Api.login(bName, PASSWORD);
        String survivor;
        List<UUID> others = disableOrganizersOtherThan(a, b);
        try {
            // the only two organizers disable each other at once: one of them stays
            List<Response> answers = Api.parallel(
                    2,
                    i -> Api.as(i == 0 ? aToken : bToken)
                            .body(Map.of("disabled", true))
                            .patch("/api/users/{id}", i == 0 ? b : a));
            String both = answers.get(0).asString() + " / " + answers.get(1).asString();
            List<Integer> statuses =
                    answers.stream().map(Response::statusCode).sorted().toList();
            assertEquals(200, statuses.get(0), both);
            assertThat(both, statuses.get(1), anyOf(equalTo(409), equalTo(401)));
            boolean aStays = answers.get(0).statusCode() == 200;
            survivor = aStays ? a : b;
            String token = aStays ? aToken : bToken;

            String path = "/api/users/" + survivor;
            String before =
                    Api.as(token).get(path).then().statusCode(200).extract().asString();
            Api.problem(Api.as(token).body(Map.of("disabled", true)).patch(path).then(), 409, "last-organizer");
            Api.problem(
                    Api.as(token)
                            .body(Map.of("role", "SITE_HOST", "siteIds", List.of(site)))
                            .patch(path)
                            .then(),
                    409,
                    "last-organizer");
            Api.problem(Api.as(token).delete(path).then(), 409, "last-organizer");
            assertEquals(
                    before,
                    Api.as(token).get(path).then().statusCode(200).extract().asString());
            Api.as(token)
                    .body(Map.of("displayName", "Ban tổ chức"))
                    .patch(path)
                    .then()
                    .statusCode(200);
        } finally {
            enableAgain(others);
        }
        // with other organizers enabled again, it may go
        Api.patchUser(survivor, Map.of("disabled", true)).statusCode(200);
    }

    private List<UUID> disableOrganizersOtherThan(String... keep) throws SQLException {
        List<UUID> disabled = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update app_user set disabled = true where role = 'ORGANIZER' and not disabled"
                                + " and not (id = any(?)) returning id")) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "uuid", List.of(keep).stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    disabled.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return disabled;
    }

    private void enableAgain(List<UUID> ids) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update app_user set disabled = false where id = any(?)");
                PreparedStatement notify = c.prepareStatement("select pg_notify(?, ?::text)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.executeUpdate();
            for (UUID id : ids) {
                notify.setString(1, TokenSubjects.CHANNEL);
                notify.setString(2, id.toString());
                notify.executeQuery().close();
            }
        }
        // read again on this instance before the next test uses their tokens
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Api.as(Api.organizer()).get("/api/sites").statusCode() == 200);
    }

    @Test
    void theOpenApiDocumentDescribesTheAccountEndpoints() {
        JsonPath doc = RestAssured.given()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String patch = "paths['/api/users/{userId}'].patch";
        assertEquals(
                "#/components/schemas/UserPatch",
                doc.getString(patch + ".requestBody.content['application/merge-patch+json'].schema.$ref"));
        assertThat(
                doc.getMap(patch + ".responses").keySet(), hasItems("200", "400", "401", "403", "404", "409", "412"));
        String password = "paths['/api/auth/password'].post";
        assertEquals(
                Set.of("204", "400", "401", "413", "415", "429", "503"),
                doc.getMap(password + ".responses").keySet());
        assertNull(doc.get(password + ".security"), "no token needed");
        assertEquals(
                Set.of("204", "401", "415"), // 415: the resource consumes JSON, so a body of another type is refused
                doc.getMap("paths['/api/auth/logout'].post.responses").keySet());
        assertThat(
                doc.getMap("paths['/api/users/{userId}/password-reset'].post.responses")
                        .keySet(),
                hasItems("200", "401", "403", "404"));
        assertThat(
                doc.getMap("paths['/api/users/{userId}/sign-out'].post.responses")
                        .keySet(),
                hasItems("204", "401", "403", "404"));
        assertThat(doc.getList("paths['/api/users'].get.parameters.name"), hasItems("role", "siteId", "q", "page"));
    }

    // ---- helpers ----

    /** Passwords the policy refuses for this username. */
    private static List<String> weakPasswords(String username) {
        return List.of(
                "ngan-7c",
                "x".repeat(201),
                // 53 characters, but 76 bytes in UTF-8: more than bcrypt reads
                "Hội-nghị-tổng-kết-công-tác-dân-vận-ở-Đà-Nẵng-Huế-Việt",
                "a1b2c3d4".repeat(9) + "z",
                "aaaaaaaaaaaa",
                "abababababab",
                "password123",
                "Matkhau123",
                "12345678",
                "qwertyuiop",
                username,
                "My-" + username.toUpperCase() + "-1",
                "my." + new StringBuilder(username).reverse());
    }

    private static ValidatableResponse changeOwnPassword(String username, String current, String newPassword) {
        return anonymous()
                .body(Map.of("username", username, "currentPassword", current, "newPassword", newPassword))
                .post("/api/auth/password")
                .then();
    }

    private static String createNamed(String username, String displayName, String... siteIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("password", PASSWORD);
        body.put("role", siteIds.length == 0 ? "ORGANIZER" : "SITE_HOST");
        body.put("siteIds", List.of(siteIds));
        body.put("displayName", displayName);
        return asOrganizer()
                .body(body)
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void assertListed(Map<String, ?> query, String... ids) {
        asOrganizer()
                .queryParams(query)
                .queryParam("size", 500)
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("total", equalTo(ids.length))
                .body("items.id", equalTo(List.of(ids)));
    }

    /** The audit log has an entry of this action on this account (among the latest of that action). */
    private static void assertAudited(String action, String userId) {
        asOrganizer()
                .queryParam("action", action)
                .queryParam("size", 500)
                .get("/api/audit")
                .then()
                .statusCode(200)
                .body("items.targetId", hasItem(userId));
    }

    private String storedResets(String userId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select * from password_reset where user_id = ?")) {
            statement.setObject(1, UUID.fromString(userId));
            StringBuilder sb = new StringBuilder();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        sb.append(rs.getString(i)).append(' ');
                    }
                }
            }
            return sb.toString();
        }
    }

    private static Map<String, Object> account(String role, String password, List<String> siteIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", "user-" + unique());
        if (password != null) {
            body.put("password", password);
        }
        if (role != null) {
            body.put("role", role);
        }
        if (siteIds != null) {
            body.put("siteIds", siteIds);
        }
        return body;
    }

    private static Map<String, Object> withUsername(String username, String site) {
        Map<String, Object> body = account("SITE_HOST", PASSWORD, List.of(site));
        body.remove("username");
        if (username != null) {
            body.put("username", username);
        }
        return body;
    }

    /** Every page of {@code GET /api/users}, as sent. */
    private static List<String> userListPages() {
        List<String> pages = new ArrayList<>();
        int size = 500;
        for (int page = 0; ; page++) {
            String body = asOrganizer()
                    .queryParam("page", page)
                    .queryParam("size", size)
                    .get("/api/users")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            pages.add(body);
            if ((long) (page + 1) * size >= JsonPath.from(body).getLong("total")) {
                return pages;
            }
        }
    }

    private static void assertHoldsNoPassword(String json) {
        assertThat(json, not(containsStringIgnoringCase("password")));
        assertThat(json, not(containsString(PASSWORD)));
        assertThat(json, not(containsString("$2")));
    }

    private String storedHash(String userId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select password_hash from app_user where id = ?")) {
            statement.setObject(1, UUID.fromString(userId));
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next(), "the account is stored");
                return rs.getString(1);
            }
        }
    }
}
