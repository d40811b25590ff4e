package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Management;
import bridgepoint.support.Metrics;
import bridgepoint.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics of the README's table (Operations) move when what they count happens. (The listener's reconnects are
 * counted in {@code LiveClusterIT}, which restarts the database.)
 */
@QuarkusTest
class MetricsTest {

    @Inject
    TestClock clock;

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.login.free-failures")
    int freeFailures;

    @Test
    void liveStreamMetricsMove() {
        Scrape before = Scrape.read();
        Api.Setup s = Live.liveConference();
        String conference = "conference=\"" + s.conference() + "\"";
        try (LiveClient client = LiveClient.connect(s.conference(), Api.organizer())) {
            client.next(); // the snapshot: subscribed
            Live.announce(s.conference(), "Đo lường", null);
            client.nextOfType("announcement");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Scrape now = Scrape.read();
                assertTrue(now.value("bridgepoint_live_connections") >= 1, "connected clients");
                assertEquals(1, now.value("bridgepoint_live_conference_connections", conference), "its conference");
                assertTrue(now.grew(before, "bridgepoint_live_events_published_total"), "events published");
                assertTrue(now.grew(before, "bridgepoint_live_delivery_seconds_count"), "deliveries timed");
                assertTrue(now.grew(before, "bridgepoint_live_delivery_seconds_bucket", "le=\"5.0\""), "histogram");
                assertEquals(1, now.value("bridgepoint_live_listener_connected"), "listener connected");
                assertTrue(now.has("bridgepoint_live_listener_reconnects_total"), "listener reconnects");
            });
        }
        // a conference without clients here loses its gauge: the series stay bounded
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !Scrape.read().has("bridgepoint_live_conference_connections", conference));
    }

    @Test
    void checkInsAreCounted() {
        Scrape before = Scrape.read();
        Api.Setup s = Attendance.scheduled();
        String delegate = Attendance.delegate(s, s.remote(), "Nguyễn Văn Đếm");
        Attendance.checkIn(s, delegate, null).statusCode(201);
        Attendance.checkIn(s, delegate, null).statusCode(200);

        Scrape now = Scrape.read();
        String organizer = "method=\"ORGANIZER\"";
        assertEquals(
                1,
                now.value("bridgepoint_attendance_checkins_total", organizer, "outcome=\"created\"")
                        - before.value("bridgepoint_attendance_checkins_total", organizer, "outcome=\"created\""));
        assertEquals(
                1,
                now.value("bridgepoint_attendance_checkins_total", organizer, "outcome=\"repeated\"")
                        - before.value("bridgepoint_attendance_checkins_total", organizer, "outcome=\"repeated\""));
    }

    @Test
    void failedAndThrottledLoginsAndJoinsAreCountedByKind() {
        Scrape before = Scrape.read();
        String username = "nobody-" + Api.unique(); // unknown names are throttled like accounts
        clock.freeze(Instant.now()); // the wait after the free failures is not over
        try {
            for (int i = 0; i < freeFailures; i++) {
                Api.anonymous()
                        .body(Map.of("username", username, "password", "wrong-" + i))
                        .post("/api/auth/token")
                        .then()
                        .statusCode(401);
            }
            Api.anonymous()
                    .body(Map.of("username", username, "password", "wrong"))
                    .post("/api/auth/token")
                    .then()
                    .statusCode(429);
        } finally {
            clock.reset();
        }
        Api.anonymous()
                .body(Map.of("code", "AAAA-BBBB-CCCC-DDDD"))
                .post("/api/join")
                .then()
                .statusCode(401);

        Scrape now = Scrape.read();
        String login = "kind=\"login\"";
        String join = "kind=\"join\"";
        assertEquals(
                freeFailures,
                now.value("bridgepoint_auth_failures_total", login)
                        - before.value("bridgepoint_auth_failures_total", login));
        assertEquals(
                1,
                now.value("bridgepoint_auth_throttled_total", login)
                        - before.value("bridgepoint_auth_throttled_total", login));
        assertEquals(
                1,
                now.value("bridgepoint_auth_failures_total", join)
                        - before.value("bridgepoint_auth_failures_total", join));
    }

    /** The Prometheus text of /q/metrics. */
    record Scrape(String text) {

        static Scrape read() {
            return new Scrape(Management.request()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
        }

        double value(String name, String... labels) {
            return Metrics.value(text, name, labels);
        }

        boolean has(String name, String... labels) {
            return Metrics.has(text, name, labels);
        }

        boolean grew(Scrape before, String name, String... labels) {
            return value(name, labels) > before.value(name, labels);
        }
    }
}
