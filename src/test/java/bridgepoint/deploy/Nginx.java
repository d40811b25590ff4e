package bridgepoint.deploy;

import bridgepoint.support.Commands;
import bridgepoint.support.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Debian's nginx in front of the instances, with Bridgepoint's site configuration rendered from the same template
 * that the compose file gives the nginx image ({@code deploy/nginx/bridgepoint.conf.template}), in a folder of its
 * own under {@code target/}. {@link #start} checks the configuration ({@code nginx -t}) first.
 */
final class Nginx implements AutoCloseable {

    static final Path TEMPLATE = Path.of("deploy/nginx/bridgepoint.conf.template");

    final int port;
    private final Path dir;
    private Process process;

    private Nginx(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** nginx on a free loopback port in front of instances on these ports. */
    static Nginx inFrontOf(String name, List<Integer> instancePorts) {
        try {
            Path dir = Path.of("target/nginx", name).toAbsolutePath();
            Files.createDirectories(dir);
            Nginx nginx = new Nginx(dir, ServiceProcess.freePort());
            String upstreams = instancePorts.stream()
                    .map(p -> "server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
                    .collect(Collectors.joining(" "));
            Files.writeString(
                    dir.resolve("bridgepoint.conf"),
                    render(
                            Files.readString(TEMPLATE),
                            Map.of(
                                    "BRIDGEPOINT_UPSTREAMS",
                                    upstreams,
                                    "NGINX_PORT",
                                    "127.0.0.1:" + nginx.port,
                                    "NGINX_ACCESS_LOG",
                                    dir.resolve("access.log").toString())));
            Files.writeString(dir.resolve("nginx.conf"), nginx.mainConfig(""));
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the nginx image's envsubst does it: only the variables given are replaced, nginx's own stay. */
    static String render(String template, Map<String, String> variables) {
        String text = template;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        return text;
    }

    private String mainConfig(String extra) {
        return (ProofTools.root() ? "user root;\n" : "") + """
                daemon off;
                worker_processes 1;
                worker_rlimit_nofile 16384;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 8192; }
                http {
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/bridgepoint.conf;
                    %2$s
                }
                """.formatted(dir, extra);
    }

    /**
     * Checks the configuration ({@code nginx -t}) with {@code extra} added to its http block; fails with nginx's
     * answer.
     */
    Nginx check(String extra) {
        try {
            Files.writeString(dir.resolve("nginx.conf"), mainConfig(extra));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String test = Commands.output(
                Duration.ofSeconds(30), ProofTools.NGINX.toString(), "-t", "-p", dir.toString(), "-c", "nginx.conf");
        if (!test.contains("test is successful")) {
            throw new IllegalStateException("nginx -t:\n" + test);
        }
        return this;
    }

    Nginx start() {
        check("");
        try {
            process = new ProcessBuilder(ProofTools.NGINX.toString(), "-p", dir.toString(), "-c", "nginx.conf")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("nginx listening").atMost(Duration.ofSeconds(20)).until(this::listening);
        return this;
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("nginx exited:\n" + errors());
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String accessLog() {
        return read(dir.resolve("access.log"));
    }

    String errors() {
        return read(dir.resolve("error.log")) + read(dir.resolve("nginx.out"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: nginx's fast shutdown
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
