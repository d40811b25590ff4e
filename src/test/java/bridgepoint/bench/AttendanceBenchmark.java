package bridgepoint.bench;

import bridgepoint.support.Report;
import bridgepoint.support.ServiceProcess;
import com.sun.management.OperatingSystemMXBean;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import static bridgepoint.bench.Bench.SERVICE_JVM;
import static bridgepoint.bench.Bench.awaitDone;
import static bridgepoint.bench.Bench.delegates;
import static bridgepoint.bench.Bench.importDelegates;
import static bridgepoint.bench.Bench.pct;
import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;

/**
 * The attendance benchmark ({@code ./mvnw -Pbench verify}, see README): the packaged service in its own process
 * on a durable PostgreSQL (fsync and synchronous commit on), a delegate import of 10,000 rows timed, more imports up
 * to {@code bench.delegates} (160,000) so that every check-in below is somebody's first, then check-ins from
 * {@code bench.checkin.clients} (50) concurrent clients for {@code bench.checkin.seconds} (20 s) after a warm-up:
 * as fast as they are answered (throughput), then at a fixed {@code bench.checkin.rate} (1,500/s, latency measured
 * from each request's scheduled time). Reports import time, check-ins/s, latency percentiles and CPU per
 * check-in. Results: stdout and {@code target/bench/attendance.txt}.
 */
class AttendanceBenchmark {

    private static final int IMPORT_ROWS = Integer.getInteger("bench.import.rows", 10_000);
    private static final int CLIENTS = Integer.getInteger("bench.checkin.clients", 50);
    private static final int SECONDS = Integer.getInteger("bench.checkin.seconds", 20);
    private static final int WARMUP_SECONDS = 5;
    private static final int TOTAL_DELEGATES = Integer.getInteger("bench.delegates", 160_000);

    private final Report report = new Report("bench");

    @Test
    void importAndCheckIns() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", System.getProperty("bench.sync", "on"))
                        .setServerConfig("max_connections", "100")
                        .start();
                ServiceProcess service = ServiceProcess.start(
                                "bench-attendance",
                                ServiceProcess.database(
                                        postgres,
                                        Map.of(
                                                "QUARKUS_LOG_LEVEL",
                                                "WARN",
                                                "BRIDGEPOINT_DB_POOL_SIZE",
                                                System.getProperty("bench.pool", "20"),
                                                "BRIDGEPOINT_ATTENDANCE_COALESCE",
                                                System.getProperty("bench.coalesce", "PT0.3S"),
                                                "QUARKUS_THREAD_POOL_MAX_THREADS",
                                                System.getProperty("bench.threads", "200"))),
                                SERVICE_JVM)
                        .awaitReady()) {
            report.line(
                    "service JVM: %s; PostgreSQL with fsync and synchronous_commit on", String.join(" ", SERVICE_JVM));
            String token = adminToken(service);
            String[] sites = new String[2];
            String conference = conference(service, token, sites);

            // Import: 10,000 rows, timed from the upload to the job's DONE.
            long start = System.nanoTime();
            String job = importDelegates(service, token, conference, csv(IMPORT_ROWS, 0));
            awaitDone(service, token, List.of(job), Duration.ofMillis(20), Duration.ofMinutes(2));
            long importMs = (System.nanoTime() - start) / 1_000_000;
            int created = on(service, token)
                    .get("/api/imports/" + job)
                    .then()
                    .extract()
                    .path("created");
            report.line("import: %d rows -> %d delegates in %d ms (upload to DONE)", IMPORT_ROWS, created, importMs);
            // More delegates, so that every check-in of the runs below is somebody's first.
            List<String> jobs = new ArrayList<>();
            for (int offset = IMPORT_ROWS; offset < TOTAL_DELEGATES; offset += 50_000) {
                jobs.add(importDelegates(
                        service, token, conference, csv(Math.min(50_000, TOTAL_DELEGATES - offset), offset)));
            }
            awaitDone(service, token, jobs, Duration.ofMillis(200), Duration.ofMinutes(5));
            List<String> delegates = delegates(service, token, conference, "id", TOTAL_DELEGATES);
            report.line("%d delegates in the conference", delegates.size());
            // Delegates are registered days before a conference; its opening minutes meet a settled database.
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("vacuum analyze");
                st.execute("checkpoint");
            }

            String path = "/api/conferences/" + conference + "/checkins";
            IntFunction<byte[]> checkIn = i -> {
                String delegate = delegates.get(i % delegates.size());
                String site = sites[(i / delegates.size()) % 2]; // a second round moves everyone to the other site
                String body = "{\"delegateId\":\"" + delegate + "\",\"siteId\":\"" + site + "\"}";
                return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                                + body)
                        .getBytes(StandardCharsets.US_ASCII);
            };
            LeanHttpLoad.Result warmup =
                    LeanHttpLoad.run(service.port(), CLIENTS, Duration.ofSeconds(WARMUP_SECONDS), 0, checkIn);
            long serviceCpu = service.cpuMillis();
            long ownCpu = ownCpuMillis();
            long[] machine = machineCpu();
            LeanHttpLoad.Result measured = LeanHttpLoad.run(
                    service.port(), CLIENTS, Duration.ofSeconds(SECONDS), warmup.nextRequest(), checkIn);
            serviceCpu = service.cpuMillis() - serviceCpu;
            ownCpu = ownCpuMillis() - ownCpu;
            long[] machineAfter = machineCpu();
            long[] sorted = measured.sortedLatencyMicros();
            report.line(
                    "check-ins: %d clients for %d s: %d check-ins, %.0f check-ins/s; latency p50 %.1f ms, p90 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms; %d errors",
                    CLIENTS,
                    SECONDS,
                    sorted.length,
                    sorted.length / (double) SECONDS,
                    pct(sorted, 50),
                    pct(sorted, 90),
                    pct(sorted, 99),
                    pct(sorted, 100),
                    measured.errors());
            long busy = machineAfter[0] - machine[0];
            long all = machineAfter[1] - machine[1];
            double perCheckIn = busy * 10_000.0 / sorted.length;
            double service_ = serviceCpu * 1000.0 / sorted.length;
            double load = ownCpu * 1000.0 / sorted.length;
            report.line(
                    "CPU per check-in: %.0f us in all (machine busy %.0f%%): service %.0f us, load generator %.0f us, "
                            + "PostgreSQL and the rest %.0f us",
                    perCheckIn, busy * 100.0 / all, service_, load, perCheckIn - service_ - load);
            // The same clients at the target rate: latency when the service is not driven to saturation.
            int rate = Integer.getInteger("bench.checkin.rate", 1500);
            LeanHttpLoad.Result paced = LeanHttpLoad.run(
                    service.port(), CLIENTS, Duration.ofSeconds(SECONDS), measured.nextRequest(), checkIn, rate);
            long[] p = paced.sortedLatencyMicros();
            report.line(
                    "check-ins at a fixed %d/s from %d clients for %d s: %d check-ins (%.0f/s); latency p50 %.1f ms, "
                            + "p90 %.1f ms, p99 %.1f ms, max %.1f ms (from each request's scheduled time); %d errors",
                    rate,
                    CLIENTS,
                    SECONDS,
                    p.length,
                    p.length / (double) SECONDS,
                    pct(p, 50),
                    pct(p, 90),
                    pct(p, 99),
                    pct(p, 100),
                    paced.errors());
            report.line("service resident memory after the run: %d MB", service.residentBytes() >> 20);
        } finally {
            report.save("attendance");
        }
    }

    private static String csv(int rows, int offset) {
        StringBuilder sb = new StringBuilder("fullName,title,organization,email,phone,site\n");
        String[] family = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"};
        String[] given = {"Văn Hùng", "Thị Thu Hà", "Đức Thắng", "Minh Tuấn", "Thị Lan", "Quốc Bảo", "Ngọc Ánh"};
        for (int i = offset; i < offset + rows; i++) {
            sb.append(family[i % family.length])
                    .append(' ')
                    .append(given[i % given.length])
                    .append(' ')
                    .append(i)
                    .append(",Cán bộ,\"Ban Dân vận, Thành ủy\",dai.bieu")
                    .append(i)
                    .append("@example.vn,+84 905 ")
                    .append(String.format(Locale.ROOT, "%06d", i))
                    .append(',')
                    .append(i % 2 == 0 ? "Hội trường trung tâm" : "Điểm cầu Đà Nẵng")
                    .append('\n');
        }
        return sb.toString();
    }

    private static String conference(ServiceProcess s, String token, String[] sites) {
        sites[0] = on(s, token)
                .body(Map.of("name", "Hội trường trung tâm"))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        sites[1] = on(s, token)
                .body(Map.of("name", "Điểm cầu Đà Nẵng"))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String id = on(s, token)
                .body(Map.of(
                        "title",
                        "Hội nghị đo tải điểm danh",
                        "startsAt",
                        "2031-02-05T08:00:00+07:00",
                        "endsAt",
                        "2031-02-05T17:00:00+07:00"))
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        on(s, token)
                .body(Map.of("role", "HOST"))
                .put("/api/conferences/" + id + "/sites/" + sites[0])
                .then()
                .statusCode(201);
        on(s, token)
                .body(Map.of("role", "REMOTE"))
                .put("/api/conferences/" + id + "/sites/" + sites[1])
                .then()
                .statusCode(201);
        on(s, token).post("/api/conferences/" + id + "/publish").then().statusCode(200);
        return id;
    }

    private static long ownCpuMillis() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /** Busy and total jiffies of all CPUs (/proc/stat). */
    private static long[] machineCpu() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }
}
