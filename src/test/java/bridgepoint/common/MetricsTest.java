package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Management;
import bridgepoint.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
    void failedAndThrottledLoginsAreCounted() {
        Scrape before = Scrape.read();
        String client = Api.newClientAddress();
        for (int i = 0; i < 10; i++) {
            Api.from(client)
                    .body(Map.of("username", "admin", "password", "wrong-" + i))
                    .post("/api/auth/token")
                    .then()
                    .statusCode(401);
        }
        Api.from(client)
                .body(Map.of("code", "AAAA-BBBB-CCCC-DDDD"))
                .post("/api/join")
                .then()
                .statusCode(429);

        Scrape now = Scrape.read();
        assertEquals(
                10, now.value("bridgepoint_auth_failures_total") - before.value("bridgepoint_auth_failures_total"));
        assertEquals(
                1, now.value("bridgepoint_auth_throttled_total") - before.value("bridgepoint_auth_throttled_total"));
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
