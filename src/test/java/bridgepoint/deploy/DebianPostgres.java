package bridgepoint.deploy;

import bridgepoint.support.Commands;
import bridgepoint.support.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throwaway cluster of the machine's Debian PostgreSQL on a loopback port, run with its own tools (initdb, pg_ctl,
 * pg_basebackup), as the {@code postgres} user when the tests run as root. Its folder is under {@code /tmp} (the
 * postgres user must own it) and removed at {@link #close}.
 */
final class DebianPostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final Path data;
    final int port;

    private DebianPostgres(Path dir, int port) {
        this.bin = ProofTools.postgresBin().orElseThrow();
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** A new primary, not started; {@code settings} go to its postgresql.conf. */
    static DebianPostgres primary(String name, List<String> settings) {
        DebianPostgres pg = new DebianPostgres(folder(name), ServiceProcess.freePort());
        pg.run("initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8");
        pg.configure(settings);
        return pg;
    }

    /**
     * A streaming standby of {@code primary} (which is running), not started: a base backup with the replication
     * settings written by {@code pg_basebackup -R}, connecting as {@code applicationName}.
     */
    static DebianPostgres standbyOf(DebianPostgres primary, String applicationName, List<String> settings) {
        DebianPostgres pg = new DebianPostgres(folder(applicationName), ServiceProcess.freePort());
        pg.run(
                "pg_basebackup",
                "-d",
                "host=127.0.0.1 port=" + primary.port + " user=postgres application_name=" + applicationName,
                "-D",
                pg.data.toString(),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast");
        pg.configure(settings);
        return pg;
    }

    private static Path folder(String name) {
        try {
            Path dir = Files.createTempDirectory("bridgepoint-" + name + "-");
            if (ProofTools.root()) {
                exec(List.of("chown", "postgres:postgres", dir.toString()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends settings to postgresql.auto.conf (read last, so they win over what a base backup brought). */
    private void configure(List<String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                "sh",
                "-c",
                "cat >> \"$0\"",
                data.resolve("postgresql.auto.conf").toString()));
        runAsOwner(command, String.join("\n", settings) + "\n");
    }

    DebianPostgres start() {
        run(
                "pg_ctl",
                "-D",
                data.toString(),
                "-l",
                dir.resolve("postgres.log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
                "-w",
                "-t",
                "60",
                "start");
        return this;
    }

    /** Stops at once, as a crash does (no checkpoint; clients are cut off). */
    void stopImmediately() {
        run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }

    /** A standby becomes a primary. */
    void promote() {
        run("pg_ctl", "-D", data.toString(), "-w", "promote");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect() throws SQLException {
        return connect("postgres");
    }

    /** A connection to {@code database} as the superuser. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    /**
     * Runs a psql script of {@code deploy/} as an operator would, as the superuser on the database {@code postgres},
     * with these psql variables ({@code -v name=value}).
     */
    void psql(Path script, Map<String, String> variables) {
        List<String> command = new ArrayList<>(List.of(
                bin.resolve("psql").toString(),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-f",
                script.toAbsolutePath().toString()));
        variables.forEach((name, value) -> command.addAll(List.of("-v", name + "=" + value)));
        exec(command);
    }

    String log() {
        try {
            return Files.readString(dir.resolve("postgres.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException e) {
                // already stopped
            }
        }
        exec(List.of("rm", "-rf", dir.toString()));
    }

    private void run(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        runAsOwner(command, null);
    }

    private void runAsOwner(List<String> command, String input) {
        List<String> full = new ArrayList<>();
        if (ProofTools.root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        exec(full, input, dir);
    }

    private static void exec(List<String> command) {
        exec(command, null, Path.of("/tmp"));
    }

    private static void exec(List<String> command, String input, Path workDir) {
        Commands.output(new ProcessBuilder(command).directory(workDir.toFile()), input, Duration.ofSeconds(120));
    }
}
