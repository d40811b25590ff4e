package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No password, token, signing key or join code ever reaches a log line: after accounts are created, logins (right and wrong),
 * joins with codes (right, wrong, replaced), tokens used on the API and on a WebSocket (where the token is in the
 * URL), the log and the access log that the test profile writes to {@code target/test-logs/} are searched for them.
 * Also: every request answers its {@code X-Request-Id}, the load balancer's when it sent one.
 */
@QuarkusTest
class LogSecretsTest {

    private static final Path LOGS = Path.of("target/test-logs");

    @Test
    void noSecretInTheLogs() throws IOException {
        List<String> secrets = new ArrayList<>();
        String password = "mật-khẩu-" + Api.unique();
        String username = "log-host-" + Api.unique();
        Api.Setup s = Api.setup();
        Api.createUser(username, password, "SITE_HOST", s.remote());
        secrets.add(password);
        secrets.add(Api.login(username, password));
        String wrong = "sai-" + Api.unique();
        Api.anonymous()
                .body(Map.of("username", username, "password", wrong))
                .post("/api/auth/token")
                .then()
                .statusCode(401);
        secrets.add(wrong);

        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Phạm Thị Bảo Mật");
        String code = (String) delegate.get("joinCode");
        secrets.add(code);
        secrets.add(code.replace("-", ""));
        String delegateToken = Api.join(code.toLowerCase());
        secrets.add(delegateToken);
        String replaced = Api.asOrganizer()
                .post(s.path() + "/delegates/" + delegate.get("id") + "/join-code")
                .then()
                .statusCode(200)
                .extract()
                .path("joinCode");
        secrets.add(replaced);
        Api.anonymous().body(Map.of("code", code)).post("/api/join").then().statusCode(401);
        secrets.add(Api.organizer());
        for (String kid : List.of("test-new", "test-old")) { // the signing keys, as configured
            secrets.add(Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Tokens.configuredKey(kid).secret()));
        }

        String requestId = "lb-" + Api.unique() + Api.unique();
        Api.asOrganizer()
                .header(RequestLogContext.HEADER, requestId)
                .get(s.path())
                .then()
                .statusCode(200)
                .header(RequestLogContext.HEADER, requestId);
        Api.advance(s.conference(), "publish", "start");
        try (LiveClient client = LiveClient.connect(s.conference(), Api.organizer())) {
            client.next();
        }
        // the requests were logged (the access log, with the request id)
        await().atMost(Duration.ofSeconds(10)).until(() -> logs().contains(requestId) && logs().contains("/api/join"));

        String logs = logs();
        for (String secret : secrets) {
            assertFalse(logs.contains(secret), "a secret is in the logs: " + secret);
        }
        assertFalse(logs.contains("token="), "a WebSocket URL's query is in the logs");
    }

    @Test
    void aRequestIdIsAnsweredAndAnImplausibleOneReplaced() {
        String generated = RestAssured.get("/api/sites").header(RequestLogContext.HEADER);
        assertTrue(generated.matches("[0-9a-f]{32}"), generated);
        String injected = RestAssured.given()
                .header(RequestLogContext.HEADER, "x\" injected=1")
                .get("/api/sites")
                .header(RequestLogContext.HEADER);
        assertTrue(injected.matches("[0-9a-f]{32}"), injected);
        assertEquals(
                "f0c1d2e3a4b5968778695a4b3c2d1e0f",
                RestAssured.given()
                        .header(RequestLogContext.HEADER, "f0c1d2e3a4b5968778695a4b3c2d1e0f")
                        .get("/api/sites")
                        .header(RequestLogContext.HEADER));
    }

    /** Everything the test run has logged so far (the log and the access log). */
    private static String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(LOGS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
