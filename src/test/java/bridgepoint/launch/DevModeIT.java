package bridgepoint.launch;

import bridgepoint.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The README's first command, {@code ./mvnw quarkus:dev}, on a copy of the project (its pom, wrapper and main
 * sources, in a folder of its own so that it does not touch this build's {@code target}): it must reach readiness on
 * its embedded PostgreSQL and serve the three pages and a Qute report. Dev mode resolves dependencies that no other
 * build step does (dev-only artifacts of the extensions), so only this finds one that cannot be resolved.
 */
class DevModeIT {

    private static final Duration START = Duration.ofMinutes(6);

    @TempDir
    Path data;

    @Test
    void theReadmeRunCommandServesThePagesOnTheEmbeddedDatabase() throws Exception {
        Path project = Path.of("target", "dev-mode-check").toAbsolutePath();
        copyProject(Path.of("").toAbsolutePath(), project);
        int port = ServiceProcess.freePort();
        int managementPort = ServiceProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        "./mvnw",
                        "-B",
                        "-q",
                        "quarkus:dev",
                        "-Dquarkus.http.port=" + port,
                        "-Dquarkus.management.port=" + managementPort,
                        "-Ddebug=false",
                        "-Dquarkus.console.enabled=false",
                        "-Dquarkus.test.continuous-testing=disabled",
                        "-Dquarkus.analytics.disabled=true"))
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(project.resolve("dev.log").toFile());
        builder.environment().putAll(Map.of("BRIDGEPOINT_DATA_DIR", data.toString()));
        Process dev = builder.start();
        try {
            String base = "http://localhost:" + port;
            try {
                await().atMost(START)
                        .pollInterval(Duration.ofSeconds(1))
                        .failFast("dev mode stopped", () -> !dev.isAlive())
                        .until(() -> status("http://localhost:" + managementPort + "/q/health/ready") == 200);
            } catch (RuntimeException e) {
                throw new AssertionError(
                        e.getMessage() + "; the end of its output:\n" + tail(project.resolve("dev.log")), e);
            }
            for (String page : List.of("/", "/host", "/console")) {
                RestAssured.given().get(base + page).then().statusCode(200).body(containsString("<html lang=\"vi\""));
            }
            String token = RestAssured.given()
                    .contentType(ContentType.JSON)
                    .body(Map.of("username", "admin", "password", "admin"))
                    .post(base + "/api/auth/token")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("accessToken");
            String conference = RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "title", "Hội nghị thử chế độ phát triển",
                            "startsAt", "2021-12-22T08:00:00+07:00",
                            "endsAt", "2021-12-22T11:30:00+07:00"))
                    .post(base + "/api/conferences")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .get(base + "/api/conferences/" + conference + "/report.html")
                    .then()
                    .statusCode(200)
                    .body(containsString("Hội nghị thử chế độ phát triển"));
        } finally {
            // the dev JVM is a child of Maven's: each is asked to stop, so the service stops its PostgreSQL
            dev.descendants().forEach(ProcessHandle::destroy);
            dev.destroy();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> dev.descendants().noneMatch(ProcessHandle::isAlive) && !dev.isAlive());
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int status(String url) {
        try {
            return RestAssured.given().get(url).statusCode();
        } catch (Exception e) { // RestAssured rethrows the connection's IOException unchecked
            return -1; // not listening yet
        }
    }

    /** The files a fresh clone has that dev mode reads: the build, the wrapper and the main sources. */
    private static void copyProject(Path from, Path to) throws IOException {
        for (String part : List.of("pom.xml", "mvnw", ".mvn", "src/main", "src/test/resources/openapi")) {
            Path source = from.resolve(part);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(
                                file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }
}
