package bridgepoint.security;

import bridgepoint.support.Api;
import bridgepoint.support.ClockedTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static bridgepoint.support.Api.anonymous;
import static bridgepoint.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The throttle at a venue, where a hall of delegates shares one address: typos there hold up neither the next delegate
 * nor the host; a guesser of join or reset codes is stopped per address for the rest of a window that starts at its
 * first failure; a password guesser is stopped per account, from any address, with a wait that doubles; and a
 * forwarded address is believed only from a trusted proxy. The service's clock is stopped (and moved by the tests), so
 * that no test waits for a window or a back-off.
 */
@QuarkusTest
class ThrottleTest extends ClockedTest {

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.address.failure-budget")
    int budget;

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.address.window")
    Duration window;

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.login.free-failures")
    int freeFailures;

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.login.backoff")
    Duration backoff;

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.login.max-backoff")
    Duration maxBackoff;

    private Instant start;

    /** A minute of its own, far from any other test's or run's, where every window and wait starts afresh. */
    @BeforeEach
    void stopTheClock() {
        start = Instant.parse("2100-01-01T00:00:00Z")
                .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextLong(20_000_000)));
        clock.freeze(start);
    }

    @Test
    void tenTyposAtABridgePointHoldUpNeitherTheNextDelegateNorTheHost() {
        Api.Setup s = Api.setup();
        String code = (String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("joinCode");
        String host = "danang-" + unique();
        Api.createUser(host, "mat-khau-diem-cau-1", "SITE_HOST", s.remote());
        String hall = Api.newClientAddress();

        for (int i = 0; i < 10; i++) {
            Api.unauthorized(join(hall, "0000-0000-0000-" + (1000 + i)));
        }
        join(hall, code).statusCode(200);
        Api.login(hall, host, "mat-khau-diem-cau-1").statusCode(200);
        // and so on through the opening: typos and joins mixed
        for (int i = 0; i < 10; i++) {
            Api.unauthorized(join(hall, "0000-0000-0001-" + (1000 + i)));
            join(hall, code).statusCode(200);
        }
    }

    @Test
    void aJoinCodeGuesserIsStoppedForTheRestOfTheWindowOfItsFirstFailureAndNoOneElseIs() {
        Api.Setup s = Api.setup();
        String code = (String) Api.createDelegate(s.conference(), s.remote(), "Nguyễn Văn Hùng")
                .get("joinCode");
        String guesser = Api.newClientAddress();

        Api.unauthorized(join(guesser, "0000-0000-0000-0000"));
        clock.advance(Duration.ofMinutes(2));
        // a success from the same address is not counted and does not move the window
        join(guesser, code).statusCode(200);
        for (int i = 1; i < budget; i++) {
            Api.unauthorized(join(guesser, "0000-0000-0000-" + (1000 + i)));
        }

        long rest = window.minusMinutes(2).toSeconds();
        tooMany(join(guesser, "0000-0000-0000-9999"), rest);
        tooMany(join(guesser, code), rest); // the right code too: the guesser cannot tell
        // other addresses go on as before, and the guesser's address still logs in and uses reset codes
        join(Api.newClientAddress(), code).statusCode(200);
        Api.unauthorized(join(Api.newClientAddress(), "0000-0000-0000-9999"));
        String host = "host-" + unique();
        String hostId = Api.createUser(host, "mat-khau-diem-cau-1", "SITE_HOST", s.remote());
        Api.login(guesser, host, "mat-khau-diem-cau-1").statusCode(200);
        resetWith(guesser, host, Api.resetCode(hostId)).statusCode(204);

        clock.freeze(start.plus(window).minusSeconds(1));
        tooMany(join(guesser, code), 1);
        clock.freeze(start.plus(window));
        join(guesser, code).statusCode(200);
        Api.unauthorized(join(guesser, "0000-0000-0000-9999")); // a new window, from this failure
    }

    @Test
    void aResetCodeGuesserIsStoppedPerAddressAndTheRightCodeWorksFromElsewhere() {
        String username = "host-" + unique();
        String id = Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        String code = Api.resetCode(id);
        String guesser = Api.newClientAddress();

        for (int i = 0; i < budget; i++) {
            Api.unauthorized(resetWith(guesser, username, "7K3M-Q9TX-2HPW-" + (1000 + i)));
        }
        tooMany(resetWith(guesser, username, code), window.toSeconds());
        // the guesser's joins are another budget
        Api.unauthorized(join(guesser, "0000-0000-0000-0000"));

        resetWith(Api.newClientAddress(), username, code).statusCode(204);
        Api.login(username, "mat-khau-moi-9");
    }

    @Test
    void aPasswordGuesserWaitsLongerAfterEachFailureFromWhateverAddressAndTheRightPasswordWorksAfterTheWait() {
        String username = "host-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        String other = "host-" + unique();
        Api.createUser(other, "mat-khau-dung-2", "SITE_HOST", Api.createSite());
        List<String> addresses = new ArrayList<>();

        for (int i = 0; i < freeFailures; i++) {
            String address = Api.newClientAddress();
            addresses.add(address);
            Api.unauthorized(Api.login(address, username, "sai-" + i));
        }
        long wait = backoff.toSeconds();
        tooMany(Api.login(Api.newClientAddress(), username, "sai-x"), wait);
        // the right password too, from anywhere; another account from the guesser's addresses is not concerned
        tooMany(Api.login(Api.newClientAddress(), username, "mat-khau-dung-1"), wait);
        for (String address : addresses) {
            Api.login(address, other, "mat-khau-dung-2").statusCode(200);
        }

        // each failure after the wait doubles it, up to the longest
        for (int i = 0; i < 14; i++) {
            clock.advance(Duration.ofSeconds(wait));
            Api.unauthorized(Api.login(Api.newClientAddress(), username, "sai-" + i));
            wait = Math.min(wait * 2, maxBackoff.toSeconds());
            tooMany(Api.login(Api.newClientAddress(), username, "sai-" + i), wait);
        }
        assertEquals(maxBackoff.toSeconds(), wait);

        clock.advance(Duration.ofSeconds(wait - 1));
        tooMany(Api.login(Api.newClientAddress(), username, "mat-khau-dung-1"), 1);
        clock.advance(Duration.ofSeconds(1));
        Api.login(Api.newClientAddress(), username, "mat-khau-dung-1").statusCode(200);
        // which cleared the failures: the free ones are free again
        for (int i = 0; i < freeFailures; i++) {
            Api.unauthorized(Api.login(Api.newClientAddress(), username, "sai-" + i));
        }
    }

    @Test
    void anUnknownAccountNameIsThrottledAlikeSoThatNoAnswerTellsWhoExists() {
        String known = "host-" + unique();
        Api.createUser(known, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        String unknown = "nobody-" + unique();
        for (int i = 0; i < freeFailures; i++) {
            Api.unauthorized(Api.login(Api.newClientAddress(), known, "sai-" + i));
            Api.unauthorized(Api.login(Api.newClientAddress(), unknown, "sai-" + i));
        }
        Map<String, Object> refusedKnown = tooMany(Api.login(Api.newClientAddress(), known, "sai"), backoff.toSeconds())
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> refusedUnknown = tooMany(
                        Api.login(Api.newClientAddress(), unknown.toUpperCase(), "sai"), backoff.toSeconds())
                .extract()
                .jsonPath()
                .getMap("");
        refusedKnown.remove("instance");
        refusedUnknown.remove("instance");
        assertEquals(refusedKnown, refusedUnknown);
    }

    @Test
    void aPasswordChangeWithTheCurrentPasswordIsALogin() {
        String username = "host-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite());
        for (int i = 0; i < freeFailures; i++) {
            Api.unauthorized(changeWithCurrent(username, "sai-" + i, "mat-khau-moi-9"));
        }
        tooMany(Api.login(Api.newClientAddress(), username, "mat-khau-dung-1"), backoff.toSeconds());
        tooMany(changeWithCurrent(username, "mat-khau-dung-1", "mat-khau-moi-9"), backoff.toSeconds());
        // a new password the policy refuses costs no attempt, whatever the wait
        Api.invalid(changeWithCurrent(username, "mat-khau-dung-1", "mat-khau-dung-1"), "newPassword");

        clock.advance(backoff);
        changeWithCurrent(username, "mat-khau-dung-1", "mat-khau-moi-9").statusCode(204);
        Api.login(username, "mat-khau-moi-9");
    }

    @Test
    void xForwardedForFromAnAddressThatIsNotATrustedProxyIsIgnored() {
        Api.Setup s = Api.setup();
        String code = (String)
                Api.createDelegate(s.conference(), s.remote(), "Trần Thị Mai").get("joinCode");

        // 127.0.0.2 (loopback, but not the trusted 127.0.0.1) claims a new address with every guess: all count
        // against 127.0.0.2 itself
        for (int i = 0; i < budget; i++) {
            Api.unauthorized(untrusted(Api.newClientAddress())
                    .body(Map.of("code", "0000-0000-0000-" + (1000 + i)))
                    .post("/api/join")
                    .then());
        }
        tooMany(
                untrusted(Api.newClientAddress())
                        .body(Map.of("code", code))
                        .post("/api/join")
                        .then(),
                window.toSeconds());
        // while a client forwarded by the trusted proxy is told apart by its forwarded address
        join(Api.newClientAddress(), code).statusCode(200);
    }

    // ---- helpers ----

    /**
     * A request from 127.0.0.2, which the test profile does not trust, claiming to forward {@code spoofed}. (Linux
     * routes all of 127.0.0.0/8 to the loopback interface, but answers from 127.0.0.1 unless the client binds its
     * socket to another address.)
     */
    static RequestSpecification untrusted(String spoofed) {
        InetAddress local;
        try {
            local = InetAddress.getByName("127.0.0.2");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return RestAssured.given()
                .config(RestAssured.config()
                        .httpClient(HttpClientConfig.httpClientConfig().setParam("http.route.local-address", local)))
                .contentType(ContentType.JSON)
                .header("X-Forwarded-For", spoofed);
    }

    private static ValidatableResponse join(String address, String code) {
        return Api.from(address).body(Map.of("code", code)).post("/api/join").then();
    }

    private static ValidatableResponse resetWith(String address, String username, String code) {
        return Api.setPasswordWithCode(address, username, code, "mat-khau-moi-9");
    }

    private static ValidatableResponse changeWithCurrent(String username, String current, String newPassword) {
        return anonymous()
                .body(Map.of("username", username, "currentPassword", current, "newPassword", newPassword))
                .post("/api/auth/password")
                .then();
    }

    /** A 429 that says to come back in exactly {@code seconds}. */
    private static ValidatableResponse tooMany(ValidatableResponse response, long seconds) {
        return Api.problem(response, 429, "too-many-attempts").header("Retry-After", String.valueOf(seconds));
    }
}
