package bridgepoint.live;

import bridgepoint.support.LiveClient;
import bridgepoint.support.RestartablePostgres;
import bridgepoint.support.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several instances of the packaged service sharing only PostgreSQL: a change committed through one reaches
 * the WebSocket clients of the other; the stream survives a database restart (readiness goes down meanwhile and comes
 * back by itself); a logout and a site leaving the conference through one instance close the sockets they concern on
 * the other; an instance that shuts down tells its clients (1001), which resume on another instance without losing an
 * event, and finishes the request it was running.
 */
class LiveClusterIT {

    @TempDir
    static Path data;

    static RestartablePostgres postgres;

    @BeforeAll
    static void database() {
        postgres = new RestartablePostgres(data);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static Map<String, String> env() {
        return postgres.serviceEnv(Map.of());
    }

    @Test
    void eventsCrossInstancesSurviveADatabaseRestartAndAShutdown() throws Exception {
        try (ServiceProcess a = ServiceProcess.start("cluster-a", env());
                ServiceProcess b = ServiceProcess.start("cluster-b", env())) {
            a.awaitReady();
            b.awaitReady();
            String token = adminToken(a);
            String conference = liveConference(a, token);

            // A change made through A reaches a client of B.
            LiveClient onB = LiveClient.connect(b.baseUrl(), conference, token, null, null, 0);
            JsonNode snapshot = onB.next();
            assertEquals("snapshot", snapshot.get("type").asText());
            long sent = System.nanoTime();
            announce(a, token, conference, "qua A, tới B");
            JsonNode event = onB.nextOfType("announcement");
            long millis = (System.nanoTime() - sent) / 1_000_000;
            assertEquals("qua A, tới B", event.at("/data/text").asText());
            assertTrue(millis < 2000, "cross-instance delivery took " + millis + " ms");

            // PostgreSQL stops: both instances say they are not ready (and stay alive); it starts again: they
            // reconnect by themselves, become ready again without a restart, and B's client misses nothing.
            postgres.stop();
            for (ServiceProcess instance : List.of(a, b)) {
                await("readiness down without the database")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> instance.health("ready", Duration.ofSeconds(10)) == 503);
                assertEquals(
                        200, instance.health("live", Duration.ofSeconds(10)), "liveness does not follow the database");
            }
            postgres.start();
            for (ServiceProcess instance : List.of(a, b)) {
                await("readiness up again")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> instance.health("ready", Duration.ofSeconds(10)) == 200);
                assertEquals(1, instance.metric("bridgepoint_live_listener_reconnects_total"), "listener reconnected");
                assertEquals(1, instance.metric("bridgepoint_live_listener_connected"));
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> tryAnnounce(a, token, conference, "sau khi khởi động lại") == 200);
            JsonNode afterRestart = onB.until(
                    m -> "sau khi khởi động lại".equals(m.at("/data/text").asText()));
            // every event since its snapshot, across the database restart, once and in order
            List<Long> seen = onB.received();
            assertEquals(
                    range(snapshot.get("seq").asLong(), afterRestart.get("seq").asLong()), seen);

            // A socket follows its token on every instance: a logout through A closes its socket on B (4003), and a
            // site leaving the conference through A closes its host's socket on B (4004).
            String site = createSite(a, token);
            on(a, token)
                    .body(Map.of("role", "REMOTE"))
                    .put("/api/conferences/" + conference + "/sites/" + site)
                    .then()
                    .statusCode(201);
            String username = "host-" + System.nanoTime();
            on(a, token)
                    .body(Map.of(
                            "username",
                            username,
                            "password",
                            "mat-khau-dai-1",
                            "role",
                            "SITE_HOST",
                            "siteIds",
                            List.of(site)))
                    .post("/api/users")
                    .then()
                    .statusCode(201);
            String host = on(a, null)
                    .body(Map.of("username", username, "password", "mat-khau-dai-1"))
                    .post("/api/auth/token")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("accessToken");
            String leaving = adminToken(a);
            try (LiveClient loggedOut = LiveClient.connect(b.baseUrl(), conference, leaving, null, null, 0);
                    LiveClient hostOnB = LiveClient.connect(b.baseUrl(), conference, host, null, null, 0)) {
                assertEquals("snapshot", loggedOut.next().get("type").asText());
                assertEquals("snapshot", hostOnB.next().get("type").asText());
                on(a, leaving).post("/api/auth/logout").then().statusCode(204);
                assertEquals(4003, loggedOut.awaitClose(), "logged out through A");
                on(a, token)
                        .delete("/api/conferences/" + conference + "/sites/" + site)
                        .then()
                        .statusCode(204);
                assertEquals(4004, hostOnB.awaitClose(), "its site left through A");
            }

            // B shuts down (SIGTERM) while one of its requests waits in its transaction (on a row lock the test
            // holds): its client is told to go away (1001) at once; B lets the request finish, commit and be answered
            // before it stops; the client resumes on A with what it missed.
            try (Connection lock = postgres.embedded().getPostgresDatabase().getConnection();
                    Connection watch = postgres.embedded().getPostgresDatabase().getConnection()) {
                lock.setAutoCommit(false);
                try (PreparedStatement ps = lock.prepareStatement(
                        "select 1 from conference_stream where conference_id = ?::uuid for update")) {
                    ps.setString(1, conference);
                    ps.executeQuery().close();
                }
                CompletableFuture<Integer> running =
                        CompletableFuture.supplyAsync(() -> tryAnnounce(b, token, conference, "trong khi B dừng"));
                await("the request waits for the lock")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> waitingForLocks(watch) > 0);
                b.process().destroy(); // SIGTERM
                assertEquals(1001, onB.awaitClose());
                await("B waits for its running request")
                        .during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(4))
                        .until(() -> b.process().isAlive());
                lock.rollback();
                assertEquals(200, running.get(30, TimeUnit.SECONDS), "the running request was answered");
                b.awaitExit();
            }
            announce(a, token, conference, "khi B đã dừng");
            try (LiveClient onA = LiveClient.connect(a.baseUrl(), conference, token, onB.lastSeq(), onB.epoch(), 0)) {
                JsonNode committed = onA.nextOfType("announcement");
                assertEquals("trong khi B dừng", committed.at("/data/text").asText(), "its transaction committed");
                assertEquals(
                        onB.lastSeq() + 1, committed.get("seq").asLong(), "resumed exactly after the last seq seen");
                assertEquals(
                        "khi B đã dừng",
                        onA.nextOfType("announcement").at("/data/text").asText());
            }
            onB.close();
        }
    }

    private static List<Long> range(long first, long last) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    private static int waitingForLocks(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement()
                .executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String createSite(ServiceProcess service, String token) {
        return on(service, token)
                .body(Map.of("name", "Hội trường " + System.nanoTime()))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String liveConference(ServiceProcess service, String token) {
        String site = createSite(service, token);
        String conference = on(service, token)
                .body(Map.of(
                        "title",
                        "Hội nghị nhiều máy chủ",
                        "startsAt",
                        "2031-06-01T08:00:00+07:00",
                        "endsAt",
                        "2031-06-01T11:30:00+07:00"))
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        on(service, token)
                .body(Map.of("role", "HOST"))
                .put("/api/conferences/" + conference + "/sites/" + site)
                .then()
                .statusCode(201);
        on(service, token)
                .post("/api/conferences/" + conference + "/publish")
                .then()
                .statusCode(200);
        on(service, token)
                .post("/api/conferences/" + conference + "/start")
                .then()
                .statusCode(200);
        return conference;
    }

    private static void announce(ServiceProcess service, String token, String conference, String text) {
        assertEquals(200, tryAnnounce(service, token, conference, text));
    }

    private static int tryAnnounce(ServiceProcess service, String token, String conference, String text) {
        return on(service, token)
                .body(Map.of("text", text))
                .post("/api/conferences/" + conference + "/announcements")
                .statusCode();
    }
}
