package bridgepoint.bench;

import bridgepoint.support.Report;
import bridgepoint.support.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static bridgepoint.bench.Bench.SERVICE_JVM;
import static bridgepoint.bench.Bench.median;
import static org.awaitility.Awaitility.await;

/**
 * The start-up benchmark ({@code ./mvnw -Pbench verify -Dit.test=StartupBenchmark}, see README): the packaged
 * service (prod profile) against an external PostgreSQL whose schema is already up to date, from process start to
 * {@code /q/health/ready} 200, and the CPU time it took ({@code /proc/<pid>/stat} at that moment); its reference, in
 * the same run with the same {@code java} and JVM options, is a bare Quarkus application (quarkus-rest,
 * quarkus-smallrye-health, one endpoint: {@code src/test/bench-app}, built here with the wrapper into
 * {@code target/bench-app}). After one untimed start of each (the service's migrates the database), they start
 * {@code bench.startup.runs} (3) times each, in turn. Last, the service starts once more under JFR
 * ({@code target/bench/startup.jfr}), whose samples up to readiness show where start-up time goes. Results: stdout
 * and {@code target/bench/startup.txt}.
 */
class StartupBenchmark {

    private static final int RUNS = Integer.getInteger("bench.startup.runs", 3);
    private static final Path BARE_JAR = Path.of("target/bench-app/quarkus-app/quarkus-run.jar");
    private static final Path BARE_AOT_JAR = Path.of("target/bench-app-aot/quarkus-app/quarkus-run.jar");
    private static final Path JFR = Path.of("target/bench/startup.jfr");
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private static final Pattern LOGGER = Pattern.compile("\"loggerName\":\"([^\"]+)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Report report = new Report("bench");

    /**
     * {@code bench.service.jvm.extra}: options for the service's starts only, e.g. its AppCDS archive
     * ({@code -XX:SharedArchiveFile=app-cds.jsa}: the service runs in {@code target/quarkus-app}; packaged with
     * {@code -Dquarkus.package.jar.appcds.enabled=true}), which the bare app cannot use.
     */
    private static final List<String> SERVICE_ONLY = serviceJvm();

    private static List<String> serviceJvm() {
        List<String> jvm = new ArrayList<>(SERVICE_JVM);
        String extra = System.getProperty("bench.service.jvm.extra", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split(" ")));
        }
        return List.copyOf(jvm);
    }

    @Test
    void serviceAgainstBareQuarkus() throws Exception {
        if (AotCache.ON) {
            AotCache.requireJdk25();
        }
        buildBareApp(BARE_JAR, List.of());
        if (AotCache.ON) {
            buildBareApp(BARE_AOT_JAR, List.of("-Dquarkus.package.jar.type=aot-jar"));
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "100")
                .start()) {
            Map<String, String> env = ServiceProcess.database(postgres, Map.of());
            report.line("JVM of both: %s (%s)", String.join(" ", SERVICE_JVM), Runtime.version());
            if (SERVICE_ONLY.size() > SERVICE_JVM.size()) {
                report.line(
                        "the service's only: %s",
                        String.join(" ", SERVICE_ONLY.subList(SERVICE_JVM.size(), SERVICE_ONLY.size())));
            }
            report.line(
                    "machine: %d cores, load average %s at the start; PostgreSQL on the same machine",
                    Runtime.getRuntime().availableProcessors(), Bench.loadAverage());
            Start migrate = start(
                    "service", 0, () -> ServiceProcess.startInItsFolder("bench-startup-migrate", env, SERVICE_ONLY));
            Start warm = start("bare", 0, () -> bare("bench-startup-bare-0", BARE_JAR, SERVICE_JVM));
            report.line(
                    "untimed first starts: service %d ms (migrating the empty database), bare %d ms",
                    migrate.wallMillis, warm.wallMillis);

            // With bench.aot: the service and the bare app each with the AOT cache of its own training run, and
            // each without one too, so that every ratio has its reference in the same run.
            Map<String, Contender> contenders = new LinkedHashMap<>();
            List<String> serviceJvm = AotCache.service(SERVICE_ONLY, env, report);
            contenders.put(
                    AotCache.ON ? "service (AOT cache)" : "service",
                    run -> ServiceProcess.startInItsFolder("bench-startup-service-" + run, env, serviceJvm));
            contenders.put("bare", run -> bare("bench-startup-bare-" + run, BARE_JAR, SERVICE_JVM));
            if (AotCache.ON) {
                List<String> bareJvm = trainBare();
                contenders.put(
                        "service (aot-jar, no cache)",
                        run -> ServiceProcess.startInItsFolder("bench-startup-nocache-" + run, env, SERVICE_ONLY));
                contenders.put("bare (AOT cache)", run -> bare("bench-startup-bare-aot-" + run, BARE_AOT_JAR, bareJvm));
            }
            Map<String, List<Start>> starts = new LinkedHashMap<>();
            for (int i = 1; i <= RUNS; i++) {
                int run = i;
                contenders.forEach((name, launcher) -> starts.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(start(name, run, () -> launcher.launch(run))));
            }
            starts.values().forEach(list -> list.forEach(s -> report.line("%s", s)));
            List<Start> service = starts.get(contenders.keySet().iterator().next());
            List<Start> bare = starts.get("bare");
            threads(service.get(RUNS - 1), bare.get(RUNS - 1));
            counters(service.get(RUNS - 1), bare.get(RUNS - 1));
            Map<String, double[]> medians = new LinkedHashMap<>();
            starts.forEach((name, list) -> {
                double wall = median(list.stream().mapToLong(Start::wallMillis).toArray());
                double cpu = median(list.stream().mapToLong(Start::cpuMillis).toArray());
                medians.put(name, new double[] {wall, cpu});
                report.line("median of %d: %s %.0f ms to ready (CPU %.0f ms)", RUNS, name, wall, cpu);
            });
            double[] s = medians.values().iterator().next();
            medians.forEach((name, m) -> {
                if (name.startsWith("bare")) {
                    report.line(
                            "ratio service / %s: wall %.2f (goal <= 1.5: %s), CPU %.2f",
                            name, s[0] / m[0], s[0] / m[0] <= 1.5 ? "met" : "NOT met", s[1] / m[1]);
                }
            });
            report.line("service < 3 s: %s", s[0] < 3000 ? "met" : "NOT met");

            List<String> profiled = new ArrayList<>(serviceJvm);
            Files.createDirectories(JFR.getParent());
            Files.deleteIfExists(JFR);
            profiled.add("-XX:StartFlightRecording=filename=" + JFR.toAbsolutePath() + ",settings="
                    + jfrSettings().toAbsolutePath() + ",dumponexit=true");
            Start jfr = start(
                    "service under JFR", 1, () -> ServiceProcess.startInItsFolder("bench-startup-jfr", env, profiled));
            report.line("%s", jfr);
            report.line("load average at the end: %s", Bench.loadAverage());
            report.line("");
            report.line("the service's log up to readiness (run under JFR), from process start:");
            timeline(jfr);
            report.line("");
            StartupProfile.of(JFR, jfr.ready).print(report, 25);
        } finally {
            report.save("startup");
        }
    }

    /** What is started in turn: the service or a reference, one way. */
    private interface Contender {
        ServiceProcess launch(int run);
    }

    /**
     * The bare app's own training run (started, {@code /hello} and readiness asked a few times, stopped), as the
     * service's; the JVM options that use its cache.
     */
    private List<String> trainBare() throws IOException {
        Path cache = BARE_AOT_JAR.resolveSibling("app.aot");
        Files.deleteIfExists(cache);
        try (ServiceProcess training = bare(
                        "bench-startup-bare-training",
                        BARE_AOT_JAR,
                        AotCache.with(
                                AotCache.with(SERVICE_JVM, AotCache.RECORDING_METASPACE), "-XX:AOTCacheOutput=app.aot"))
                .awaitReady()) {
            for (int i = 0; i < 50; i++) {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create(training.baseUrl() + "/hello").toURL().openConnection();
                if (c.getResponseCode() != 200 || training.health("ready", Duration.ofSeconds(5)) != 200) {
                    throw new AssertionError("the bare app's training run: " + c.getResponseCode());
                }
                c.getInputStream().readAllBytes();
            }
            training.stop(Duration.ofMinutes(5));
        }
        if (!Files.exists(cache)) {
            throw new AssertionError("the bare app's training run wrote no " + cache);
        }
        report.line("the bare app's AOT cache: %s, %d MB", cache, Files.size(cache) >> 20);
        return AotCache.with(SERVICE_JVM, "-XX:AOTCache=app.aot");
    }

    /** The bare app from its own folder, as the service (an AOT cache is only used with its class path). */
    private static ServiceProcess bare(String name, Path jar, List<String> jvm) {
        return ServiceProcess.launch(
                name, Map.of(), jvm, List.of("-jar", jar.getFileName().toString()), jar.getParent());
    }

    /**
     * One start, timed from just before the process is started to the first 200 of {@code /q/health/ready}
     * (polled every 10 ms), with the CPU time the process had used then; stopped (SIGTERM) afterwards.
     */
    private static Start start(String what, int run, Supplier<ServiceProcess> launcher) {
        Instant launched = Instant.now();
        long t0 = System.nanoTime();
        ServiceProcess p = launcher.get();
        try (p) {
            await().atMost(Duration.ofSeconds(90))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        if (!p.process().isAlive()) {
                            throw new AssertionError(what + " exited before it was ready:\n" + p.output());
                        }
                        return p.health("ready", Duration.ofSeconds(2)) == 200;
                    });
            long wall = (System.nanoTime() - t0) / 1_000_000;
            long cpu = p.cpuMillis();
            Instant ready = Instant.now();
            Map<String, Long> threads = p.threadCpuMillis();
            Map<String, Long> counters = counters(p);
            p.stop();
            String log = p.output();
            Matcher m = STARTED_IN.matcher(log);
            double reported = m.find() ? Double.parseDouble(m.group(1)) * 1000 : Double.NaN;
            return new Start(what, run, wall, cpu, reported, launched, ready, threads, counters, log);
        }
    }

    /** One start: wall time to ready, CPU time then, and what Quarkus logged as "started in". */
    private record Start(
            String what,
            int run,
            long wallMillis,
            long cpuMillis,
            double reportedMillis,
            Instant launched,
            Instant ready,
            Map<String, Long> threads,
            Map<String, Long> counters,
            String log) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s, run %d: ready after %d ms, CPU %d ms (Quarkus logged \"started in\" %.0f ms)",
                    what,
                    run,
                    wallMillis,
                    cpuMillis,
                    reportedMillis);
        }
    }

    /** The CPU time of each kind of thread by readiness, service and bare side by side. */
    private void threads(Start service, Start bare) {
        report.line(
                "CPU by thread at readiness, ms (service run %d / bare run %d; the kernel's thread names, \"java\" "
                        + "being the main thread):",
                service.run, bare.run);
        service.threads.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() > 0 || bare.threads.getOrDefault(e.getKey(), 0L) > 0)
                .forEach(e -> report.line(
                        "  %-16s %6d  %6d", e.getKey(), e.getValue(), bare.threads.getOrDefault(e.getKey(), 0L)));
        bare.threads.entrySet().stream()
                .filter(e -> !service.threads.containsKey(e.getKey()) && e.getValue() > 0)
                .forEach(e -> report.line("  %-16s %6d  %6d", e.getKey(), 0, e.getValue()));
    }

    /** HotSpot's counters of class loading, JIT and GC ({@code jcmd PerfCounter.print}), read after readiness. */
    private static final Map<String, String> COUNTERS = new LinkedHashMap<>();

    static {
        COUNTERS.put("java.cls.loadedClasses", "classes loaded");
        COUNTERS.put("java.cls.sharedLoadedClasses", "of which from the CDS archive");
        COUNTERS.put("sun.cls.appClassBytes", "bytes of application classes read");
        COUNTERS.put("sun.cls.appClassLoadTime.self", "ms in application class loaders' loadClass (self)");
        COUNTERS.put("sun.cls.defineAppClassTime.self", "ms defining application classes (self)");
        COUNTERS.put("sun.cls.classVerifyTime.self", "ms verifying classes (self)");
        COUNTERS.put("sun.cls.classLinkedTime.self", "ms linking classes (self)");
        COUNTERS.put("sun.cls.classInitTime.self", "ms in static initializers (self)");
        COUNTERS.put("sun.ci.totalCompiles", "JIT compilations");
        COUNTERS.put("sun.ci.standardTime", "ms compiling (all JIT threads)");
        COUNTERS.put("sun.gc.collector.0.time", "ms in young collections");
        COUNTERS.put("sun.gc.collector.1.time", "ms in full collections");
    }

    /** The counters of {@link #COUNTERS}, times in ms (elapsed time on the thread, so waiting for a core counts). */
    private static Map<String, Long> counters(ServiceProcess p) {
        Map<String, Long> values = new HashMap<>();
        try {
            String out = Bench.jcmd(p, "PerfCounter.print");
            Map<String, Long> all = new HashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(eq + 1).strip().matches("[0-9]+")) {
                    all.put(
                            line.substring(0, eq),
                            Long.parseLong(line.substring(eq + 1).strip()));
                }
            }
            double ticksPerMs = all.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L) / 1000.0;
            for (String name : COUNTERS.keySet()) {
                Long v = all.get(name);
                if (v != null) {
                    values.put(name, name.contains("Time") || name.endsWith(".time") ? Math.round(v / ticksPerMs) : v);
                }
            }
        } catch (AssertionError | RuntimeException e) {
            // no counters
        }
        return values;
    }

    private void counters(Start service, Start bare) {
        report.line("JVM counters at readiness (service run %d / bare run %d):", service.run, bare.run);
        COUNTERS.forEach((name, what) -> report.line(
                "  %-52s %9s  %9s",
                what, service.counters.getOrDefault(name, -1L), bare.counters.getOrDefault(name, -1L)));
    }

    /** The log lines written up to readiness, each with its time from the process's start (prod logs JSON). */
    private void timeline(Start start) {
        for (String line : start.log.split("\n")) {
            Matcher at = TIMESTAMP.matcher(line);
            if (!at.find()) {
                continue;
            }
            Instant t = Instant.parse(at.group(1));
            if (t.isAfter(start.ready)) {
                break;
            }
            Matcher logger = LOGGER.matcher(line);
            Matcher message = MESSAGE.matcher(line);
            report.line(
                    "  +%5d ms  %s: %s",
                    Duration.between(start.launched, t).toMillis(),
                    logger.find() ? logger.group(1) : "?",
                    message.find() ? message.group(1) : line);
        }
    }

    /**
     * JFR's "profile" settings with Java stacks sampled every millisecond (instead of 10: a start-up is short)
     * and threads in native code every 10 ms: {@code target/bench/startup.jfc}.
     */
    private static Path jfrSettings() throws IOException {
        String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        String settings = period(period(profile, "jdk.ExecutionSample", "1 ms"), "jdk.NativeMethodSample", "10 ms");
        Path out = Path.of("target/bench/startup.jfc");
        Files.writeString(out, settings);
        return out;
    }

    /** {@code jfc} with the period of {@code event} set to {@code period}. */
    private static String period(String jfc, String event, String period) {
        Matcher m = Pattern.compile("(?<head><event name=\"" + Pattern.quote(event) + "\">\\s*<setting name=\"enabled\""
                        + "[^<]*</setting>\\s*<setting name=\"period\"[^>]*>)[^<]*")
                .matcher(jfc);
        if (!m.find()) {
            throw new IllegalStateException("no period of " + event + " in JFR's profile settings");
        }
        return jfc.substring(0, m.start()) + m.group("head") + period + jfc.substring(m.end());
    }

    /**
     * Builds the bare application with the wrapper, at the service's Quarkus version, into the folder of {@code jar}
     * ({@code target/bench-app}, or {@code target/bench-app-aot} packaged as {@code aot-jar}).
     */
    private void buildBareApp(Path jar, List<String> options) throws IOException, InterruptedException {
        Path directory = jar.getParent().getParent();
        Path log = Path.of("target/bench/" + directory.getFileName() + "-build.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of("./mvnw"));
        if (!"false".equals(System.getProperty("bench.app.offline"))) {
            command.add("-o");
        }
        command.addAll(List.of(
                "-q",
                "-f",
                "src/test/bench-app/pom.xml",
                "package",
                "-DskipTests",
                "-Dbench.app.directory=" + directory.toAbsolutePath(),
                "-Dquarkus.version=" + System.getProperty("bench.quarkus.version", "3.33.2")));
        command.addAll(options);
        long start = System.nanoTime();
        Process build = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0 || !Files.exists(jar)) {
            build.destroyForcibly();
            throw new AssertionError("the bare application did not build (" + String.join(" ", command) + "):\n"
                    + Files.readString(log));
        }
        report.line(
                "bare Quarkus application built in %d s: %s",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), String.join(" ", command));
    }
}
