package bridgepoint.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One real PostgreSQL for the whole test run: an embedded server (zonky, PostgreSQL 17), or the database
 * named by {@code QUARKUS_DATASOURCE_JDBC_URL} (with {@code _USERNAME} and {@code _PASSWORD}, and the owner's
 * {@code QUARKUS_FLYWAY_USERNAME} and {@code _PASSWORD}) when set. On the embedded server, the migrations run as the
 * superuser {@code postgres} and the service as {@link #RUNTIME_ROLE}.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** The service's role in the tests' databases (embedded ones: the tests' own and {@link ServiceProcess}'s). */
    public static final String RUNTIME_ROLE = "bridgepoint_runtime";

    public static final String RUNTIME_PASSWORD = "runtime-test-password";

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        forgetEarlierLogs();
        String external = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return Map.of();
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .setLocaleConfig("encoding", "UTF8")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for the tests", e);
        }
        createRuntimeRole(postgres);
        // The server trusts local connections: the passwords are not checked, but Flyway takes its own credentials
        // only when both are set.
        return Map.of(
                "quarkus.datasource.jdbc.url",
                jdbcUrl(postgres),
                "quarkus.datasource.username",
                RUNTIME_ROLE,
                "quarkus.datasource.password",
                RUNTIME_PASSWORD,
                "quarkus.flyway.username",
                "postgres",
                "quarkus.flyway.password",
                "postgres");
    }

    /** The URL of the server's database {@code postgres}, naming no user (zonky's names {@code postgres}). */
    public static String jdbcUrl(EmbeddedPostgres postgres) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /**
     * The role the service runs as, owning nothing (the migrations run as {@code postgres}, which owns the tables):
     * as in production, the tests' own connections through the injected {@code DataSource} have only its grants.
     */
    public static void createRuntimeRole(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + RUNTIME_ROLE
                    + "') then create role " + RUNTIME_ROLE + " login password '" + RUNTIME_PASSWORD
                    + "'; end if; end $$");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the role " + RUNTIME_ROLE, e);
        }
    }

    /**
     * A connection as the role the migrations run as (the owner of the tables), for the tests that need more than
     * the service's role may do. Call it from a {@code @QuarkusTest}: it reads the test instance's configuration.
     */
    public static Connection ownerConnection() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.flyway.username", String.class)
                        .orElseGet(() -> config.getValue("quarkus.datasource.username", String.class)),
                config.getOptionalValue("quarkus.flyway.password", String.class)
                        .orElseGet(() -> config.getOptionalValue("quarkus.datasource.password", String.class)
                                .orElse("")));
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The logs of earlier runs go before the service starts and writes this run's (LogSecretsTest reads them all,
     * and the log files are appended to).
     */
    private static void forgetEarlierLogs() {
        Path logs = Path.of("target", "test-logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + logs, e);
        }
    }
}
