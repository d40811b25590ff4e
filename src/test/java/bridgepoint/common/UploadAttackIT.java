package bridgepoint.common;

import bridgepoint.support.RawUpload;
import bridgepoint.support.RawUpload.Answer;
import bridgepoint.support.ServiceProcess;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upload attack of issue 26 against the packaged service with a 256 MB heap ({@code -Xmx256m}, the default of
 * {@link ServiceProcess#start(String, Map)}): 24 clients
 * without a token each upload 14 MB of {@code text/csv} to a delegate import at 1.5 MB/s, over and over, ignoring
 * the answer; meanwhile six organizers upload 14 MB imports at the same pace, more than the instance may hold at
 * once. Liveness is asked every 200 ms throughout. Before the gate (bodies read into memory before the caller was
 * known) the instance ran out of memory, stopped answering liveness and answered no upload.
 */
class UploadAttackIT {

    private static final int SIZE = 14_000_000;
    private static final int RATE = 1_500_000; // bytes per second, per upload
    private static final int SLICE = 50_000;
    private static final int ATTACKERS = 24;
    private static final int ORGANIZERS = 6;
    private static final Duration ATTACK = Duration.ofSeconds(20);

    /** The folder of the instance's own embedded PostgreSQL, as the packaged service runs without a database URL. */
    @TempDir
    static Path data;

    /** A probe of liveness: its status (-1: no answer within a second) and how long it took. */
    private record Probe(int status, long millis) {}

    @Test
    void unauthenticatedUploadsAreRefusedUnreadAndTheInstanceStaysAliveWithinItsBudget() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(
                        "upload-attack", Map.of("BRIDGEPOINT_DATA_DIR", data.toString()))
                .awaitReady()) {
            String organizer = adminToken(service);
            String[] conference = conference(service, organizer);
            String importPath = "/api/conferences/" + conference[0] + "/delegates/import";
            byte[] csv = csv(conference[1]);
            int rows = (int) new String(csv, StandardCharsets.UTF_8).lines().count() - 1;

            ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
            ScheduledExecutorService liveness = Executors.newSingleThreadScheduledExecutor();
            liveness.scheduleWithFixedDelay(
                    () -> {
                        long start = System.nanoTime();
                        int status = service.health("live", Duration.ofSeconds(1));
                        probes.add(new Probe(status, (System.nanoTime() - start) / 1_000_000));
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);

            Map<Integer, AtomicInteger> attackAnswers = new ConcurrentHashMap<>();
            List<Integer> organizerAnswers = new ArrayList<>();
            List<String> jobs = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(ATTACKERS + ORGANIZERS);
            try {
                long end = System.nanoTime() + ATTACK.toNanos();
                List<Future<?>> attackers = new ArrayList<>();
                for (int i = 0; i < ATTACKERS; i++) {
                    attackers.add(clients.submit(() -> {
                        while (System.nanoTime() < end) {
                            int status = attack(service.port(), importPath);
                            attackAnswers
                                    .computeIfAbsent(status, s -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }));
                }
                List<Future<Answer>> uploads = new ArrayList<>();
                for (int i = 0; i < ORGANIZERS; i++) {
                    uploads.add(clients.submit(() -> upload(service.port(), importPath, organizer, csv)));
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                for (Future<Answer> upload : uploads) {
                    Answer answer = within(upload, deadline);
                    organizerAnswers.add(answer == null ? -1 : answer.status());
                    if (answer != null && answer.status() == 202) {
                        jobs.add(answer.body().replaceAll(".*\"jobId\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
                    }
                }
                for (Future<?> attacker : attackers) {
                    within(attacker, deadline);
                }
            } finally {
                clients.shutdownNow();
                liveness.shutdown();
                liveness.awaitTermination(5, TimeUnit.SECONDS);
            }

            assertFalse(service.output().contains("OutOfMemoryError"), "OutOfMemoryError in the service's log");
            assertTrue(service.process().isAlive(), "the service is still running");
            List<Probe> slow = probes.stream()
                    .filter(p -> p.status() != 200 || p.millis() > 1000)
                    .toList();
            assertEquals(List.of(), slow, "liveness answers 200 within 1 s throughout (" + probes.size() + " probes)");
            assertTrue(probes.size() > ATTACK.toSeconds() * 2, probes.size() + " probes");
            assertEquals(Map.of(401, attackAnswers.get(401)), Map.copyOf(attackAnswers), "every attack upload: 401");
            assertTrue(attackAnswers.get(401).get() >= ATTACKERS, attackAnswers.toString());
            // the budget (64 MB by default) takes four 14 MB uploads at once: the others wait for a retry
            assertTrue(
                    organizerAnswers.stream().allMatch(s -> s == 202 || s == 503),
                    "organizers' uploads: 202 or 503: " + organizerAnswers);
            assertTrue(organizerAnswers.contains(503), "the budget was reached: " + organizerAnswers);
            assertTrue(organizerAnswers.contains(202), "uploads within the budget are taken: " + organizerAnswers);
            for (String job : jobs) {
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> on(service, organizer)
                                        .get("/api/imports/" + job)
                                        .path("status"),
                                s -> !"RUNNING".equals(s));
                JsonPath done =
                        on(service, organizer).get("/api/imports/" + job).jsonPath();
                assertEquals("DONE", done.getString("status"), done.prettify());
                assertEquals(rows, done.getInt("created"), done.prettify());
            }
            System.out.printf(
                    "Upload attack: %s attack answers, organizers %s, %d liveness probes, slowest %d ms%n",
                    new TreeMap<>(attackAnswers),
                    organizerAnswers,
                    probes.size(),
                    probes.stream().mapToLong(Probe::millis).max().orElse(0));
        }
    }

    /**
     * One upload of the attack: the head of a 14 MB CSV upload without a token, then the body at 1.5 MB/s, sent on
     * whatever the server answers until it no longer takes it; the answer's status (-1: none).
     */
    private static int attack(int port, String path) {
        byte[] slice = new byte[SLICE];
        Arrays.fill(slice, (byte) 'x');
        try (RawUpload upload = RawUpload.start(
                port,
                "POST",
                path,
                Map.of("Content-Type", "text/csv", "Content-Length", Integer.toString(SIZE)),
                "fullName,site\n".getBytes(StandardCharsets.UTF_8))) {
            Answer answer = null;
            long start = System.nanoTime();
            for (long sent = 0; sent < SIZE; sent += SLICE) {
                pace(start, sent);
                if (answer == null && upload.answering()) {
                    answer = upload.answer(Duration.ofSeconds(5));
                }
                if (!upload.send(slice)) {
                    break;
                }
            }
            if (answer == null) {
                answer = upload.answer(Duration.ofSeconds(10));
            }
            return answer == null ? -1 : answer.status();
        }
    }

    /** An organizer's upload of {@code csv} at 1.5 MB/s, stopped if the server answers first; its answer. */
    private static Answer upload(int port, String path, String token, byte[] csv) {
        try (RawUpload upload = RawUpload.start(
                port,
                "POST",
                path,
                Map.of(
                        "Content-Type",
                        "text/csv; charset=UTF-8",
                        "Content-Length",
                        Integer.toString(csv.length),
                        "Authorization",
                        "Bearer " + token),
                new byte[0])) {
            long start = System.nanoTime();
            for (int sent = 0; sent < csv.length && !upload.answering(); sent += SLICE) {
                pace(start, sent);
                if (!upload.send(csv, sent, Math.min(SLICE, csv.length - sent))) {
                    break;
                }
            }
            return upload.answer(Duration.ofSeconds(60));
        }
    }

    /**
     * What a client gave by {@code deadline}; null if it had not ended by then: a server that reads no more leaves its
     * client blocked in a write.
     */
    private static <T> T within(Future<T> client, long deadline) throws Exception {
        try {
            return client.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            client.cancel(true);
            return null;
        }
    }

    /** Waits until {@code sent} bytes are due at the attack's rate: the pace of a client, not a wait for a state. */
    private static void pace(long start, long sent) {
        long due = start + sent * 1_000_000_000L / RATE;
        LockSupport.parkNanos(due - System.nanoTime());
    }

    /** A delegate import of about 14 MB: few rows, each with a wide column nobody imports. */
    private static byte[] csv(String siteId) {
        String note = "x".repeat(4000);
        StringBuilder csv = new StringBuilder("fullName,site,note\n");
        for (int i = 0; csv.length() < SIZE; i++) {
            csv.append("Dai bieu ")
                    .append(i)
                    .append(',')
                    .append(siteId)
                    .append(',')
                    .append(note)
                    .append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A conference with one HOST site: its id and the site's. */
    private static String[] conference(ServiceProcess service, String organizer) {
        String site = on(service, organizer)
                .body(Map.of("name", "Hội trường Hà Nội"))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String day = LocalDate.now().plusDays(30).toString();
        String conference = on(service, organizer)
                .body(Map.of(
                        "title",
                        "Hội nghị tổng kết",
                        "startsAt",
                        day + "T08:00:00+07:00",
                        "endsAt",
                        day + "T11:30:00+07:00",
                        "timeZone",
                        "Asia/Ho_Chi_Minh"))
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        on(service, organizer)
                .body(Map.of("role", "HOST"))
                .put("/api/conferences/" + conference + "/sites/" + site)
                .then()
                .statusCode(201);
        return new String[] {conference, site};
    }
}
