package bridgepoint.live;

import bridgepoint.support.LiveClient;
import bridgepoint.support.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several instances of the packaged service sharing only PostgreSQL: a change committed through one reaches
 * the WebSocket clients of the other; the stream survives a database restart; an instance that shuts down
 * tells its clients (1001), which resume on another instance without losing an event.
 */
class LiveClusterIT {

    @TempDir
    static Path data;

    static EmbeddedPostgres postgres;
    static int port;

    @BeforeAll
    static void database() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = startPostgres();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static Map<String, String> env() {
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                postgres.getJdbcUrl("postgres", "postgres"),
                "QUARKUS_DATASOURCE_USERNAME",
                "postgres",
                "QUARKUS_DATASOURCE_PASSWORD",
                "");
    }

    @Test
    void eventsCrossInstancesSurviveADatabaseRestartAndAShutdown() throws Exception {
        try (ServiceProcess a = ServiceProcess.start("cluster-a", env());
                ServiceProcess b = ServiceProcess.start("cluster-b", env())) {
            a.awaitReady();
            b.awaitReady();
            String token = token(a);
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

            // PostgreSQL restarts: both instances reconnect by themselves and B's client misses nothing.
            postgres.close();
            postgres = startPostgres();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> tryAnnounce(a, token, conference, "sau khi khởi động lại") == 200);
            JsonNode afterRestart = onB.until(
                    m -> "sau khi khởi động lại".equals(m.at("/data/text").asText()));
            // every event since its snapshot, across the database restart, once and in order
            List<Long> seen = onB.received();
            assertEquals(
                    range(snapshot.get("seq").asLong(), afterRestart.get("seq").asLong()), seen);

            // B shuts down: its client is told to go away (1001) and resumes on A with what it missed.
            int code = closeOf(onB, b);
            assertEquals(1001, code);
            announce(a, token, conference, "khi B đã dừng");
            try (LiveClient onA = LiveClient.connect(a.baseUrl(), conference, token, onB.lastSeq(), onB.epoch(), 0)) {
                JsonNode missed = onA.nextOfType("announcement");
                assertEquals("khi B đã dừng", missed.at("/data/text").asText());
                assertEquals(onB.lastSeq() + 1, missed.get("seq").asLong(), "resumed exactly after the last seq seen");
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

    private static int closeOf(LiveClient client, ServiceProcess instance) {
        instance.stop();
        return client.awaitClose();
    }

    private static RequestSpecification on(ServiceProcess service, String token) {
        RequestSpecification spec =
                RestAssured.given().baseUri(service.baseUrl()).contentType(ContentType.JSON);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    private static String token(ServiceProcess service) {
        return on(service, null)
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    private static String liveConference(ServiceProcess service, String token) {
        String site = on(service, token)
                .body(Map.of("name", "Hội trường " + System.nanoTime()))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
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
