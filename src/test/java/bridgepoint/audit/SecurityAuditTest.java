package bridgepoint.audit;

import bridgepoint.support.Api;
import bridgepoint.support.ClockedTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Security events are in the audit log, for organizers ({@code GET /api/audit}): logins and failed logins (never the
 * password), password changes by reset code (never the code), refused joins and {@code 429}s counted per address and
 * minute, calendar tokens (never the token), and the first account, created by the service. Those without a signed-in
 * caller carry the client's address.
 */
@QuarkusTest
class SecurityAuditTest extends ClockedTest {

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.login.free-failures")
    int freeFailures;

    @Test
    void loginsAndFailedLoginsAreRecordedWithTheAddressButNeverThePassword() {
        String username = "host-" + unique();
        String id = Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        String address = Api.newClientAddress();
        String wrong = "mat-khau-sai-" + unique();

        Api.login(address, username, "mat-khau-dung-1").statusCode(200);
        Api.login(address, username.toUpperCase(), wrong).statusCode(401);
        String nobody = "nobody-" + unique();
        Api.login(address, nobody, wrong).statusCode(401);

        Map<String, Object> in = latest("auth.logged-in", e -> id.equals(e.get("targetId")));
        assertEquals(Map.of("id", id, "name", username, "role", "SITE_HOST", "client", address), actor(in));
        Map<String, Object> failed =
                latest("auth.login-failed", e -> username.toUpperCase().equals(after(e).get("username")));
        assertEquals(anonymous(address), actor(failed));
        assertEquals(
                Map.of("username", username.toUpperCase(), "via", "password", "reason", "wrong-credentials"),
                after(failed));
        assertEquals(
                "password",
                after(latest("auth.login-failed", e -> nobody.equals(after(e).get("username"))))
                        .get("via"));
        assertThat(asOrganizer().get("/api/audit?size=500").asString(), not(containsString(wrong)));
    }

    @Test
    void aDisabledAccountsRightPasswordIsAFailureAboutThatAccount() {
        String username = "host-" + unique();
        String id = Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        Api.patchUser(id, Map.of("disabled", true)).statusCode(200);
        Api.login(Api.newClientAddress(), username, "mat-khau-dung-1").statusCode(401);

        Map<String, Object> failed = latest("auth.login-failed", e -> id.equals(e.get("targetId")));
        assertEquals("disabled", after(failed).get("reason"));
    }

    @Test
    void aPasswordSetWithAResetCodeIsRecordedAsDoneByTheAccountFromItsAddressAndWrongCodesAsFailures() {
        String username = "host-" + unique();
        String id = Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        String code = Api.resetCode(id);
        String address = Api.newClientAddress();

        String wrongCode =
                "7K3M-Q9TX-2HPW-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
        Api.setPasswordWithCode(address, username, wrongCode, "mat-khau-moi-9").statusCode(401);
        Api.setPasswordWithCode(address, username, code, "mat-khau-moi-9").statusCode(204);

        Map<String, Object> reset = latest("user.password-reset", e -> id.equals(e.get("targetId")));
        assertEquals("ORGANIZER", actor(reset).get("role"));
        Map<String, Object> changed = latest("user.password-changed", e -> id.equals(e.get("targetId")));
        assertEquals(Map.of("id", id, "name", username, "role", "SITE_HOST", "client", address), actor(changed));
        assertEquals("reset-code", after(changed).get("via"));
        Map<String, Object> failed = latest("auth.login-failed", e -> username.equals(after(e).get("username")));
        assertEquals("reset-code", after(failed).get("via"));
        assertEquals(anonymous(address), actor(failed));
        String log = asOrganizer().get("/api/audit?size=500").asString();
        assertThat(log, not(containsString(code)));
        assertThat(log, not(containsString(wrongCode)));
    }

    @Test
    void refusedJoinsAndRefusals429AreCountedPerAddressAndMinute() {
        Instant minute = Instant.parse("2100-01-01T00:00:00Z")
                .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextLong(20_000_000)));
        clock.freeze(minute.plusSeconds(10));
        String hall = Api.newClientAddress();
        for (int i = 0; i < 3; i++) {
            Api.from(hall)
                    .body(Map.of("code", "0000-0000-0000-" + (1000 + i)))
                    .post("/api/join")
                    .then()
                    .statusCode(401);
        }
        String username = "host-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        for (int i = 0; i < freeFailures; i++) {
            Api.login(Api.newClientAddress(), username, "sai-" + i).statusCode(401);
        }
        String guesser = Api.newClientAddress();
        Api.login(guesser, username, "sai").statusCode(429);
        Api.login(guesser, username, "sai").statusCode(429);

        clock.advance(Duration.ofMinutes(1)); // the minute is over: its counts are written
        Map<String, Object> joins = await().atMost(Duration.ofSeconds(15))
                .until(() -> latestOrNull("auth.join-refused", e -> hall.equals(e.get("targetId"))), e -> e != null);
        assertEquals(anonymous(hall), actor(joins));
        assertEquals("client", joins.get("targetType"));
        assertEquals(3, after(joins).get("count"));
        assertEquals(minute.plusSeconds(10).toString(), after(joins).get("firstAt"));

        Map<String, Object> throttled = await().atMost(Duration.ofSeconds(15))
                .until(() -> latestOrNull("auth.throttled", e -> username.equals(e.get("targetId"))), e -> e != null);
        assertEquals(anonymous(guesser), actor(throttled));
        assertEquals("account", throttled.get("targetType"));
        assertEquals(
                Map.of(
                        "kind",
                        "login",
                        "count",
                        2,
                        "firstAt",
                        minute.plusSeconds(10).toString(),
                        "lastAt",
                        minute.plusSeconds(10).toString()),
                after(throttled));
    }

    @Test
    void aCalendarTokenIsRecordedWithItsDelegateButNotTheToken() {
        Api.Setup s = Api.setup();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà");
        String token = Api.join((String) delegate.get("joinCode"));
        String calendarToken = Api.as(token)
                .post(s.path() + "/calendar-token")
                .then()
                .statusCode(200)
                .extract()
                .path("token");

        Map<String, Object> issued =
                AuditTest.entry(s.conference(), "calendar.token-issued", (String) delegate.get("id"));
        assertEquals("DELEGATE", actor(issued).get("role"));
        assertEquals(delegate.get("id"), actor(issued).get("id"));
        assertThat(asOrganizer().get(s.path() + "/audit").asString(), not(containsString(calendarToken)));
    }

    @Test
    void theFirstAccountWasCreatedByTheService() {
        String path = "/api/audit?action=user.created&size=1";
        int total = asOrganizer().get(path).then().statusCode(200).extract().path("total");
        JsonPath oldest = asOrganizer()
                .get(path + "&page=" + (total - 1))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("admin", oldest.getString("items[0].after.username"));
        assertEquals("ORGANIZER", oldest.getString("items[0].after.role"));
        assertEquals("SERVICE", oldest.getString("items[0].actor.role"));
        assertNull(oldest.get("items[0].actor.id"));
        assertNull(oldest.get("items[0].after.createdBy"));
    }

    // ---- helpers ----

    private static Map<String, Object> anonymous(String address) {
        Map<String, Object> actor = new HashMap<>();
        actor.put("id", null);
        actor.put("name", "anonymous");
        actor.put("role", "ANONYMOUS");
        actor.put("client", address);
        return actor;
    }

    /** The newest entry of this action that matches. */
    private static Map<String, Object> latest(String action, Predicate<Map<String, Object>> matching) {
        Map<String, Object> found = latestOrNull(action, matching);
        if (found == null) {
            throw new AssertionError("no " + action + " entry found");
        }
        return found;
    }

    private static Map<String, Object> latestOrNull(String action, Predicate<Map<String, Object>> matching) {
        return AuditTest.globalEntries(action).stream()
                .filter(matching)
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Object> after(Map<String, Object> entry) {
        return AuditTest.after(entry);
    }

    private static Map<String, Object> actor(Map<String, Object> entry) {
        return AuditTest.actor(entry);
    }
}
