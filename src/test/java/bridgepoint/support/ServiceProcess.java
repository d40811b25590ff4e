package bridgepoint.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a separate process, as in
 * production: for tests with several instances, restarts and kills. Its output goes to
 * {@code target/it-logs/<name>.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    /**
     * The first organizer's password in the instances started here (prod profile, which refuses a password that the
     * policy refuses, such as {@code admin}).
     */
    public static final String ADMIN_PASSWORD = "bridgepoint-it-organizer";

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ServiceProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts an instance with these environment variables (added to a clean Bridgepoint environment). */
    public static ServiceProcess start(String name, Map<String, String> env) {
        return start(name, env, List.of("-Xmx256m"));
    }

    /** As {@link #start(String, Map)}, with these JVM options. */
    public static ServiceProcess start(String name, Map<String, String> env, List<String> jvmOptions) {
        return launch(name, env, jvmOptions, List.of("-jar", JAR.toString()));
    }

    /**
     * Another program run as the service is (benchmarks' references): this JVM's {@code java} with {@code jvmOptions},
     * then {@code program} ({@code -jar <jar>} or {@code -cp <path> <main class>}), the same environment, its port in
     * {@code QUARKUS_HTTP_PORT}.
     */
    public static ServiceProcess launch(
            String name, Map<String, String> env, List<String> jvmOptions, List<String> program) {
        return launch(name, env, jvmOptions, program, null);
    }

    /**
     * The packaged service run from its own folder ({@code target/quarkus-app}, as the image runs it): an AppCDS
     * archive is only used with the very class path it was made with, {@code quarkus-run.jar} there.
     */
    public static ServiceProcess startInItsFolder(String name, Map<String, String> env, List<String> jvmOptions) {
        return launch(name, env, jvmOptions, List.of("-jar", JAR.getFileName().toString()), JAR.getParent());
    }

    /** As {@link #launch(String, Map, List, List)}, in {@code directory} (null: this one). */
    public static ServiceProcess launch(
            String name, Map<String, String> env, List<String> jvmOptions, List<String> program, Path directory) {
        int port = freePort();
        int managementPort = freePort();
        try {
            Path log = Path.of("target/it-logs", name + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(program);
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("BRIDGEPOINT_"));
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            builder.environment().put("BRIDGEPOINT_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().putAll(env);
            return new ServiceProcess(builder.start(), port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The token keys of the instances the tests start on an external database, as production has them (one ring for
     * every instance sharing a database; test keys, of no use elsewhere).
     */
    public static final String TOKEN_KEYS = "it-1=mNi8zyzTU-KZcyf-wkT8NRAKa1LGR1rBaE_ugtiIZX0";

    /**
     * The environment of an instance on this database, as production runs it: the migrations as the owner of the
     * tables ({@code postgres}), the service as {@link PostgresTestResource#RUNTIME_ROLE}, with {@link #TOKEN_KEYS};
     * plus {@code more}.
     */
    public static Map<String, String> database(EmbeddedPostgres postgres, Map<String, String> more) {
        PostgresTestResource.createRuntimeRole(postgres);
        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                PostgresTestResource.jdbcUrl(postgres),
                "QUARKUS_DATASOURCE_USERNAME",
                PostgresTestResource.RUNTIME_ROLE,
                "QUARKUS_DATASOURCE_PASSWORD",
                PostgresTestResource.RUNTIME_PASSWORD,
                // the server trusts local connections; Flyway takes its own credentials only when both are set
                "QUARKUS_FLYWAY_USERNAME",
                "postgres",
                "QUARKUS_FLYWAY_PASSWORD",
                "postgres",
                "BRIDGEPOINT_TOKEN_KEYS",
                TOKEN_KEYS));
        env.putAll(more);
        return env;
    }

    /** Waits until the instance answers ready, or fails with its log. */
    public ServiceProcess awaitReady() {
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "the service exited with " + process.exitValue() + ":\n" + output());
                        }
                        return ready();
                    });
        } catch (RuntimeException e) {
            close();
            throw new AssertionError("service did not become ready:\n" + output(), e);
        }
        return this;
    }

    private boolean ready() {
        return health("ready", Duration.ofSeconds(2)) == 200;
    }

    /**
     * The status of {@code /q/health/<check>} (live, ready) on the management port, or -1 when there is no answer
     * within {@code wait}. A program without a management interface (the benchmarks' references) answers on its
     * public port; the service itself never does (404 there), so that cannot pass for its health.
     */
    public int health(String check, Duration wait) {
        try {
            return status(managementUrl() + "/q/health/" + check, wait);
        } catch (java.net.ConnectException e) {
            try {
                return status(baseUrl() + "/q/health/" + check, wait);
            } catch (IOException again) {
                return -1;
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static int status(String url, Duration wait) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout((int) wait.toMillis());
        return c.getResponseCode();
    }

    /** The Prometheus text of {@code /q/metrics} (management port). */
    public String metrics() {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create(managementUrl() + "/q/metrics").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(10_000);
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sum of the samples of a metric in {@code /q/metrics} whose labels contain all of {@code labels}. */
    public double metric(String name, String... labels) {
        return Metrics.value(metrics(), name, labels);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Health and metrics (Quarkus's management interface, a port of its own). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** CPU time (user + system) the process has used so far (Linux), in milliseconds. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time (user + system) of each thread of the process so far (Linux), in milliseconds, summed by thread name
     * (the kernel's, at most 15 characters) without its trailing digits: "C2 CompilerThre", "main", "GC Thread#"...
     */
    public Map<String, Long> threadCpuMillis() {
        Map<String, Long> cpu = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return cpu;
    }

    /** Resident memory of the process (Linux), in bytes. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Exit code after the process ended by itself (waits up to a minute). */
    public int awaitExit() {
        return awaitExit(Duration.ofMinutes(1));
    }

    /** Exit code after the process ended by itself (waits up to {@code wait}). */
    public int awaitExit(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the service did not exit:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Graceful stop (SIGTERM), as an orchestrator does it. */
    public int stop() {
        return stop(Duration.ofMinutes(1));
    }

    /** Graceful stop, waiting up to {@code wait} for the exit (a JVM writing its AOT cache at exit takes a while). */
    public int stop(Duration wait) {
        process.destroy();
        return awaitExit(wait);
    }

    /** kill -9: no shutdown hooks run. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A JSON request to {@code service}, with {@code token} as its bearer (none if null). */
    public static RequestSpecification on(ServiceProcess service, String token) {
        RequestSpecification spec =
                RestAssured.given().baseUri(service.baseUrl()).contentType(ContentType.JSON);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    /** The first organizer's token ({@code admin}, {@link #ADMIN_PASSWORD}). */
    public static String adminToken(ServiceProcess service) {
        return on(service, null)
                .body(Map.of("username", "admin", "password", ADMIN_PASSWORD))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
