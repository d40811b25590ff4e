package bridgepoint.deploy;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's tools that the deployment proofs run: Debian's PostgreSQL server binaries and nginx
 * ({@code apt-get install -y postgresql nginx}; {@code .ci/run} installs them). Without them the proofs are skipped
 * with the reason, except on CI ({@code CI=true}), where a missing tool fails the build.
 */
final class ProofTools {

    static final Path NGINX = Path.of("/usr/sbin/nginx");

    private ProofTools() {}

    /** The newest Debian PostgreSQL's {@code bin} folder, e.g. {@code /usr/lib/postgresql/15/bin}. */
    static Optional<Path> postgresBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres"))
                            && Files.isExecutable(bin.resolve("pg_basebackup")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(
                            bin.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Root runs the PostgreSQL tools as the {@code postgres} user (initdb refuses root). */
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Skips the calling test when a tool is missing (fails instead on CI), saying which and how to get it. */
    static void require() {
        List<String> missing = new ArrayList<>();
        if (postgresBin().isEmpty()) {
            missing.add("Debian PostgreSQL server (/usr/lib/postgresql/*/bin/postgres, pg_basebackup)");
        }
        if (root() && !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            missing.add("runuser (util-linux), to run PostgreSQL as the postgres user");
        }
        if (!Files.isExecutable(NGINX)) {
            missing.add("nginx (/usr/sbin/nginx)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "the deployment proof needs " + String.join(", ", missing)
                + ": apt-get install -y postgresql nginx (.ci/run does)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason);
        }
        Assumptions.abort(reason);
    }
}
