package bridgepoint.audit;

import bridgepoint.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Predicate;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Security events are in the audit log, for organizers ({@code GET /api/audit}): logins and password changes by reset
 * code (by the account, from its address; never the code), calendar tokens (never the token), and the first account,
 * created by the service.
 */
@QuarkusTest
class SecurityAuditTest {

    @Test
    void aLoginIsRecordedAsDoneByTheAccountFromItsAddress() {
        String username = "host-" + unique();
        String id = Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        String address = Api.newClientAddress();

        Api.login(address, username, "mat-khau-dung-1").statusCode(200);

        Map<String, Object> in = latest("auth.logged-in", e -> id.equals(e.get("targetId")));
        assertEquals(Map.of("id", id, "name", username, "role", "SITE_HOST", "client", address), actor(in));
    }

    @Test
    void aPasswordSetWithAResetCodeIsRecordedAsDoneByTheAccountFromItsAddress() {
        String username = "host-" + unique();
        String id = Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        String code = Api.resetCode(id);
        String address = Api.newClientAddress();

        Api.setPasswordWithCode(address, username, code, "mat-khau-moi-9").statusCode(204);

        Map<String, Object> reset = latest("user.password-reset", e -> id.equals(e.get("targetId")));
        assertEquals("ORGANIZER", actor(reset).get("role"));
        Map<String, Object> changed = latest("user.password-changed", e -> id.equals(e.get("targetId")));
        assertEquals(Map.of("id", id, "name", username, "role", "SITE_HOST", "client", address), actor(changed));
        assertEquals("reset-code", after(changed).get("via"));
        assertThat(asOrganizer().get("/api/audit?size=500").asString(), not(containsString(code)));
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
