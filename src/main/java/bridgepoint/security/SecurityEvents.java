package bridgepoint.security;

import bridgepoint.common.Audit;
import bridgepoint.common.DaemonThreads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The security events of the audit log that are not a change of their own (a successful login is recorded with its
 * {@code lastLoginAt}, in {@link UserService#loggedIn}):
 *
 * <ul>
 *   <li>{@code auth.login-failed}, one entry per failed login, password change or reset code: each cost a bcrypt
 *       hash, and logins are throttled per account, so they cannot come in floods;
 *   <li>{@code auth.join-refused} and {@code auth.throttled} ({@code 429}), which cost a client next to nothing:
 *       counted in memory per client address (and account or kind) and minute on each instance, and written as one
 *       entry each with the count once their minute is over, and at shutdown. At most {@link #MAX_TALLIES} are kept
 *       per minute; beyond, they are counted together under no address.
 * </ul>
 */
@ApplicationScoped
public class SecurityEvents {

    private static final Logger LOG = Logger.getLogger(SecurityEvents.class);

    static final int MAX_TALLIES = 10_000;

    /** What is counted together: one action from one address (about one account or kind) in one minute. */
    private record Tally(long minute, String action, String client, String targetType, String targetId, String kind) {}

    /** How many, first and last; changed only inside {@link ConcurrentHashMap#compute}. */
    private static final class Count {
        long count;
        Instant first;
        Instant last;
    }

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    private final Map<Tally, Count> tallies = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("security-events"));
        timer.scheduleWithFixedDelay(() -> flush(false), 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        flush(true);
    }

    /**
     * A failed login ({@code via} {@code password}), password change ({@code current-password}) or reset code
     * ({@code reset-code}) by a client without a token: the account name as given, never the password or the code.
     * {@code accountId}: the account, when the failure was its being disabled.
     */
    public void loginFailed(String username, String via, UUID accountId) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("username", username);
        after.put("via", via);
        after.put("reason", accountId == null ? "wrong-credentials" : "disabled");
        QuarkusTransaction.requiringNew()
                .run(() -> audit.recordAs(
                        Audit.Actor.anonymous(null), "auth.login-failed", null, "user", accountId, null, after));
    }

    /** A join with an unknown code from {@code client}. */
    public void joinRefused(String client) {
        count("auth.join-refused", client, "client", client, null);
    }

    /** A {@code 429}: of a login on the account named {@code key}, or of a join or reset code from {@code client}. */
    public void throttled(LoginThrottle.Kind kind, String key, String client) {
        boolean account = kind == LoginThrottle.Kind.LOGIN;
        count("auth.throttled", client, account ? "account" : "client", key, kind.tag);
    }

    private void count(String action, String client, String targetType, String targetId, String kind) {
        Instant now = clock.instant();
        Tally tally = new Tally(now.getEpochSecond() / 60, action, client, targetType, targetId, kind);
        if (tallies.size() >= MAX_TALLIES && !tallies.containsKey(tally)) {
            tally = new Tally(tally.minute(), action, null, targetType, null, kind);
        }
        tallies.compute(tally, (t, c) -> {
            Count count = c == null ? new Count() : c;
            count.count++;
            count.first = count.first == null ? now : count.first;
            count.last = now;
            return count;
        });
    }

    /** Writes the tallies of minutes that are over (all of them at shutdown), in one transaction. */
    void flush(boolean all) {
        long minute = clock.instant().getEpochSecond() / 60;
        Map<Tally, Count> done = new LinkedHashMap<>();
        for (Tally tally : new ArrayList<>(tallies.keySet())) {
            if (all || tally.minute() != minute) {
                Count count = tallies.remove(tally);
                if (count != null) {
                    done.put(tally, count);
                }
            }
        }
        if (done.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> done.forEach(this::record));
        } catch (RuntimeException e) {
            // the database is away: keep them for the next try
            LOG.debugf("Could not record %d security event tallies: %s", done.size(), e.getMessage());
            if (!all) {
                done.forEach((tally, count) -> tallies.merge(tally, count, SecurityEvents::sum));
            }
        }
    }

    private void record(Tally tally, Count count) {
        Map<String, Object> after = new LinkedHashMap<>();
        if (tally.kind() != null) {
            after.put("kind", tally.kind());
        }
        after.put("count", count.count);
        after.put("firstAt", count.first.toString());
        after.put("lastAt", count.last.toString());
        audit.recordAs(
                Audit.Actor.anonymous(tally.client()),
                tally.action(),
                null,
                tally.targetType(),
                tally.targetId(),
                null,
                after);
    }

    private static Count sum(Count a, Count b) {
        Count c = new Count();
        c.count = a.count + b.count;
        c.first = a.first.isBefore(b.first) ? a.first : b.first;
        c.last = a.last.isAfter(b.last) ? a.last : b.last;
        return c;
    }
}
