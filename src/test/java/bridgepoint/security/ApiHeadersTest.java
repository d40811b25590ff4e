package bridgepoint.security;

import bridgepoint.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Headers of the API: no sniffing, tokens never cached, and no cross-origin access unless configured. */
@QuarkusTest
class ApiHeadersTest {

    private static final String FOREIGN = "https://evil.example";

    @Test
    void everyAnswerOfTheApiForbidsContentSniffingErrorsIncluded() {
        asOrganizer().get("/api/sites").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
        Api.anonymous().get("/api/sites").then().statusCode(401).header("X-Content-Type-Options", "nosniff");
        asOrganizer()
                .get("/api/conferences/not-a-uuid")
                .then()
                .statusCode(404)
                .header("X-Content-Type-Options", "nosniff");
        Api.anonymous().get("/q/openapi").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void answersCarryingATokenAreNeverStored() {
        Api.anonymous()
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store");
        Api.Setup s = Api.setup();
        String code = (String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("joinCode");
        Api.anonymous()
                .body(Map.of("code", code))
                .post("/api/join")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store");
        // nor a password change (refused here: no such account)
        Api.anonymous()
                .body(Map.of(
                        "username",
                        "nobody-" + Api.unique(),
                        "resetCode",
                        "7K3M-Q9TX-2HPW-RD4A",
                        "newPassword",
                        "mat-khau-moi-9"))
                .post("/api/auth/password")
                .then()
                .statusCode(401)
                .header("Cache-Control", "no-store");
        // a refused attempt is not kept either
        Api.anonymous()
                .body(Map.of("username", "admin", "password", "wrong-" + Api.unique()))
                .post("/api/auth/token")
                .then()
                .statusCode(401)
                .header("Cache-Control", "no-store");
    }

    @Test
    void answersCarryingAJoinCodeOrACalendarTokenAreNeverStored() {
        Api.Setup s = Api.setup();
        Api.advance(s.conference(), "publish");
        String delegates = s.path() + "/delegates";
        Response created = asOrganizer()
                .body(Map.of("fullName", "Lê Thị Thu Hà", "siteId", s.remote()))
                .post(delegates);
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals("no-store", created.header("Cache-Control"));
        String id = created.path("id");
        // a shared host-desk PC keeps no join code in its cache: lists, a delegate, a new code
        for (Response r : List.of(
                asOrganizer().get(delegates),
                Api.as(Api.siteHost(s.remote())).get(delegates),
                asOrganizer().get(delegates + "/" + id),
                asOrganizer().post(delegates + "/" + id + "/join-code"))) {
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals("no-store", r.header("Cache-Control"), r.headers().toString());
        }
        String delegate = Api.join(
                Api.asOrganizer().get(delegates + "/" + id).then().extract().path("joinCode"));
        Response calendar = Api.as(delegate).post(s.path() + "/calendar-token");
        assertEquals(200, calendar.statusCode(), calendar.asString());
        assertEquals("no-store", calendar.header("Cache-Control"));
    }

    @Test
    void answersOverHttpsTellTheBrowserToKeepToHttps() {
        // through a trusted proxy that ended TLS (the test profile trusts loopback), pages and the API alike
        for (String path : List.of("/", "/api/sites")) {
            Api.anonymous()
                    .header("X-Forwarded-Proto", "https")
                    .get(path)
                    .then()
                    .header("Strict-Transport-Security", "max-age=31536000");
            // over plain HTTP, nothing: browsers ignore it there
            Api.anonymous().get(path).then().header("Strict-Transport-Security", nullValue());
        }
    }

    @Test
    void corsIsClosedByDefaultNoOriginIsAllowedToRead() {
        Response preflight = Api.anonymous()
                .header("Origin", FOREIGN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/auth/token");
        assertNull(
                preflight.header("Access-Control-Allow-Origin"),
                preflight.headers().toString());
        assertNull(preflight.header("Access-Control-Allow-Credentials"));

        Response read = asOrganizer().header("Origin", FOREIGN).get("/api/sites");
        assertEquals(200, read.statusCode()); // the server answers; the browser refuses to hand it to the page
        assertNull(read.header("Access-Control-Allow-Origin"), read.headers().toString());
        Api.anonymous()
                .header("Origin", FOREIGN)
                .get("/ws/conferences/" + Api.unique())
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
