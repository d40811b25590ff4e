package bridgepoint.bench;

import bridgepoint.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * The attendance benchmark ({@code ./mvnw -Pbench verify}, see README): the packaged service in its own process
 * on a durable PostgreSQL (fsync and synchronous commit on), a delegate import of 10,000 rows, then check-ins
 * from {@code bench.checkin.clients} (50) concurrent clients for {@code bench.checkin.seconds} (20 s) after a
 * warm-up. Reports import time, sustained check-ins/s and latency percentiles. Results: stdout and
 * {@code target/bench/attendance.txt}.
 */
class AttendanceBenchmark {

    private static final int IMPORT_ROWS = Integer.getInteger("bench.import.rows", 10_000);
    private static final int CLIENTS = Integer.getInteger("bench.checkin.clients", 50);
    private static final int SECONDS = Integer.getInteger("bench.checkin.seconds", 20);
    private static final int WARMUP_SECONDS = 5;
    private static final List<String> SERVICE_JVM = List.of(System.getProperty("bench.jvm",
            "-Xmx256m -Xss512k -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:+UseSerialGC "
                    + "-XX:MaxDirectMemorySize=64m").split(" "));

    private final StringBuilder report = new StringBuilder();

    @Test
    void importAndCheckIns() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100").start();
             ServiceProcess service = ServiceProcess.start("bench-attendance", Map.of(
                     "QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"),
                     "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_DATASOURCE_PASSWORD", "",
                     "QUARKUS_LOG_LEVEL", "WARN"), SERVICE_JVM).awaitReady()) {
            line("service JVM: %s; PostgreSQL with fsync and synchronous_commit on", String.join(" ", SERVICE_JVM));
            String token = token(service);
            String[] sites = new String[2];
            String conference = conference(service, token, sites);

            // Import: 10,000 rows, timed from the upload to the job's DONE.
            long start = System.nanoTime();
            String job = on(service, token).contentType("text/csv; charset=UTF-8").body(csv(IMPORT_ROWS, 0))
                    .post("/api/conferences/" + conference + "/delegates/import").then().statusCode(202).extract().path("jobId");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                    "DONE".equals(on(service, token).get("/api/imports/" + job).then().statusCode(200).extract().path("status")));
            long importMs = (System.nanoTime() - start) / 1_000_000;
            int created = on(service, token).get("/api/imports/" + job).then().extract().path("created");
            line("import: %d rows -> %d delegates in %d ms (upload to DONE)", IMPORT_ROWS, created, importMs);
            // More delegates, so that the run checks in people who are not checked in yet most of the time.
            String job2 = on(service, token).contentType("text/csv; charset=UTF-8").body(csv(30_000, IMPORT_ROWS))
                    .post("/api/conferences/" + conference + "/delegates/import").then().statusCode(202).extract().path("jobId");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() ->
                    "DONE".equals(on(service, token).get("/api/imports/" + job2).then().extract().path("status")));
            List<String> delegates = new ArrayList<>();
            for (int page = 0; delegates.size() < 40_000; page++) {
                List<String> ids = on(service, token).get("/api/conferences/" + conference + "/delegates?size=500&page=" + page)
                        .then().statusCode(200).extract().jsonPath().getList("items.id");
                if (ids.isEmpty()) {
                    break;
                }
                delegates.addAll(ids);
            }
            line("%d delegates in the conference", delegates.size());

            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost")
                    .setDefaultPort(service.port()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CLIENTS));
            Run warmup = run(http, conference, token, delegates, sites, Duration.ofSeconds(WARMUP_SECONDS), 0);
            Run measured = run(http, conference, token, delegates, sites, Duration.ofSeconds(SECONDS), warmup.next.get());
            long[] sorted = measured.latencies();
            line("check-ins: %d clients for %d s: %d check-ins, %.0f check-ins/s; latency p50 %.1f ms, p99 %.1f ms, "
                            + "max %.1f ms; %d errors",
                    CLIENTS, SECONDS, sorted.length, sorted.length / (double) SECONDS, pct(sorted, 50), pct(sorted, 99),
                    pct(sorted, 100), measured.errors.get());
            line("service resident memory after the run: %d MB", service.residentBytes() >> 20);
            http.close();
        } finally {
            vertx.close();
            Path out = Path.of("target/bench/attendance.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report.toString());
        }
    }

    /** A closed-loop run: each client sends its next check-in as soon as the previous one is answered. */
    private static Run run(HttpClient http, String conference, String token, List<String> delegates, String[] sites,
                           Duration length, int firstDelegate) throws InterruptedException {
        Run run = new Run(firstDelegate);
        long end = System.nanoTime() + length.toNanos();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            next(http, conference, token, delegates, sites, run, end, done);
        }
        done.await(length.toSeconds() + 60, TimeUnit.SECONDS);
        return run;
    }

    private static void next(HttpClient http, String conference, String token, List<String> delegates, String[] sites,
                             Run run, long end, CountDownLatch done) {
        if (System.nanoTime() > end) {
            done.countDown();
            return;
        }
        int i = run.next.getAndIncrement();
        String delegate = delegates.get(i % delegates.size());
        String site = sites[(i / delegates.size()) % 2]; // a second round moves everyone to the other site
        String body = "{\"delegateId\":\"" + delegate + "\",\"siteId\":\"" + site + "\"}";
        long sent = System.nanoTime();
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/conferences/" + conference + "/checkins")
                        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> {
                    if (ar.succeeded() && (ar.result() == 201 || ar.result() == 200)) {
                        run.record(System.nanoTime() - sent);
                    } else {
                        run.errors.incrementAndGet();
                    }
                    next(http, conference, token, delegates, sites, run, end, done);
                });
    }

    private static final class Run {
        final AtomicInteger next;
        final AtomicLong errors = new AtomicLong();
        private final List<Long> latencies = new ArrayList<>();

        Run(int first) {
            next = new AtomicInteger(first);
        }

        synchronized void record(long nanos) {
            latencies.add(nanos / 1000);
        }

        synchronized long[] latencies() {
            long[] a = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            return a;
        }
    }

    private static String csv(int rows, int offset) {
        StringBuilder sb = new StringBuilder("fullName,title,organization,email,phone,site\n");
        String[] family = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"};
        String[] given = {"Văn Hùng", "Thị Thu Hà", "Đức Thắng", "Minh Tuấn", "Thị Lan", "Quốc Bảo", "Ngọc Ánh"};
        for (int i = offset; i < offset + rows; i++) {
            sb.append(family[i % family.length]).append(' ').append(given[i % given.length]).append(' ').append(i)
                    .append(",Cán bộ,\"Ban Dân vận, Thành ủy\",dai.bieu").append(i).append("@example.vn,+84 905 ")
                    .append(String.format(Locale.ROOT, "%06d", i)).append(',')
                    .append(i % 2 == 0 ? "Hội trường trung tâm" : "Điểm cầu Đà Nẵng").append('\n');
        }
        return sb.toString();
    }

    private static String conference(ServiceProcess s, String token, String[] sites) {
        sites[0] = on(s, token).body(Map.of("name", "Hội trường trung tâm")).post("/api/sites").then().statusCode(201).extract().path("id");
        sites[1] = on(s, token).body(Map.of("name", "Điểm cầu Đà Nẵng")).post("/api/sites").then().statusCode(201).extract().path("id");
        String id = on(s, token).body(Map.of("title", "Hội nghị đo tải điểm danh", "startsAt", "2031-02-05T08:00:00+07:00",
                "endsAt", "2031-02-05T17:00:00+07:00")).post("/api/conferences").then().statusCode(201).extract().path("id");
        on(s, token).body(Map.of("role", "HOST")).put("/api/conferences/" + id + "/sites/" + sites[0]).then().statusCode(201);
        on(s, token).body(Map.of("role", "REMOTE")).put("/api/conferences/" + id + "/sites/" + sites[1]).then().statusCode(201);
        on(s, token).post("/api/conferences/" + id + "/publish").then().statusCode(200);
        return id;
    }

    private static RequestSpecification on(ServiceProcess s, String token) {
        RequestSpecification spec = RestAssured.given().baseUri(s.baseUrl()).contentType(ContentType.JSON);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    private static String token(ServiceProcess s) {
        return on(s, null).body(Map.of("username", "admin", "password", "admin")).post("/api/auth/token")
                .then().statusCode(200).extract().path("accessToken");
    }

    private static double pct(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, i))] / 1000.0;
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + s);
        report.append(s).append('\n');
    }
}
