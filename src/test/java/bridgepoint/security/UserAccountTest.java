package bridgepoint.security;

import bridgepoint.support.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.anonymous;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Organizer and site host accounts: who can be created, what is stored and what is never shown. */
@QuarkusTest
class UserAccountTest {

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
