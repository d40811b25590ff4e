package bridgepoint.bench;

import bridgepoint.support.Report;
import bridgepoint.support.ServiceProcess;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an instance's CPU goes while clients upgrade to it at once (a mass reconnect, a failover): the CPU time of
 * its threads over that window, by kind (event loops, JIT compilers, garbage collection, the rest), read from
 * {@code /proc}; and with {@code -Dbench.profile=true}, a JFR recording of the same window (started and stopped with
 * {@code jcmd}, so that the start-up and its AOT cache are untouched; JFR's own start then costs some CPU and JIT
 * work, so a profiled run's figures are for proportions) whose Java samples are put into the steps of an upgrade.
 * A sample counts for the first step of {@link #STEPS} that has a frame anywhere in its stack: the token check before
 * the authentication around it, our subscription before websockets-next that calls it, and so on down to Netty's
 * socket I/O; except that Quarkus's HTTP security handlers, which call the rest of the route, count only for what
 * they do themselves (see {@link #step}).
 */
final class UpgradeProfile {

    static final boolean JFR = Boolean.getBoolean("bench.profile");

    private static final String AUTHENTICATION =
            "authentication around it (our token check's wrapper, Quarkus Security's HTTP handlers)";

    private static final String ROUTE_NEXT_TYPE = "io.vertx.ext.web.impl.RoutingContextImpl";

    /** The steps of an upgrade, each with the class-name prefixes of its frames. */
    private static final Map<String, List<String>> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put(
                "token check (TokenService: HMAC, claims)", List.of("bridgepoint.security.TokenService", "org.jose4j"));
        STEPS.put(
                AUTHENTICATION,
                List.of("bridgepoint.security", "io.quarkus.security", "io.quarkus.vertx.http.runtime.security"));
        STEPS.put(
                "our subscription and replay, writes of the missed events (bridgepoint.live)", List.of("bridgepoint."));
        STEPS.put("websockets-next (upgrade check, connection, callbacks)", List.of("io.quarkus.websockets.next"));
        STEPS.put(
                "Mutiny, ArC, context propagation, logging",
                List.of("io.smallrye.mutiny", "io.quarkus.arc", "io.smallrye.context", "org.jboss.logmanager"));
        STEPS.put(
                "HTTP request and WebSocket handshake (Vert.x, Netty's codecs)",
                List.of("io.vertx.core.http", "io.vertx.ext.web", "io.quarkus.vertx.http", "io.netty.handler.codec"));
        STEPS.put("socket I/O and Netty's pipeline", List.of("io.netty", "io.vertx", "sun.nio.ch"));
    }

    private final ServiceProcess service;
    private final String name;
    private final Map<String, Long> cpuBefore;

    private UpgradeProfile(ServiceProcess service, String name) {
        this.service = service;
        this.name = name;
        this.cpuBefore = service.threadCpuMillis();
    }

    /** Starts watching {@code service}; {@code name} names the recording, {@code target/bench/<name>.jfr}. */
    static UpgradeProfile start(ServiceProcess service, String name) {
        if (JFR) {
            // a Java stack every millisecond (the profile's 10 ms gives a hundred samples or so per upgrade of 5,000)
            Bench.jcmd(service, "JFR.start", "name=" + name, "settings=profile", "jdk.ExecutionSample#period=1ms");
        }
        return new UpgradeProfile(service, name);
    }

    /** Stops watching and reports the CPU by kind of thread and, with JFR, the steps of the upgrade. */
    void report(Report report) {
        Map<String, Long> after = service.threadCpuMillis();
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (String kind : List.of("event loops", "JIT compilers", "garbage collection", "worker threads", "other")) {
            kinds.put(kind, 0L);
        }
        after.forEach((thread, ms) -> kinds.merge(kind(thread), ms - cpuBefore.getOrDefault(thread, 0L), Long::sum));
        long total = kinds.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder();
        kinds.forEach((kind, ms) ->
                line.append(String.format(", %s %d ms (%.0f %%)", kind, ms, ms * 100.0 / Math.max(1, total))));
        report.line("%s: service CPU by thread: %d ms%s", name, total, line);
        if (!JFR) {
            return;
        }
        Path recording = Path.of("target/bench", name + ".jfr").toAbsolutePath();
        try {
            Files.createDirectories(recording.getParent());
            Bench.jcmd(service, "JFR.stop", "name=" + name, "filename=" + recording);
            steps(recording, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kind(String thread) {
        if (thread.startsWith("vert.x-eventloo")) {
            return "event loops";
        }
        if (thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre")) {
            return "JIT compilers";
        }
        if (thread.startsWith("GC Thread") || thread.equals("VM Thread")) {
            return "garbage collection";
        }
        if (thread.startsWith("executor-thread") || thread.startsWith("vert.x-worker-t")) {
            return "worker threads";
        }
        return "other";
    }

    private void steps(Path recording, Report report) throws IOException {
        Map<String, Integer> steps = new LinkedHashMap<>();
        STEPS.keySet().forEach(step -> steps.put(step, 0));
        steps.put("other", 0);
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        long compilations = 0;
        Duration compiling = Duration.ZERO;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    if (e.getStackTrace() == null
                            || e.getStackTrace().getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = e.getStackTrace().getFrames();
                    steps.merge(step(frames), 1, Integer::sum);
                    RecordedFrame top = frames.get(0);
                    self.merge(
                            top.getMethod().getType().getName() + "."
                                    + top.getMethod().getName(),
                            1,
                            Integer::sum);
                }
                case "jdk.Compilation" -> {
                    compilations++;
                    compiling = compiling.plus(e.getDuration());
                }
                default -> {}
            }
        }
        report.line(
                "%s: JFR (%s): %d Java samples; %d JIT compilations of 100 ms or more (JFR's threshold), taking %d ms; "
                        + "the samples by step of the upgrade:",
                name, recording.getFileName(), samples, compilations, compiling.toMillis());
        int total = samples;
        steps.forEach((step, n) -> report.line("  %5.1f %%  %s", n * 100.0 / Math.max(1, total), step));
        report.line("%s: the methods most often on top of the samples:", name);
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(12)
                .forEach(m -> report.line("  %5.1f %%  %s", m.getValue() * 100.0 / Math.max(1, total), m.getKey()));
    }

    private static String step(List<RecordedFrame> frames) {
        // Quarkus's HTTP security handlers (authentication, then the permission check) hand every request on with
        // RoutingContext.next(): below that call they are ancestors of the whole rest of the route, not work of their
        // own, and count for the authentication step only above the innermost next().
        int passedOn = frames.size();
        for (int i = 0; i < frames.size(); i++) {
            RecordedFrame frame = frames.get(i);
            if (frame.getMethod().getType().getName().equals(ROUTE_NEXT_TYPE)
                    && frame.getMethod().getName().equals("next")) {
                passedOn = i;
                break;
            }
        }
        for (Map.Entry<String, List<String>> step : STEPS.entrySet()) {
            List<RecordedFrame> where = step.getKey().equals(AUTHENTICATION) ? frames.subList(0, passedOn) : frames;
            for (RecordedFrame frame : where) {
                String type = frame.getMethod().getType().getName();
                if (step.getValue().stream().anyMatch(type::startsWith)) {
                    return step.getKey();
                }
            }
        }
        return "other";
    }
}
