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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Refuses ({@code 429} with {@code Retry-After}) the ways in that fail too often, in two ways that fit a venue, where a
 * hall full of delegates shares one address:
 *
 * <ul>
 *   <li><b>Logins</b> (a password, also the current one of a password change) per account name, from any address:
 *       the first {@code bridgepoint.auth.login.free-failures} failures are free, then each attempt waits a delay
 *       since the last failure that doubles with every failure ({@code backoff} to {@code max-backoff}). A success
 *       clears them. Unknown names are counted alike, so a refusal tells nothing about which accounts exist.
 *   <li><b>Joins and reset codes</b> per client address: failures only, in a fixed window that starts at the first
 *       failure ({@code bridgepoint.auth.address.window}); once the address has spent its {@code failure-budget},
 *       every attempt of that kind from it is refused until the window ends. Successes are not counted and never move
 *       the window, so typos at a bridge point do not hold up the next delegate, and its host's login is not
 *       concerned at all.
 * </ul>
 *
 * <p>Counted in the database, one row per account name or address, so that a client spread over the instances by a
 * load balancer is refused by all of them. An attempt is counted as a failure <em>before</em> its credentials are
 * checked, in the one statement that decides whether it may go ahead, and given back when it succeeds: so parallel
 * guesses stop at the limit, however many arrive at once. No transaction is held while the credentials are checked
 * (bcrypt is slow on purpose). Times come from the service's {@link Clock}.
 */
@ApplicationScoped
public class LoginThrottle {

    /** What is throttled: logins per account name; joins and reset codes per client address. */
    public enum Kind {
        LOGIN("login"),
        JOIN("join"),
        RESET_CODE("reset-code");

        /** As stored, in metrics and in the audit log. */
        public final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }

    /**
     * An attempt let through: give it back with {@link #succeeded()} when the credentials were right; {@link
     * #failed()} counts a wrong one in the metrics (it already counts against its account or address).
     */
    public interface Attempt {
        void succeeded();

        void failed();
    }

    /** Exponents beyond this would only overflow: the wait is capped long before. */
    private static final int MAX_DOUBLINGS = 40;

    @Inject
    AuthConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    SecurityEvents events;

    private final Map<Kind, Counter> failures = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> refused = new EnumMap<>(Kind.class);

    @PostConstruct
    void metrics() {
        for (Kind kind : Kind.values()) {
            failures.put(
                    kind,
                    Counter.builder("bridgepoint.auth.failures")
                            .description("Failed logins, joins and reset codes (wrong password, unknown code)")
                            .tag("kind", kind.tag)
                            .register(registry));
            refused.put(
                    kind,
                    Counter.builder("bridgepoint.auth.throttled")
                            .description("Logins (per account), joins and reset codes (per address) refused with 429")
                            .tag("kind", kind.tag)
                            .register(registry));
        }
    }

    /** The client an attempt comes from: its address (behind a trusted proxy, from X-Forwarded-For). */
    public static String client(HttpServerRequest request) {
        return request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }

    /**
     * Counts a login on the account named {@code username} (as given; looked up as accounts are, ignoring case) as a
     * failure, or refuses it ({@code 429}) while the account waits after its failures. {@code client} is for the
     * audit log only.
     */
    public Attempt login(String username, String client) {
        AuthConfig.Login login = config.auth().login();
        OffsetDateTime now = now();
        try (Connection c = dataSource.getConnection()) {
            // One statement: an account whose wait is not over is not counted again (no row comes back); otherwise its
            // count goes up, or starts again at 1 when its failures are forgotten.
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into login_throttle as t (account, failures, last_failure) values (lower(?), 1, ?)
                    on conflict (account) do update set
                        failures = case when t.last_failure <= excluded.last_failure - make_interval(secs => ?)
                                          or t.last_failure > excluded.last_failure + make_interval(secs => ?)
                                        then 1 else t.failures + 1 end,
                        last_failure = excluded.last_failure
                    where t.last_failure <= excluded.last_failure - make_interval(secs => ?)
                       or t.last_failure > excluded.last_failure + make_interval(secs => ?)
                       or t.failures < ?
                       or t.last_failure + make_interval(secs => least(? * power(2, least(t.failures - ?, ?)), ?))
                          <= excluded.last_failure
                    returning failures""")) {
                double forget = seconds(login.forgetAfter());
                double max = seconds(login.maxBackoff());
                ps.setString(1, username);
                ps.setObject(2, now);
                ps.setDouble(3, forget);
                ps.setDouble(4, max);
                ps.setDouble(5, forget);
                ps.setDouble(6, max);
                ps.setInt(7, login.freeFailures());
                ps.setDouble(8, seconds(login.backoff()));
                ps.setInt(9, login.freeFailures());
                ps.setInt(10, MAX_DOUBLINGS);
                ps.setDouble(11, max);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        cleanUpNowAndThen(
                                c, "delete from login_throttle where last_failure < ?", now.minus(login.forgetAfter()));
                        return attempt(
                                Kind.LOGIN,
                                () -> update("delete from login_throttle where account = lower(?)", username));
                    }
                }
            }
            long retryAfter = loginRetryAfter(c, username, now);
            throw refuse(Kind.LOGIN, username, client, "too many failed logins for this account name", retryAfter);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count login attempts: " + e.getMessage(), e);
        }
    }

    /**
     * Counts a join or a reset code from {@code client} as a failure, or refuses it ({@code 429}) once the address has
     * spent its budget of failures of that kind in its current window.
     */
    public Attempt address(Kind kind, String client) {
        AuthConfig.Address address = config.auth().address();
        OffsetDateTime now = now();
        double window = seconds(address.window());
        try (Connection c = dataSource.getConnection()) {
            // One statement, as for logins. A window is over when its time has passed (or lies beyond reach: the clock
            // was set back), or when everything in it was given back: the next failure starts a new one.
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into address_throttle as t (kind, client, failures, window_start) values (?, ?, 1, ?)
                    on conflict (kind, client) do update set
                        failures = case when t.failures = 0
                                          or t.window_start <= excluded.window_start - make_interval(secs => ?)
                                          or t.window_start > excluded.window_start + make_interval(secs => ?)
                                        then 1 else t.failures + 1 end,
                        window_start = case when t.failures = 0
                                          or t.window_start <= excluded.window_start - make_interval(secs => ?)
                                          or t.window_start > excluded.window_start + make_interval(secs => ?)
                                        then excluded.window_start else t.window_start end
                    where t.failures < ?
                       or t.window_start <= excluded.window_start - make_interval(secs => ?)
                       or t.window_start > excluded.window_start + make_interval(secs => ?)
                    returning window_start""")) {
                ps.setString(1, kind.tag);
                ps.setString(2, client);
                ps.setObject(3, now);
                for (int i = 4; i <= 7; i++) {
                    ps.setDouble(i, window);
                }
                ps.setInt(8, address.failureBudget());
                ps.setDouble(9, window);
                ps.setDouble(10, window);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        OffsetDateTime windowStart = rs.getObject(1, OffsetDateTime.class);
                        cleanUpNowAndThen(
                                c, "delete from address_throttle where window_start < ?", now.minus(address.window()));
                        // given back within the window it was counted in, which it leaves as it is
                        return attempt(
                                kind,
                                () -> update(
                                        "update address_throttle set failures = failures - 1"
                                                + " where kind = ? and client = ? and window_start = ? and failures > 0",
                                        kind.tag,
                                        client,
                                        windowStart));
                    }
                }
            }
            long retryAfter = addressRetryAfter(c, kind, client, now, address.window());
            throw refuse(kind, client, client, "too many failed attempts from this address", retryAfter);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count attempts: " + e.getMessage(), e);
        }
    }

    private Attempt attempt(Kind kind, Runnable giveBack) {
        return new Attempt() {
            @Override
            public void succeeded() {
                giveBack.run();
            }

            @Override
            public void failed() {
                failures.get(kind).increment();
            }
        };
    }

    private ApiException refuse(Kind kind, String key, String client, String detail, long retryAfter) {
        refused.get(kind).increment();
        events.throttled(kind, key, client);
        return ApiException.tooManyAttempts(detail + "; try again in " + retryAfter + " s", retryAfter);
    }

    /** The wait of an account after {@code failures} failures. */
    Duration loginWait(int failures) {
        AuthConfig.Login login = config.auth().login();
        if (failures < login.freeFailures()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - login.freeFailures(), MAX_DOUBLINGS);
        double wait = seconds(login.backoff()) * Math.pow(2, doublings);
        return wait >= seconds(login.maxBackoff()) ? login.maxBackoff() : Duration.ofNanos((long) (wait * 1e9));
    }

    private long loginRetryAfter(Connection c, String username, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select failures, last_failure from login_throttle where account = lower(?)")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 1;
                }
                Instant last = rs.getObject(2, OffsetDateTime.class).toInstant();
                return secondsUntil(last.plus(loginWait(rs.getInt(1))), now);
            }
        }
    }

    private static long addressRetryAfter(Connection c, Kind kind, String client, OffsetDateTime now, Duration window)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select window_start from address_throttle where kind = ? and client = ?")) {
            ps.setString(1, kind.tag);
            ps.setString(2, client);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? secondsUntil(
                                rs.getObject(1, OffsetDateTime.class)
                                        .toInstant()
                                        .plus(window),
                                now)
                        : 1;
            }
        }
    }

    /** Whole seconds from {@code now} until {@code end}, rounded up, at least 1. */
    private static long secondsUntil(Instant end, OffsetDateTime now) {
        long millis = Duration.between(now.toInstant(), end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private void update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give an attempt back: " + e.getMessage(), e);
        }
    }

    /** Rows past any use; one attempt in a hundred deletes them. */
    private static void cleanUpNowAndThen(Connection c, String delete, OffsetDateTime before) throws SQLException {
        if (ThreadLocalRandom.current().nextInt(100) == 0) {
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                ps.setObject(1, before);
                ps.executeUpdate();
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
