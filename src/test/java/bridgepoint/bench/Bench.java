package bridgepoint.bench;

import bridgepoint.support.Commands;
import bridgepoint.support.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.ServiceProcess.on;
import static org.awaitility.Awaitility.await;

/** What the benchmarks share: the service's JVM options, jcmd, delegate imports, percentiles, and the report they write. */
final class Bench {

    /** The JVM options of the service under test ({@code bench.jvm}): a container-sized heap and metaspace. */
    static final List<String> SERVICE_JVM = serviceJvm(5000);

    /**
     * {@code bench.jvm}, or by default the service's container-sized JVM for {@code clients} WebSocket clients: a heap
     * of 200 MB up to 5,000 clients and 40 MB per 1,000 beyond (10,000 clients: 400 MB; 200 MB runs out of heap).
     */
    static List<String> serviceJvm(int clients) {
        return List.of(System.getProperty(
                        "bench.jvm",
                        "-Xmx" + Math.max(200, clients / 25) + "m -Xss512k -XX:MaxMetaspaceSize=160m "
                                + "-XX:ReservedCodeCacheSize=64m -XX:+UseSerialGC -XX:MaxDirectMemorySize=64m")
                .split(" "));
    }

    /**
     * The service's environment for a benchmark: its clients all connect from 127.0.0.1, so the instance's cap of open
     * streams per address ({@code bridgepoint.live.max-sockets-per-address}) is lifted above any client count.
     */
    static Map<String, String> serviceEnv(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("BRIDGEPOINT_LIVE_MAX_SOCKETS_PER_ADDRESS", "1000000");
        return all;
    }

    /**
     * Runs {@code jcmd} (of the JDK running the benchmark, the service's own) on the service with {@code command}
     * and returns what it printed; fails when it fails.
     */
    static String jcmd(ServiceProcess service, String... command) {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(service.process().pid())));
        args.addAll(List.of(command));
        return Commands.output(Duration.ofSeconds(60), args);
    }

    private Bench() {}

    /** The median of {@code values} (sorts a copy; the mean of the middle two for an even count). */
    static double median(long[] values) {
        long[] a = values.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }

    /** Uploads {@code csv} as an import of the conference's delegates; the job's id. */
    static String importDelegates(ServiceProcess s, String token, String conference, String csv) {
        return on(s, token)
                .contentType("text/csv; charset=UTF-8")
                .body(csv)
                .post("/api/conferences/" + conference + "/delegates/import")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
    }

    /** Waits until every one of the import {@code jobs} is DONE, asking every {@code poll}. */
    static void awaitDone(ServiceProcess s, String token, List<String> jobs, Duration poll, Duration max) {
        await().atMost(max)
                .pollInterval(poll)
                .until(() -> jobs.stream()
                        .allMatch(j -> "DONE"
                                .equals(on(s, token)
                                        .get("/api/imports/" + j)
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .path("status"))));
    }

    /** The {@code field} (id, joinCode, ...) of the conference's delegates, page by page, at most {@code n}. */
    static List<String> delegates(ServiceProcess s, String token, String conference, String field, int n) {
        List<String> values = new ArrayList<>();
        for (int page = 0; values.size() < n; page++) {
            List<String> more = on(s, token)
                    .get("/api/conferences/" + conference + "/delegates?size=500&page=" + page)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items." + field);
            if (more.isEmpty()) {
                break;
            }
            values.addAll(more);
        }
        return values;
    }

    /** The machine's load averages over 1, 5 and 15 minutes ({@code /proc/loadavg}), as "1.23 0.98 0.75". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Percentile {@code p} of sorted microseconds, in milliseconds. */
    static double pct(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, i))] / 1000.0;
    }
}
