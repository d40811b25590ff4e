package bridgepoint;

import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.RestartablePostgres;
import bridgepoint.support.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults with real processes: PostgreSQL stopped and restarted under load; a notification listener that missed a
 * revocation; an instance killed in the middle of an import. Nothing acknowledged is lost, nobody is let in who
 * should not be, and no request answers 500.
 */
class FaultsIT {

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

    private static Map<String, String> env(Map<String, String> more) {
        return postgres.serviceEnv(more);
    }

    // ---- PostgreSQL away under load ----------------------------------------------------------------

    @Test
    void whileTheDatabaseIsAwayRequestsAre503TokensAreNotTakenOnTrustAndNothingAcknowledgedIsLost() throws Exception {
        try (ServiceProcess service =
                ServiceProcess.start("faults-db", env(Map.of())).awaitReady()) {
            String organizer = adminToken(service);
            Conference c = liveConference(service, organizer, 200);
            String unseen = join(service, c.joinCodes().get(0)); // never used here before: its subject is not known
            LiveClient watcher = LiveClient.connect(service.baseUrl(), c.id(), organizer, null, null, 0);
            long snapshotSeq = watcher.next().get("seq").asLong();

            Set<String> checkedIn = ConcurrentHashMap.newKeySet();
            Set<String> announced = ConcurrentHashMap.newKeySet();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> badAnswers = new ArrayList<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                int i = 0;
                while (loading.get()) {
                    int n = i++;
                    Response r = n % 2 == 0 && n / 2 < c.delegates().size()
                            ? on(service, organizer)
                                    .body(Map.of("delegateId", c.delegates().get(n / 2), "siteId", c.site()))
                                    .post("/api/conferences/" + c.id() + "/checkins")
                            : on(service, organizer)
                                    .body(Map.of("text", "thông báo " + n))
                                    .post("/api/conferences/" + c.id() + "/announcements");
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (r.statusCode() / 100 == 2) {
                        (r.path("delegateId") != null ? checkedIn : announced)
                                .add(r.path("delegateId") != null ? r.path("delegateId") : "thông báo " + n);
                    } else if (r.statusCode() != 503 || r.header("Retry-After") == null) {
                        synchronized (badAnswers) {
                            badAnswers.add(r.statusCode() + " " + r.asString());
                        }
                    }
                }
            });
            load.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> checkedIn.size() >= 10);
                postgres.stop();

                await().atMost(Duration.ofSeconds(30)).until(() -> !ready(service));
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                statuses.getOrDefault(503, new AtomicInteger()).get() > 5);
                // a token whose subject cannot be checked is refused, on HTTP and on the WebSocket
                Response refused = on(service, unseen).get("/api/conferences/" + c.id());
                assertEquals(503, refused.statusCode(), refused.asString());
                assertNotNull(refused.header("Retry-After"));
                assertEquals(503, LiveClient.refusal(service.baseUrl(), c.id(), unseen, "after=0"));

                postgres.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> ready(service));
                int before = checkedIn.size() + announced.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> checkedIn.size() + announced.size() > before + 10);
            } finally {
                loading.set(false);
                load.join();
            }

            assertEquals(List.of(), badAnswers, "only 2xx, or 503 with Retry-After: " + statuses);
            assertTrue(statuses.containsKey(503), "the outage was seen: " + statuses);
            // every acknowledged write is there
            Set<String> stored = new HashSet<>(on(service, organizer)
                    .queryParam("current", true)
                    .queryParam("size", 500)
                    .get("/api/conferences/" + c.id() + "/checkins")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items.delegateId"));
            assertTrue(stored.containsAll(checkedIn), "acknowledged check-ins missing: " + diff(checkedIn, stored));
            List<JsonNode> events = events(service, organizer, c.id());
            Set<String> texts = new HashSet<>();
            events.forEach(e -> texts.add(e.at("/data/text").asText()));
            assertTrue(texts.containsAll(announced), "acknowledged announcements missing: " + diff(announced, texts));
            // the watcher, connected throughout, got every event once and in order
            long last = events.get(events.size() - 1).get("seq").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.lastSeq() >= last);
            // (an attendance.updated coalesced after the last check-in may come after the events were read)
            List<Long> received = watcher.received();
            assertEquals(range(snapshotSeq, received.get(received.size() - 1)), received);
            // and the token that could not be checked is taken now
            on(service, unseen).get("/api/conferences/" + c.id()).then().statusCode(200);
            watcher.close();
        }
    }

    // ---- a listener that missed a revocation ------------------------------------------------------------

    @Test
    void aSocketWhoseTokenWasRevokedWhileTheListenerWasAwayIsClosedWhenItIsBack() throws Exception {
        try (ServiceProcess service =
                        ServiceProcess.start("faults-listener", env(Map.of())).awaitReady();
                Connection admin =
                        DriverManager.getConnection(postgres.embedded().getJdbcUrl("postgres", "template1"))) {
            String organizer = adminToken(service);
            Conference c = liveConference(service, organizer, 1);
            LiveClient delegate = LiveClient.connect(
                    service.baseUrl(), c.id(), join(service, c.joinCodes().get(0)), null, null, 0);
            delegate.nextOfType("snapshot");
            try (Statement st = admin.createStatement()) {
                st.execute("alter database postgres allow_connections false");
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where application_name = 'bridgepoint-listener'");
                // revoked through the pool's open connections; the notification finds no listener
                on(service, organizer)
                        .post("/api/conferences/" + c.id() + "/delegates/"
                                + c.delegates().get(0) + "/join-code")
                        .then()
                        .statusCode(200);
                assertFalse(delegate.isClosed(), "nothing told this instance of the revocation yet");
            } finally {
                try (Statement st = admin.createStatement()) {
                    st.execute("alter database postgres allow_connections true");
                }
            }
            assertEquals(4003, delegate.awaitClose(), "closed once the listener is back and checked it again");
        }
    }

    // ---- an instance dies in the middle of an import ------------------------------------------------------

    @Test
    void anImportWhoseInstanceWasKilledIsMarkedFailedByAnotherInstance() {
        Map<String, String> env = env(Map.of("BRIDGEPOINT_IMPORT_STALE_AFTER", "PT3S"));
        try (ServiceProcess a = ServiceProcess.start("faults-import-a", env);
                ServiceProcess b = ServiceProcess.start("faults-import-b", env)) {
            a.awaitReady();
            b.awaitReady();
            String organizer = adminToken(a);
            Conference c = liveConference(a, organizer, 1);
            int before = on(a, organizer)
                    .get("/api/conferences/" + c.id() + "/delegates")
                    .path("total");
            StringBuilder csv = new StringBuilder("fullName,site\n");
            for (int i = 0; i < 50_000; i++) {
                csv.append("Đại biểu ").append(i).append(',').append(c.site()).append('\n');
            }
            String job = on(a, organizer)
                    .contentType("text/csv; charset=utf-8")
                    .body(csv.toString())
                    .post("/api/conferences/" + c.id() + "/delegates/import")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("jobId");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> on(b, organizer).get("/api/imports/" + job).path("processed"), p -> (int) p > 0);
            a.kill();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> on(b, organizer).get("/api/imports/" + job).path("status"), "FAILED"::equals);
            Response done = on(b, organizer).get("/api/imports/" + job);
            assertTrue(done.asString().contains("went away"), done.asString());
            int created = done.path("created");
            int stored = on(b, organizer)
                            .get("/api/conferences/" + c.id() + "/delegates")
                            .<Integer>path("total")
                    - before;
            assertTrue(created < 50_000, done.asString());
            // the batch in flight when the instance died either committed after the last count or not at all
            assertTrue(stored >= created && stored <= created + 500, stored + " stored, " + created + " counted");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    record Conference(String id, String site, List<String> delegates, List<String> joinCodes) {}

    private static Conference liveConference(ServiceProcess service, String token, int delegates) {
        String site = on(service, token)
                .body(Map.of("name", "Hội trường " + System.nanoTime()))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String id = on(service, token)
                .body(Map.of(
                        "title", "Hội nghị chịu lỗi",
                        "startsAt", "2032-06-01T08:00:00+07:00",
                        "endsAt", "2032-06-01T11:30:00+07:00"))
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        on(service, token)
                .body(Map.of("role", "HOST"))
                .put("/api/conferences/" + id + "/sites/" + site)
                .then()
                .statusCode(201);
        List<String> ids = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < delegates; i++) {
            Response d = on(service, token)
                    .body(Map.of("fullName", "Đại biểu " + i, "siteId", site))
                    .post("/api/conferences/" + id + "/delegates");
            d.then().statusCode(201);
            ids.add(d.path("id"));
            codes.add(d.path("joinCode"));
        }
        on(service, token).post("/api/conferences/" + id + "/publish").then().statusCode(200);
        on(service, token).post("/api/conferences/" + id + "/start").then().statusCode(200);
        return new Conference(id, site, ids, codes);
    }

    private static List<JsonNode> events(ServiceProcess service, String token, String conference) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = Live.json(on(service, token)
                    .queryParam("after", after)
                    .queryParam("size", 1000)
                    .get("/api/conferences/" + conference + "/events")
                    .asString());
            page.get("items").forEach(all::add);
            if (page.get("items").size() < 1000) {
                return all;
            }
            after = all.get(all.size() - 1).get("seq").asLong();
        }
    }

    private static boolean ready(ServiceProcess service) {
        try {
            return service.health("ready", Duration.ofSeconds(2)) == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<Long> range(long first, long last) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    private static Set<String> diff(Set<String> expected, Set<String> actual) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        return missing;
    }

    private static String join(ServiceProcess service, String code) {
        return on(service, null)
                .body(Map.of("code", code))
                .post("/api/join")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }
}
