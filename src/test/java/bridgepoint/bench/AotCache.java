package bridgepoint.bench;

import bridgepoint.support.Report;
import bridgepoint.support.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's AOT cache of the packaged service ({@code -Dbench.aot=true}: JDK 25 or later, the service packaged as
 * {@code aot-jar}), as the container image makes it (README, Deploying): a training run of the service with
 * {@code -XX:AOTCacheOutput}, driven by {@code deploy/aot/TrainingRun.java}, then every start with
 * {@code -XX:AOTCache}. The cache is only used with the class path it was made with, so the service always runs from
 * its own folder ({@link ServiceProcess#startInItsFolder}).
 */
final class AotCache {

    /** Whether the benchmarks run the service with its AOT cache. */
    static final boolean ON = Boolean.getBoolean("bench.aot");

    private static final Path SERVICE_CACHE = ServiceProcess.JAR.resolveSibling("app.aot");
    private static final Path TRAINING = Path.of("deploy/aot/TrainingRun.java");

    /**
     * The JVM assembling the cache sizes its regions after the metaspace limit: with the service's 160 MB it fails
     * ("Unable to allocate from 'ro' region"). The runs that use the cache keep the service's limit.
     */
    static final String RECORDING_METASPACE = "-XX:MaxMetaspaceSize=512m";

    private AotCache() {}

    /**
     * {@code jvm} plus the options that use the service's cache, trained first on this database when it is missing
     * or older than the package; {@code jvm} as it is when the cache is off.
     */
    static List<String> service(List<String> jvm, Map<String, String> env, Report report) {
        if (!ON) {
            return jvm;
        }
        requireJdk25();
        try {
            if (!Files.exists(SERVICE_CACHE)
                    || Files.getLastModifiedTime(SERVICE_CACHE).compareTo(Files.getLastModifiedTime(ServiceProcess.JAR))
                            < 0) {
                train(jvm, env, report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with(jvm, "-XX:AOTCache=" + SERVICE_CACHE.getFileName());
    }

    /** {@code jvm} with {@code option} appended. */
    static List<String> with(List<String> jvm, String option) {
        List<String> all = new ArrayList<>(jvm);
        all.add(option);
        return List.copyOf(all);
    }

    static void requireJdk25() {
        if (Runtime.version().feature() < 25) {
            throw new AssertionError(
                    "bench.aot needs JDK 25 or later to run the benchmark (JAVA_HOME), not " + Runtime.version());
        }
    }

    /**
     * The training run: the service recording its cache while {@code TrainingRun} drives a conference day through
     * it (400 WebSocket clients, 40 rounds of live changes), then a graceful stop, at which the JVM writes the cache.
     */
    private static void train(List<String> jvm, Map<String, String> env, Report report) throws IOException {
        Files.deleteIfExists(SERVICE_CACHE);
        long t0 = System.nanoTime();
        try (ServiceProcess training = ServiceProcess.startInItsFolder(
                        "bench-aot-training",
                        env,
                        with(with(jvm, RECORDING_METASPACE), "-XX:AOTCacheOutput=" + SERVICE_CACHE.getFileName()))
                .awaitReady()) {
            drive(training.baseUrl());
            training.stop(Duration.ofMinutes(5));
        }
        if (!Files.exists(SERVICE_CACHE)) {
            throw new AssertionError("the training run wrote no " + SERVICE_CACHE);
        }
        report.line(
                "AOT cache trained in %d s (deploy/aot/TrainingRun.java): %s, %d MB",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), SERVICE_CACHE, Files.size(SERVICE_CACHE) >> 20);
    }

    /** Runs the training driver as a source file with this JDK against {@code baseUrl}. */
    private static void drive(String baseUrl) throws IOException {
        Path log = Path.of("target/it-logs/bench-aot-training-run.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), TRAINING.toString(), baseUrl)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("the training run failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
