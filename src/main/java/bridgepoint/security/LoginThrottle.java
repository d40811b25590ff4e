package bridgepoint.security;

import bridgepoint.common.ApiException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Refuses ({@code 429}) a client that has failed to log in or join too often: after
 * {@code bridgepoint.auth.failure-limit} failures within {@code bridgepoint.auth.failure-window}, every attempt
 * from it is refused until the window since its last failure has passed. Counted in the database (one row per
 * client, with the database's clock), so that a client spread over several instances by a load balancer is refused
 * by all of them.
 *
 * <p>An attempt is counted as a failure <em>before</em> its credentials are checked, in the same statement that
 * decides whether it may go ahead, and given back if it succeeds: so parallel guesses stop at the limit, however
 * many arrive at once. No transaction is held while the credentials are checked (bcrypt is slow on purpose).
 */
@ApplicationScoped
public class LoginThrottle {

    /**
     * An attempt let through: give it back with {@link #succeeded()} when the credentials were right; {@link
     * #failed()} counts a wrong one in the metrics (it already counts against the client).
     */
    public interface Attempt {
        void succeeded();

        void failed();
    }

    @Inject
    AuthConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private Counter failures;
    private Counter refused;

    @PostConstruct
    void metrics() {
        failures = Counter.builder("bridgepoint.auth.failures")
                .description("Failed logins and joins (wrong password, unknown join code)")
                .register(registry);
        refused = Counter.builder("bridgepoint.auth.throttled")
                .description("Logins and joins refused with 429 after too many failures from one client")
                .register(registry);
    }

    /** The client an attempt is counted against: its address (behind a trusted proxy, from X-Forwarded-For). */
    public static String client(HttpServerRequest request) {
        return request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }

    /** Counts an attempt of {@code client} as a failure, or refuses it ({@code 429}) if it has failed too often. */
    public Attempt begin(String client) {
        long window = config.auth().failureWindow().toSeconds();
        try (Connection c = dataSource.getConnection()) {
            // One statement: within the window a client at the limit is not counted again (no row comes back);
            // otherwise its count goes up, or starts again at 1 after the window.
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into login_failure as f (client, failures, last_failure) values (?, 1, now())
                    on conflict (client) do update set
                        failures = case when f.last_failure > now() - make_interval(secs => ?) then f.failures + 1 else 1 end,
                        last_failure = now()
                    where f.failures < ? or f.last_failure <= now() - make_interval(secs => ?)
                    returning failures""")) {
                ps.setString(1, client);
                ps.setLong(2, window);
                ps.setInt(3, config.auth().failureLimit());
                ps.setLong(4, window);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        cleanUpNowAndThen(c, window);
                        return new Attempt() {
                            @Override
                            public void succeeded() {
                                giveBack(client);
                            }

                            @Override
                            public void failed() {
                                failures.increment();
                            }
                        };
                    }
                }
            }
            refused.increment();
            throw ApiException.tooManyAttempts(retryAfter(c, client, window));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count login attempts: " + e.getMessage(), e);
        }
    }

    private void giveBack(String client) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update login_failure set failures = greatest(failures - 1, 0) where client = ?")) {
            ps.setString(1, client);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count a login attempt: " + e.getMessage(), e);
        }
    }

    private static long retryAfter(Connection c, String client, long window) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select ceil(extract(epoch from last_failure + make_interval(secs => ?) - now())) from login_failure"
                        + " where client = ?")) {
            ps.setLong(1, window);
            ps.setString(2, client);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(1, rs.getLong(1)) : 1;
            }
        }
    }

    /** Rows past their window are of no use; one attempt in a hundred deletes them. */
    private static void cleanUpNowAndThen(Connection c, long window) throws SQLException {
        if (ThreadLocalRandom.current().nextInt(100) == 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from login_failure where last_failure < now() - make_interval(secs => ?)")) {
                ps.setLong(1, window);
                ps.executeUpdate();
            }
        }
    }
}
