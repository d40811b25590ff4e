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
 * {@code bridgepoint.auth.failure-limit} failures within {@code bridgepoint.auth.failure-window}, every
 * attempt from it is refused until the window since its last failure has passed. Counted in the database (one
 * row per failing client, with the database's clock), so that a client spread over several instances by a load
 * balancer is refused by all of them.
 */
@ApplicationScoped
public class LoginThrottle {

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

    public void checkAllowed(String client) {
        long retryAfter;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                     select ceil(extract(epoch from last_failure + make_interval(secs => ?) - now()))
                     from login_failure
                     where client = ? and failures >= ? and last_failure > now() - make_interval(secs => ?)""")) {
            ps.setLong(1, config.auth().failureWindow().toSeconds());
            ps.setString(2, client);
            ps.setInt(3, config.auth().failureLimit());
            ps.setLong(4, config.auth().failureWindow().toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                retryAfter = Math.max(1, rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read login failures: " + e.getMessage(), e);
        }
        refused.increment();
        throw ApiException.tooManyAttempts(retryAfter);
    }

    public void recordFailure(String client) {
        failures.increment();
        try (Connection c = dataSource.getConnection()) {
            // A failure within the window adds to the count and restarts the window: a client that keeps failing
            // stays refused. One after the window starts a new count.
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into login_failure (client, failures, last_failure) values (?, 1, now())
                    on conflict (client) do update set
                        failures = case when login_failure.last_failure > now() - make_interval(secs => ?)
                                        then login_failure.failures + 1 else 1 end,
                        last_failure = now()""")) {
                ps.setString(1, client);
                ps.setLong(2, config.auth().failureWindow().toSeconds());
                ps.executeUpdate();
            }
            if (ThreadLocalRandom.current().nextInt(100) == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "delete from login_failure where last_failure < now() - make_interval(secs => ?)")) {
                    ps.setLong(1, config.auth().failureWindow().toSeconds());
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a login failure: " + e.getMessage(), e);
        }
    }
}
