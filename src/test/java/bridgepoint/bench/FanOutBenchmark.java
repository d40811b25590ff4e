package bridgepoint.bench;

import bridgepoint.common.DaemonThreads;
import bridgepoint.support.Report;
import bridgepoint.support.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static bridgepoint.bench.Bench.SERVICE_JVM;
import static bridgepoint.bench.Bench.pct;
import static bridgepoint.support.ServiceProcess.adminToken;

/**
 * The fan-out benchmark ({@code ./mvnw -Pbench verify -Dit.test=FanOutBenchmark}, see README): how long one event
 * takes from the organizer's request to the last of {@code bench.fanout.clients} (2,000) WebSocket clients, for the
 * service and, in the same run on the same machine, for its reference: {@link BareBroadcaster}, a bare Vert.x
 * broadcaster that writes each POSTed announcement to all its connections (no database, no authentication). Both
 * run as their own processes with the service's JVM options and hold their clients all along; after
 * {@code bench.fanout.warmup} (5) rounds each, {@code bench.fanout.rounds} (30) rounds each are measured in blocks of
 * {@code bench.fanout.block} (5), bare and service in turn, so that the machine's noise falls on both. A round is one
 * POST of an announcement, timed from just before it is sent to the moment the last client has the event (the
 * clients stamp each arrival), and waits for every client before the next. Results: stdout and
 * {@code target/bench/fanout.txt}.
 */
class FanOutBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.fanout.clients", 2000);
    private static final int ROUNDS = Integer.getInteger("bench.fanout.rounds", 30);
    private static final int WARMUP = Integer.getInteger("bench.fanout.warmup", 5);
    private static final int BLOCK = Integer.getInteger("bench.fanout.block", 5);
    private static final int PAUSE_MS = Integer.getInteger("bench.fanout.pause.ms", 100);
    /** Starts the rounds, one at a time. */
    private static final ScheduledExecutorService PACER =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fanout-pacer"));

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final Report report = new Report("bench");

    @Test
    void serviceAgainstBareBroadcaster() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "100")
                        .start();
                ServiceProcess service = ServiceProcess.start(
                                "bench-fanout",
                                Bench.serviceEnv(
                                        ServiceProcess.database(postgres, Map.of("QUARKUS_LOG_LEVEL", "WARN"))),
                                SERVICE_JVM)
                        .awaitReady();
                ServiceProcess bare =
                        BareBroadcaster.start("bench-fanout-bare", SERVICE_JVM).awaitReady()) {
            report.line("JVM of both: %s", String.join(" ", SERVICE_JVM));
            report.line(
                    "machine: %d cores, load average %s at the start; clients, service, bare broadcaster and "
                            + "PostgreSQL on the same machine",
                    Runtime.getRuntime().availableProcessors(), Bench.loadAverage());
            String admin = adminToken(service);
            LiveConference conference = LiveConference.create(service, admin, CLIENTS);
            Target reference = new Target(
                    "bare", bare, "bare", null, new LeanClients(bare.port(), "bare", List.of("-"), CLIENTS, 2));
            Target measured = new Target(
                    "service",
                    service,
                    conference.id(),
                    admin,
                    new LeanClients(service.port(), conference.id(), conference.delegateTokens(), CLIENTS, 2));
            List<Target> both = List.of(reference, measured);
            for (Target t : both) {
                long start = System.nanoTime();
                t.clients.connectAll(null);
                t.clients.awaitUpgraded(Duration.ofMinutes(2));
                t.clients.awaitAll(1, Duration.ofMinutes(2));
                report.line(
                        "%s: %d clients connected and got their snapshot in %d ms",
                        t.name, CLIENTS, (System.nanoTime() - start) / 1_000_000);
            }

            int round = 0;
            for (int i = 0; i < WARMUP; i++) {
                for (Target t : both) {
                    t.round(round++);
                }
            }
            for (Target t : both) {
                t.results.clear();
                report.line("%s: an event as the clients get it (%d bytes): %s", t.name, t.eventBytes, t.event);
            }
            while (measured.results.size() < ROUNDS) {
                for (Target t : both) {
                    long cpu = t.process.cpuMillis();
                    for (int i = 0; i < BLOCK && t.results.size() < ROUNDS; i++) {
                        t.round(round++);
                    }
                    t.cpuMillis += t.process.cpuMillis() - cpu;
                }
            }

            for (Target t : both) {
                long[] last = t.sorted(Round::lastMicros);
                report.line(
                        "%s: %d rounds x %d clients; POST to the last client's receipt p50 %.1f ms, p90 %.1f ms, "
                                + "max %.1f ms; to the first client p50 %.1f ms; POST answered p50 %.1f ms; "
                                + "CPU %.1f ms per round",
                        t.name,
                        t.results.size(),
                        CLIENTS,
                        pct(last, 50),
                        pct(last, 90),
                        pct(last, 100),
                        pct(t.sorted(Round::firstMicros), 50),
                        pct(t.sorted(Round::answeredMicros), 50),
                        t.cpuMillis / (double) t.results.size());
                report.line(
                        "%s: every round in order, POST to the last client (ms): %s",
                        t.name,
                        t.results.stream()
                                .map(r -> String.format(Locale.ROOT, "%.1f", r.lastMicros / 1000.0))
                                .collect(Collectors.joining(" ")));
            }
            long[] s = measured.sorted(Round::lastMicros);
            long[] b = reference.sorted(Round::lastMicros);
            double ratio = pct(s, 50) / pct(b, 50);
            report.line(
                    "ratio service / bare, POST to the last client: p50 %.2f (goal <= 1.5, stretch 1.2: %s), "
                            + "p90 %.2f, max %.2f",
                    ratio,
                    ratio <= 1.2 ? "stretch met" : ratio <= 1.5 ? "met" : "NOT met",
                    pct(s, 90) / pct(b, 90),
                    pct(s, 100) / pct(b, 100));
            report.line("load average at the end: %s", Bench.loadAverage());
            for (Target t : both) {
                t.clients.close();
            }
        } finally {
            report.save("fanout");
        }
    }

    /** One round's times from just before the POST was sent, in microseconds. */
    private record Round(long lastMicros, long firstMicros, long answeredMicros) {}

    /** The service or its reference, with its clients and the rounds measured on it. */
    private static final class Target {
        final String name;
        final ServiceProcess process;
        final String conference;
        final String token;
        final LeanClients clients;
        final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final List<Round> results = new ArrayList<>();
        long cpuMillis;
        String event;
        int eventBytes;

        Target(String name, ServiceProcess process, String conference, String token, LeanClients clients) {
            this.name = name;
            this.process = process;
            this.conference = conference;
            this.token = token;
            this.clients = clients;
        }

        /**
         * One round, started {@code bench.fanout.pause.ms} after the previous one ended (the load's shape: each POST
         * finds the machine quiet), and waited for until it is over.
         */
        void round(int i) throws Exception {
            try {
                PACER.schedule(
                                () -> {
                                    send(i);
                                    return null;
                                },
                                PAUSE_MS,
                                TimeUnit.MILLISECONDS)
                        .get(2, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw (Exception) e.getCause();
            }
        }

        /** One announcement POSTed, and waited for until every client has it. */
        private void send(int i) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(process.baseUrl() + "/api/conferences/" + conference + "/announcements"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"text\":\"Thông báo số " + i + " tới tất cả các điểm cầu\"}"));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpRequest post = request.build();
            long start = LeanClients.nowMicros();
            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
            long answered = LeanClients.nowMicros();
            Matcher seq = SEQ.matcher(response.body());
            if (response.statusCode() / 100 != 2 || !seq.find()) {
                throw new AssertionError(name + " answered " + response.statusCode() + ": " + response.body());
            }
            long n = Long.parseLong(seq.group(1));
            clients.awaitAll(n, Duration.ofSeconds(30));
            results.add(new Round(
                    clients.lastArrivalMicros(n) - start, clients.firstArrivalMicros(n) - start, answered - start));
            event = clients.sample();
            eventBytes = event.getBytes(StandardCharsets.UTF_8).length;
        }

        long[] sorted(ToLongFunction<Round> f) {
            long[] a = results.stream().mapToLong(f).toArray();
            Arrays.sort(a);
            return a;
        }
    }
}
