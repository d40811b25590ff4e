package bridgepoint.bench;

import bridgepoint.support.Report;
import bridgepoint.support.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import static bridgepoint.bench.Bench.pct;
import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;

/**
 * The live-stream benchmark ({@code ./mvnw -Pbench verify}, see README): the packaged service in its own
 * process with a container-sized heap, {@code bench.clients} WebSocket clients (5,000), agenda changes and
 * announcements paced and in a burst. Reports the delivery latency from the change (the event's {@code at},
 * set in the changing transaction) to every client and to the last client of each event, events/s, the
 * service's resident memory, and how long all clients take to catch up after reconnecting at once.
 * Results go to stdout and {@code target/bench/live.txt}.
 */
class LiveBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 5000);
    private static final int PACED = Integer.getInteger("bench.paced", 100);
    private static final int PACE_MS = Integer.getInteger("bench.pace.ms", 200);
    private static final int BURST = Integer.getInteger("bench.burst", 300);
    private static final List<String> SERVICE_JVM = Bench.serviceJvm(CLIENTS);

    private final Report report = new Report("bench");

    @Test
    void fiveThousandClients() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "100")
                .start()) {
            Map<String, String> env = env(postgres);
            List<String> serviceJvm = AotCache.service(SERVICE_JVM, env, report);
            ServiceFigures service = run(env, serviceJvm);
            bare(service);
        } finally {
            report.save("live");
        }
    }

    /**
     * The service's figures that have a bare reference: the mass reconnect to the warm instance and the failover to
     * the cold one (ms), and the paced p99 to the last client (ms) with the number of events it was taken over.
     */
    private record ServiceFigures(long warm, long failover, double pacedLastP99, long pacedEvents) {}

    private ServiceFigures run(Map<String, String> env, List<String> serviceJvm) throws Exception {
        try (ServiceProcess service =
                ServiceProcess.startInItsFolder("bench-live", env, serviceJvm).awaitReady()) {
            String admin = adminToken(service);
            LiveConference conference = LiveConference.create(service, admin, CLIENTS);
            report.line("service JVM: %s (%s)", String.join(" ", serviceJvm), Runtime.version());
            report.line(
                    "machine: %d cores, load average %s at the start; clients and service on the same machine",
                    Runtime.getRuntime().availableProcessors(), Bench.loadAverage());

            LeanClients clients =
                    new LeanClients(service.port(), conference.id(), conference.delegateTokens(), CLIENTS, 2);
            long t0 = System.nanoTime();
            clients.connectAll(null);
            clients.awaitUpgraded(Duration.ofMinutes(2));
            clients.awaitAll(1, Duration.ofMinutes(2));
            report.line("%d clients connected and got their snapshot in %d ms", CLIENTS, ms(System.nanoTime() - t0));
            long rssConnected = service.residentBytes();

            // Paced: one change every 200 ms (5 a second, faster than any operator), each reaching every client.
            MemoryWatch memory = new MemoryWatch(service);
            long firstPaced = clients.lastSeqOf(0) + 1;
            paced(i -> change(service, admin, conference, i));
            long lastPaced = conference.lastSeq(service, admin);
            clients.awaitAll(lastPaced, Duration.ofSeconds(30));
            double pacedLastP99 = latencies("paced (1 change / " + PACE_MS + " ms)", clients, firstPaced, lastPaced);

            // Burst: as fast as 4 writers can go.
            long firstBurst = lastPaced + 1;
            long cpuBefore = service.cpuMillis();
            long burstStart = System.nanoTime();
            burst(service, admin, conference, BURST);
            long lastBurst = conference.lastSeq(service, admin);
            clients.awaitAll(lastBurst, Duration.ofSeconds(60));
            long burstNanos = System.nanoTime() - burstStart;
            latencies("burst", clients, firstBurst, lastBurst);
            long events = lastBurst - firstBurst + 1;
            long cpu = service.cpuMillis() - cpuBefore;
            report.line(
                    "burst: %d events committed and delivered to all %d clients in %d ms: %.0f events/s, %.0f messages/s; "
                            + "service CPU %d ms (%.1f us per message delivered)",
                    events,
                    CLIENTS,
                    ms(burstNanos),
                    events * 1e9 / burstNanos,
                    events * (double) CLIENTS * 1e9 / burstNanos,
                    cpu,
                    cpu * 1000.0 / (events * (double) CLIENTS));
            memory.stop();
            report.line(
                    "service resident memory: %d MB with %d clients idle, %d MB peak under load",
                    rssConnected >> 20, CLIENTS, memory.peak >> 20);

            // Every client drops, a few events happen, all reconnect at once with after=<last seq seen>.
            clients.dropAll();
            for (int i = 0; i < 5; i++) {
                change(service, admin, conference, PACED + BURST + i);
            }
            long warmReconnect = reconnect(
                    "live-reconnect",
                    "mass reconnect: %d clients reconnected with after=N",
                    clients,
                    service,
                    conference.lastSeq(service, admin));
            if (Boolean.getBoolean("bench.nmt")) {
                System.out.println(Bench.jcmd(service, "VM.native_memory", "summary"));
            }
            if (Boolean.getBoolean("bench.histogram")) {
                // what the heap holds with every client connected: a full collection first, then the live objects
                Files.writeString(
                        Path.of("target/bench/live-histogram.txt"), Bench.jcmd(service, "GC.class_histogram"));
            }
            long rssAfterReconnect = service.residentBytes();
            report.line("service resident memory after reconnect: %d MB", rssAfterReconnect >> 20);

            // Failover: every client moves to a second instance that has never seen them (nor their tokens).
            ServiceFigures figures;
            try (ServiceProcess second = ServiceProcess.startInItsFolder("bench-live-2", env, serviceJvm)
                    .awaitReady()) {
                clients.dropAll();
                change(service, admin, conference, PACED + BURST + 5);
                clients.retarget(second.port());
                long failover = reconnect(
                        "live-failover",
                        "failover: %d clients reconnected with after=N to a second instance that had never seen them",
                        clients,
                        second,
                        conference.lastSeq(service, admin));
                report.line(
                        "failover to a cold instance %d ms / mass reconnect to the warm one %d ms (its reference, same "
                                + "run): ratio %.2f; goal: failover < 2 s: %s",
                        failover,
                        warmReconnect,
                        failover / (double) warmReconnect,
                        failover < 2000 ? "met" : "NOT met");
                figures = new ServiceFigures(warmReconnect, failover, pacedLastP99, lastPaced - firstPaced + 1);
            }
            long rssGoal = CLIENTS > 5000 ? 768 : 512;
            long rssMax = Math.max(memory.peak, rssAfterReconnect) >> 20;
            report.line(
                    "goals for %d clients: resident memory < %d MB (highest seen %d MB: %s); paced p99 to the last "
                            + "client < 250 ms (%.1f ms: %s)",
                    CLIENTS,
                    rssGoal,
                    rssMax,
                    rssMax < rssGoal ? "met" : "NOT met",
                    pacedLastP99,
                    pacedLastP99 < 250 ? "met" : "NOT met");
            clients.close();
            return figures;
        }
    }

    /**
     * The references, measured once the service is gone: the same number of clients opening at once to a bare Vert.x
     * WebSocket server ({@link BareBroadcaster}: no token, no database, a one-line snapshot) with the service's JVM
     * options (without the AOT cache, which is the service's), first when it has just started (cold, as the
     * failover's instance) and then again (warm, as the mass reconnect's); then, with all of them connected, the paced
     * phase again on the bare server: one announcement POSTed at each tick of the same pace, which it writes to every
     * client (the service's paced changes make some 10 % more events, some of them larger).
     */
    private void bare(ServiceFigures service) throws Exception {
        try (ServiceProcess bare =
                        BareBroadcaster.start("bench-live-bare", SERVICE_JVM).awaitReady();
                LeanClients clients = new LeanClients(bare.port(), "bare", List.of("-"), CLIENTS, 2)) {
            long cpu = bare.cpuMillis();
            long cold = connectAll(clients);
            long coldCpu = bare.cpuMillis() - cpu;
            clients.dropAll();
            cpu = bare.cpuMillis();
            long warm = connectAll(clients);
            long warmCpu = bare.cpuMillis() - cpu;
            report.line(
                    "bare Vert.x WebSocket server (BareBroadcaster, same clients and JVM options): %d clients opened at "
                            + "once to the just-started process in %d ms (its CPU %d ms), again to the warm process in "
                            + "%d ms (CPU %d ms: %.2f ms per upgrade)",
                    CLIENTS, cold, coldCpu, warm, warmCpu, warmCpu / (double) CLIENTS);
            report.line(
                    "ratios to the bare server: failover %.2f (%d / %d ms), mass reconnect to the warm instance %.2f "
                            + "(%d / %d ms)",
                    service.failover() / (double) cold,
                    service.failover(),
                    cold,
                    service.warm() / (double) warm,
                    service.warm(),
                    warm);

            long firstPaced = clients.lastSeqOf(0) + 1;
            AtomicLong lastPaced = new AtomicLong();
            paced(i -> lastPaced.set(on(bare, null)
                    .body(Map.of("text", "Thông báo số " + i + " tới các điểm cầu"))
                    .post("/api/conferences/bare/announcements")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("seq")));
            clients.awaitAll(lastPaced.get(), Duration.ofSeconds(30));
            double bareP99 = latencies(
                    "bare server, paced (1 announcement / " + PACE_MS + " ms)", clients, firstPaced, lastPaced.get());
            report.line(
                    "paced p99 to the last client: service %.1f ms (%d events) / bare server %.1f ms (%d events): ratio "
                            + "%.2f",
                    service.pacedLastP99(),
                    service.pacedEvents(),
                    bareP99,
                    lastPaced.get() - firstPaced + 1,
                    service.pacedLastP99() / bareP99);
        }
    }

    /**
     * Opens every client at once, each asking for a snapshot; the ms until all are upgraded and have had one (the
     * second time, a snapshot since the first).
     */
    private static long connectAll(LeanClients clients) {
        return connect(clients, null, 1).caughtUp();
    }

    /** Milliseconds from opening every client until all were upgraded, and until all had caught up. */
    private record Connected(long upgraded, long caughtUp) {}

    /** Opens every client at once, resuming after {@code after} (or with a snapshot if null); waits for {@code target}. */
    private static Connected connect(LeanClients clients, long[] after, long target) {
        long start = System.nanoTime();
        clients.connectAll(after);
        clients.awaitUpgraded(Duration.ofSeconds(60));
        long upgraded = System.nanoTime();
        clients.awaitAll(target, Duration.ofSeconds(60));
        return new Connected(ms(upgraded - start), ms(System.nanoTime() - start));
    }

    /**
     * All clients reconnect at once with their last seq, to {@code to}; reports when all are caught up to
     * {@code target}, and where the instance's CPU went meanwhile ({@link UpgradeProfile}, named {@code name}), and
     * returns that time in milliseconds.
     */
    private long reconnect(String name, String what, LeanClients clients, ServiceProcess to, long target)
            throws InterruptedException {
        UpgradeProfile profile = UpgradeProfile.start(to, name);
        long cpu = to.cpuMillis();
        Connected connected = connect(clients, clients.lastSeqs(), target);
        report.line(
                what + ", caught up to seq %d in %d ms (all upgraded after %d ms; service CPU %d ms)",
                CLIENTS,
                target,
                connected.caughtUp(),
                connected.upgraded(),
                to.cpuMillis() - cpu);
        profile.report(report);
        return connected.caughtUp();
    }

    private static Map<String, String> env(EmbeddedPostgres postgres) {
        return Bench.serviceEnv(ServiceProcess.database(postgres, Map.of("QUARKUS_LOG_LEVEL", "WARN")));
    }

    /** Reports the phase's latencies; returns the p99 to the last client, in ms. */
    private double latencies(String phase, LeanClients clients, long first, long last) {
        long[] all = clients.latenciesMicros(first, last);
        long[] lastClient = clients.lastClientLatenciesMicros(first, last);
        report.line(
                "%s: %d events x %d clients; delivery latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "to the last client p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                phase,
                last - first + 1,
                CLIENTS,
                pct(all, 50),
                pct(all, 99),
                pct(all, 100),
                pct(lastClient, 50),
                pct(lastClient, 99),
                pct(lastClient, 100));
        return pct(lastClient, 99);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    // ---- load ------------------------------------------------------------------------------------

    /** A varied, always valid change: announcements, item edits, delays of the live item, the next item started. */
    private static void change(ServiceProcess s, String token, LiveConference c, int i) {
        String conference = "/api/conferences/" + c.id();
        if (i % 20 == 10 && c.started().get() < c.items().size()) {
            on(s, token)
                    .post(conference + "/agenda/" + c.items().get(c.started().getAndIncrement()) + "/start")
                    .then()
                    .statusCode(200);
            return;
        }
        switch (i % 4) {
            case 0 ->
                on(s, token)
                        .body(Map.of("text", "Thông báo số " + i + " tới các điểm cầu"))
                        .post(conference + "/announcements")
                        .then()
                        .statusCode(200);
            case 1 ->
                on(s, token)
                        .body(Map.of("title", "Tham luận (cập nhật " + i + ")"))
                        .patch(conference + "/agenda/" + c.items().get(c.items().size() - 1))
                        .then()
                        .statusCode(200);
            case 2 ->
                on(s, token)
                        .body(Map.of("minutes", 1))
                        .post(conference + "/agenda/"
                                + c.items().get(Math.max(0, c.started().get() - 1)) + "/delay")
                        .then()
                        .statusCode(200);
            default ->
                on(s, token)
                        .body(Map.of("text", "Nhắc điểm cầu " + i, "siteId", c.remoteSite()))
                        .post(conference + "/announcements")
                        .then()
                        .statusCode(200);
        }
    }

    private static void burst(ServiceProcess s, String token, LiveConference c, int n) throws Exception {
        AtomicLong next = new AtomicLong();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(CompletableFuture.runAsync(() -> {
                long i;
                while ((i = next.getAndIncrement()) < n) {
                    on(s, token)
                            .body(Map.of("text", "Loạt thông báo " + i))
                            .post("/api/conferences/" + c.id() + "/announcements")
                            .then()
                            .statusCode(200);
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    /** {@code bench.paced} changes, one every {@code bench.pace.ms} (at a fixed rate); returns once all are made. */
    private static void paced(IntConsumer change) throws Exception {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pacer.scheduleAtFixedRate(
                () -> {
                    int i = next.getAndIncrement();
                    try {
                        if (i < PACED) {
                            change.accept(i);
                        }
                        if (i >= PACED - 1) {
                            done.complete(null);
                        }
                    } catch (RuntimeException | AssertionError e) {
                        done.completeExceptionally(e);
                    }
                },
                0,
                PACE_MS,
                TimeUnit.MILLISECONDS);
        try {
            done.get(5, TimeUnit.MINUTES);
        } finally {
            pacer.shutdownNow();
        }
    }

    /** Samples the service's resident memory every 200 ms. */
    private static final class MemoryWatch {
        volatile long peak;
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

        MemoryWatch(ServiceProcess service) {
            sampler.scheduleAtFixedRate(
                    () -> peak = Math.max(peak, service.residentBytes()), 0, 200, TimeUnit.MILLISECONDS);
        }

        void stop() {
            sampler.shutdownNow();
        }
    }
}
