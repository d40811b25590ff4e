package bridgepoint.security;

import bridgepoint.support.ServiceProcess;
import bridgepoint.support.Tokens;
import io.restassured.response.ValidatableResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two instances on one database, nothing else shared: a token issued by one is accepted by the other, and revoked on
 * both when its account goes; a client throttled by one is throttled by the other.
 */
class SharedTokensIT {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** Both instances as production runs them: the migrations as the owner, the service as its role, one key ring. */
    static Map<String, String> database(Map<String, String> more) {
        return ServiceProcess.database(postgres, more);
    }

    /** Starts an instance with {@code more} that must stop with {@code message}; its output. */
    private static String refusesToStart(String name, Map<String, String> more, String message) {
        try (ServiceProcess service = ServiceProcess.start(name, database(more))) {
            Assertions.assertNotEquals(0, service.awaitExit());
            Assertions.assertTrue(service.output().contains(message), service.output());
            return service.output();
        }
    }

    @Test
    void theProdProfileRefusesToStartWithoutAnAdminPassword() {
        refusesToStart(
                "no-admin-password", Map.of("BRIDGEPOINT_ADMIN_PASSWORD", ""), "BRIDGEPOINT_ADMIN_PASSWORD is not set");
    }

    @Test
    void theProdProfileRefusesToStartOnAnExternalDatabaseWithoutSigningKeys() {
        refusesToStart("no-token-keys", Map.of("BRIDGEPOINT_TOKEN_KEYS", ""), "no token signing key is configured");
    }

    @Test
    void aSigningKeyShorterThan32BytesStopsTheStartWithoutShowingIt() {
        String secret = Base64.getEncoder().encodeToString("only-twenty-4-bytes-long".getBytes());
        String output = refusesToStart(
                "short-token-key", Map.of("BRIDGEPOINT_TOKEN_KEYS", "short=" + secret), "the key 'short' has 24 bytes");
        Assertions.assertFalse(output.contains(secret), "the secret is not in the log");
    }

    /**
     * A rotation across instances: B knows a new key and signs with it, A has only the old one. A's tokens still
     * pass on B; B's do not pass on A, which is why a new key is first added everywhere, then made to sign (README,
     * Roles). A runs as the owner of the tables, as deployments from before the two roles did: it warns, and runs.
     */
    @Test
    void anInstanceSigningWithANewKeyAcceptsTheTokensOfTheOldOne() {
        String oldKeys = ServiceProcess.TOKEN_KEYS;
        String newKey = "it-2="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                    28, 29, 30, 31, 32
                });
        Map<String, String> asOwner = new HashMap<>(database(Map.of("BRIDGEPOINT_TOKEN_KEYS", oldKeys)));
        asOwner.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        asOwner.keySet().removeIf(k -> k.startsWith("QUARKUS_FLYWAY_"));
        try (ServiceProcess a = ServiceProcess.start("rotation-old", asOwner);
                ServiceProcess b = ServiceProcess.start(
                        "rotation-new",
                        database(Map.of(
                                "BRIDGEPOINT_TOKEN_KEYS",
                                oldKeys + "," + newKey,
                                "BRIDGEPOINT_TOKEN_SIGNING_KEY",
                                "it-2")))) {
            a.awaitReady();
            b.awaitReady();
            String fromA = adminToken(a);
            String fromB = adminToken(b);
            Assertions.assertEquals("it-1", Tokens.header(fromA).get("kid"));
            Assertions.assertEquals("it-2", Tokens.header(fromB).get("kid"));
            on(b, fromA).get("/api/users").then().statusCode(200);
            on(b, fromB).get("/api/users").then().statusCode(200);
            on(a, fromB).get("/api/users").then().statusCode(401);

            Assertions.assertTrue(a.output().contains("which owns the audit table audit_entry"), a.output());
            Assertions.assertFalse(b.output().contains("which owns the audit table"), b.output());
        }
    }

    @Test
    void theProdProfileRefusesToCreateTheFirstAccountWithAPasswordThePolicyRefuses() throws Exception {
        // a database of its own, without accounts: the password is checked when the first account is created
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database weak_admin");
        }
        Map<String, String> env = database(Map.of("BRIDGEPOINT_ADMIN_PASSWORD", "admin"));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "weak_admin"));
        try (ServiceProcess service = ServiceProcess.start("weak-admin-password", env)) {
            Assertions.assertNotEquals(0, service.awaitExit());
            Assertions.assertTrue(
                    service.output().contains("BRIDGEPOINT_ADMIN_PASSWORD must be 8 to 200 characters long"),
                    service.output());
        }
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "weak_admin"));
                Statement s = c.createStatement();
                ResultSet accounts = s.executeQuery("select count(*) from app_user")) {
            accounts.next();
            Assertions.assertEquals(0, accounts.getInt(1), "no account was created");
        }
    }

    @Test
    void aTokenFromOneInstanceWorksOnTheOtherUntilItsAccountIsDeleted() {
        // clients told apart by X-Forwarded-For, as behind a load balancer
        Map<String, String> env = database(Map.of(
                "BRIDGEPOINT_TRUSTED_PROXIES", "127.0.0.1",
                // small budgets and a long wait, so that the throttle is reached in a few requests and stays
                "BRIDGEPOINT_AUTH_ADDRESS_FAILURE_BUDGET", "3",
                "BRIDGEPOINT_AUTH_LOGIN_FREE_FAILURES", "2",
                "BRIDGEPOINT_AUTH_LOGIN_BACKOFF", "PT10M"));
        // Started together: both race to create the first organizer and the signing key.
        try (ServiceProcess a = ServiceProcess.start("tokens-a", env);
                ServiceProcess b = ServiceProcess.start("tokens-b", env)) {
            a.awaitReady();
            b.awaitReady();
            // prod: health and metrics only on the management port, no Swagger UI unless enabled; the contract stays
            for (String path : List.of("/q/health/ready", "/q/metrics", "/q/swagger-ui/")) {
                on(a, null).get(path).then().statusCode(404);
            }
            on(a, null).get("/q/openapi").then().statusCode(200);
            Assertions.assertTrue(a.metrics().contains("jvm_memory_used_bytes"));
            String token = adminToken(a);
            String siteId = on(a, token)
                    .body(Map.of("name", "Hội trường Hà Nội"))
                    .post("/api/sites")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            on(b, token).get("/api/sites/" + siteId).then().statusCode(200).body("name", equalTo("Hội trường Hà Nội"));
            on(b, token + "x").get("/api/sites/" + siteId).then().statusCode(401);

            // an account deleted through one instance loses its tokens on the other as well (told by a notification)
            String account = on(a, token)
                    .body(Map.of(
                            "username",
                            "host-da-nang",
                            "password",
                            "mật khẩu dài",
                            "role",
                            "SITE_HOST",
                            "siteIds",
                            List.of(siteId)))
                    .post("/api/users")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String hostToken = login(a, "host-da-nang", "mật khẩu dài");
            on(b, hostToken).get("/api/sites/" + siteId).then().statusCode(200);
            on(a, token).delete("/api/users/" + account).then().statusCode(204);
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> on(b, hostToken).get("/api/sites/" + siteId).statusCode() == 401);
            on(b, token).get("/api/sites/" + siteId).then().statusCode(200);

            // an address that spent its budget of failed joins on one instance is refused by the other too (even with
            // a valid code); other addresses are not
            for (int i = 0; i < 3; i++) {
                on(a, null)
                        .header("X-Forwarded-For", "203.0.113.7")
                        .body(Map.of("code", "0000-0000-0000-" + (1000 + i)))
                        .post("/api/join")
                        .then()
                        .statusCode(401);
            }
            on(b, null)
                    .header("X-Forwarded-For", "203.0.113.7")
                    .body(Map.of("code", "0000-0000-0000-2000"))
                    .post("/api/join")
                    .then()
                    .statusCode(429);
            on(b, null)
                    .header("X-Forwarded-For", "203.0.113.8")
                    .body(Map.of("code", "0000-0000-0000-2000"))
                    .post("/api/join")
                    .then()
                    .statusCode(401);

            // an account name whose failed logins went to one instance waits on the other too, from any address
            for (int i = 0; i < 2; i++) {
                on(a, null)
                        .header("X-Forwarded-For", "203.0.113." + (20 + i))
                        .body(Map.of("username", "khong-ai-ca", "password", "sai-" + i))
                        .post("/api/auth/token")
                        .then()
                        .statusCode(401);
            }
            on(b, null)
                    .header("X-Forwarded-For", "203.0.113.30")
                    .body(Map.of("username", "khong-ai-ca", "password", "sai-9"))
                    .post("/api/auth/token")
                    .then()
                    .statusCode(429);
            on(b, null)
                    .header("X-Forwarded-For", "203.0.113.7")
                    .body(Map.of("username", "admin", "password", ServiceProcess.ADMIN_PASSWORD))
                    .post("/api/auth/token")
                    .then()
                    .statusCode(200);
        }
    }

    /**
     * A host moved from Đà Nẵng to Huế through one instance can no longer check in at Đà Nẵng with the token it had on
     * either instance (each had read the account before, and is told by the notification); a logout through one
     * instance is refused on the other as well.
     */
    @Test
    void aHostMovedToAnotherSiteLosesItsOldTokenOnBothInstances() {
        Map<String, String> env = database(Map.of());
        try (ServiceProcess a = ServiceProcess.start("moved-a", env);
                ServiceProcess b = ServiceProcess.start("moved-b", env)) {
            a.awaitReady();
            b.awaitReady();
            String organizer = adminToken(a);
            String unique = Long.toString(System.nanoTime(), 36);
            String hanoi = create(a, organizer, "/api/sites", Map.of("name", "Hội trường Hà Nội " + unique));
            String danang = create(a, organizer, "/api/sites", Map.of("name", "Điểm cầu Đà Nẵng " + unique));
            String hue = create(a, organizer, "/api/sites", Map.of("name", "Điểm cầu Huế " + unique));
            String day = LocalDate.now()
                    .plusDays(400 + Math.floorMod(System.nanoTime(), 1000))
                    .toString();
            String conference = create(
                    a,
                    organizer,
                    "/api/conferences",
                    Map.of(
                            "title", "Hội nghị " + unique,
                            "startsAt", day + "T08:00:00+07:00",
                            "endsAt", day + "T11:30:00+07:00",
                            "timeZone", "Asia/Ho_Chi_Minh"));
            for (Map.Entry<String, String> site :
                    Map.of(hanoi, "HOST", danang, "REMOTE", hue, "REMOTE").entrySet()) {
                on(a, organizer)
                        .body(Map.of("role", site.getValue()))
                        .put("/api/conferences/" + conference + "/sites/" + site.getKey())
                        .then()
                        .statusCode(201);
            }
            on(a, organizer)
                    .post("/api/conferences/" + conference + "/publish")
                    .then()
                    .statusCode(200);
            List<String> delegates = new ArrayList<>();
            for (String name : List.of("Lê Thị Thu Hà", "Phạm Đức Thắng", "Trần Văn Bình", "Đỗ Minh Quân")) {
                delegates.add(create(
                        a,
                        organizer,
                        "/api/conferences/" + conference + "/delegates",
                        Map.of("fullName", name, "siteId", danang)));
            }
            String account = create(
                    a,
                    organizer,
                    "/api/users",
                    Map.of(
                            "username",
                            "host-" + unique,
                            "password",
                            "mật khẩu dài",
                            "role",
                            "SITE_HOST",
                            "siteIds",
                            List.of(danang)));
            String host = login(a, "host-" + unique, "mật khẩu dài");
            String checkIns = "/api/conferences/" + conference + "/checkins";
            // both instances know the host's token: each checks someone in with it
            checkIn(a, host, checkIns, delegates.get(0), danang).statusCode(201);
            checkIn(b, host, checkIns, delegates.get(1), danang).statusCode(201);

            on(a, organizer)
                    .body(Map.of("siteIds", List.of(hue)))
                    .patch("/api/users/" + account)
                    .then()
                    .statusCode(200);

            checkIn(a, host, checkIns, delegates.get(2), danang).statusCode(401);
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> checkIn(b, host, checkIns, delegates.get(2), danang)
                                    .extract()
                                    .statusCode()
                            == 401);
            String moved = login(b, "host-" + unique, "mật khẩu dài");
            checkIn(b, moved, checkIns, delegates.get(2), danang).statusCode(403);
            checkIn(a, moved, checkIns, delegates.get(2), danang).statusCode(403);

            // a logout through one instance holds on the other
            on(a, moved).get("/api/sites/" + hue).then().statusCode(200);
            on(b, moved).get("/api/sites/" + hue).then().statusCode(200);
            on(b, moved).post("/api/auth/logout").then().statusCode(204);
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> on(a, moved).get("/api/sites/" + hue).statusCode() == 401);
        }
    }

    private static String login(ServiceProcess service, String username, String password) {
        return on(service, null)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    private static String create(ServiceProcess service, String token, String path, Map<String, ?> body) {
        return on(service, token)
                .body(body)
                .post(path)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static ValidatableResponse checkIn(
            ServiceProcess service, String token, String path, String delegateId, String siteId) {
        return on(service, token)
                .body(Map.of("delegateId", delegateId, "siteId", siteId))
                .post(path)
                .then();
    }
}
