package bridgepoint.security;

import bridgepoint.common.AfterCommit;
import bridgepoint.common.ApiException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a token's bearer is still what it was when the token was issued. A signature alone would keep a removed
 * delegate, a deleted account, or the holder of a leaked join code (replaced since) in for the token's whole
 * lifetime. What each subject is now is read once per instance and remembered until it changes: the change sends
 * a PostgreSQL notification on {@link #CHANNEL} when it commits, and every instance forgets that subject (the
 * listener is {@code bridgepoint.live.EventNotifications}; when its connection breaks, notifications may be lost,
 * so it forgets everything once it reconnects).
 *
 * <p>What a subject is now ({@link Standing}): for a delegate, its join code's stamp; for an account, its {@code
 * token_stamp}, which is replaced to revoke all its tokens at once (its sites or role changed, it was disabled or
 * signed out everywhere, its password changed), or gone when the account is disabled or deleted; for both, the ids
 * ({@code jti}) of single tokens revoked before they expire (a logout). A single token is revoked through the same
 * notification as a whole subject: every instance forgets the subject and reads it again, revoked ids included. The
 * alternative, a per-subject "not before" time, would sign a host out on every device when it logs out on one; and
 * a deny-list kept only in memory would not reach the other instances.
 *
 * <p>Subjects not known yet are read in batches: those asked for while a read runs go together into the next one.
 * When the clients of a stopped instance all arrive at this one, thousands of delegates it has never seen cost a
 * few queries, not one each.
 */
@ApplicationScoped
public class TokenSubjects {

    public static final String CHANNEL = "bridgepoint_revoked";

    private static final Logger LOG = Logger.getLogger(TokenSubjects.class);

    /**
     * What a subject is now: {@code stamp} (a delegate's join code stamp; an account's token stamp, "" until its
     * tokens are first revoked) and the ids of its single tokens revoked before their expiry.
     */
    private record Standing(String stamp, Set<String> revokedTokens) {}

    /** The subject no longer exists, or is a disabled account. */
    private static final Standing GONE = new Standing("\u0000gone", Set.of());

    private static final int BATCH = 1000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

    @Inject
    AfterCommit afterCommit;

    @Inject
    Event<Revoked> revocations;

    @Inject
    Event<RecheckOpen> recheckOpen;

    /** subject -> what it is now, or GONE. */
    private final Cache<UUID, Standing> current = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(12))
            .build();

    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final Map<UUID, CompletableFuture<Standing>> reading = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Moves on with every change heard of: a read that overlapped one does not remember what it read. */
    private final AtomicLong changes = new AtomicLong();

    private record Pending(UUID subject, boolean delegate, CompletableFuture<Standing> result) {}

    /** A subject's tokens were revoked (on this or another instance): what holds one open should close it. */
    public record Revoked(UUID subject) {}

    /** Revocations may have been missed: what holds tokens open should {@link #recheck} them. */
    public record RecheckOpen() {}

    /** What a delegate's token carries of its join code: enough to tell that the code was replaced, not to guess it. */
    public static String stamp(String joinCode) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joinCode.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the token still stands, if that is known without the database; null otherwise. */
    Boolean known(TokenClaims claims) {
        Standing now = current.getIfPresent(claims.subject());
        return now == null ? null : stands(claims, now);
    }

    /**
     * Whether the token still stands, once its subject (not {@link #known} here yet) has been read. When the
     * database cannot be read, this fails (with {@link ApiException#databaseUnavailable()}): a token that cannot be
     * checked is not accepted (HTTP answers 503, a WebSocket upgrade is refused), and nothing is remembered.
     */
    CompletionStage<Boolean> check(TokenClaims claims) {
        return read(claims.subject(), claims.role() == Role.DELEGATE).handle((now, failure) -> {
            if (failure != null) {
                LOG.debugf("token subject %s not checked: %s", claims.subject(), failure.getMessage());
                throw ApiException.databaseUnavailable();
            }
            return stands(claims, now);
        });
    }

    /**
     * Whether each of these tokens still stands, read from the database (in batches, as for new subjects); for
     * what is already open on this instance, after notifications may have been missed.
     */
    public CompletionStage<Map<TokenClaims, Boolean>> recheck(Collection<TokenClaims> open) {
        Map<TokenClaims, CompletableFuture<Boolean>> checks = new HashMap<>();
        for (TokenClaims claims : open) {
            checks.computeIfAbsent(claims, c -> check(c).toCompletableFuture());
        }
        return CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Map<TokenClaims, Boolean> result = new HashMap<>();
                    checks.forEach((claims, check) -> result.put(claims, check.join()));
                    return result;
                });
    }

    /** Call inside the transaction that removes or changes the subject: every instance forgets it once it commits. */
    public void changed(UUID subject) {
        em.createNativeQuery("select pg_notify(?1, ?2)")
                .setParameter(1, CHANNEL)
                .setParameter(2, subject.toString())
                .getSingleResult();
        afterCommit.run(() -> {
            changes.incrementAndGet();
            current.invalidate(subject); // here at once, not after the notification's round trip
            reading.remove(subject); // a read begun before the change does not answer for after it
        });
    }

    /**
     * Revokes this one token (a logout), on every instance once the transaction commits: its id is kept until the
     * token would have expired anyway, and the subject is {@link #changed}.
     */
    public void revoke(TokenClaims claims) {
        if (claims.tokenId() == null) {
            throw ApiException.badRequest("this token has no id and cannot be revoked on its own");
        }
        em.createNativeQuery("delete from revoked_token where expires_at < now()")
                .executeUpdate();
        em.createNativeQuery("""
                        insert into revoked_token (token_id, subject, expires_at)
                        values (?1, ?2, to_timestamp(?3)) on conflict (token_id) do nothing""")
                .setParameter(1, claims.tokenId())
                .setParameter(2, claims.subject())
                .setParameter(3, claims.expiresAt())
                .executeUpdate();
        changed(claims.subject());
    }

    /** A notification on {@link #CHANNEL}. */
    public void forget(UUID subject) {
        changes.incrementAndGet();
        current.invalidate(subject);
        reading.remove(subject);
        revocations.fire(new Revoked(subject));
    }

    /**
     * Notifications may have been missed (the listener reconnected): everything is read again, and whatever holds
     * a token open is told to check it ({@link RecheckOpen}).
     */
    public void forgetAll() {
        changes.incrementAndGet();
        current.invalidateAll();
        recheckOpen.fire(new RecheckOpen());
    }

    private static boolean stands(TokenClaims claims, Standing now) {
        if (now == GONE) {
            return false;
        }
        if (claims.tokenId() != null && now.revokedTokens().contains(claims.tokenId())) {
            return false;
        }
        if (claims.role() != Role.DELEGATE) {
            // an account's token without a stamp was issued before any revocation of its tokens (or before stamps)
            return (claims.stamp() == null ? "" : claims.stamp()).equals(now.stamp());
        }
        return claims.stamp() == null || claims.stamp().equals(now.stamp());
    }

    private CompletableFuture<Standing> read(UUID subject, boolean delegate) {
        CompletableFuture<Standing> mine = new CompletableFuture<>();
        CompletableFuture<Standing> earlier = reading.putIfAbsent(subject, mine);
        if (earlier != null) {
            return earlier;
        }
        waiting.add(new Pending(subject, delegate, mine));
        if (draining.compareAndSet(false, true)) {
            Infrastructure.getDefaultWorkerPool().execute(this::drain);
        }
        return mine;
    }

    private void drain() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            for (Pending p; batch.size() < BATCH && (p = waiting.poll()) != null; ) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                draining.set(false);
                // one added between the poll and the flag's reset would wait for the next arrival: take it now
                if (waiting.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            long before = changes.get();
            Map<UUID, Standing> found = null;
            RuntimeException failure = null;
            try {
                found = load(batch);
            } catch (RuntimeException e) {
                failure = e;
            }
            boolean remember = changes.get() == before;
            for (Pending p : batch) {
                boolean stillAsked = reading.remove(p.subject(), p.result());
                if (failure != null) {
                    p.result().completeExceptionally(failure);
                    continue;
                }
                Standing now = found.getOrDefault(p.subject(), GONE);
                if (remember && stillAsked) {
                    current.put(p.subject(), now);
                }
                p.result().complete(now);
            }
        }
    }

    private Map<UUID, Standing> load(List<Pending> batch) {
        List<UUID> delegates = new ArrayList<>();
        List<UUID> accounts = new ArrayList<>();
        for (Pending p : batch) {
            (p.delegate() ? delegates : accounts).add(p.subject());
        }
        Map<UUID, String> stamps = new HashMap<>();
        Map<UUID, Set<String>> revoked = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            if (!delegates.isEmpty()) {
                try (PreparedStatement ps =
                        c.prepareStatement("select id, join_code from delegate where id = any(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", delegates.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stamps.put(rs.getObject(1, UUID.class), stamp(rs.getString(2)));
                        }
                    }
                }
            }
            if (!accounts.isEmpty()) {
                // a disabled account is as good as gone: none of its tokens stands
                try (PreparedStatement ps =
                        c.prepareStatement("select id, token_stamp from app_user where id = any(?) and not disabled")) {
                    ps.setArray(1, c.createArrayOf("uuid", accounts.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stamps.put(rs.getObject(1, UUID.class), rs.getString(2));
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "select subject, token_id from revoked_token where subject = any(?) and expires_at > now()")) {
                ps.setArray(
                        1,
                        c.createArrayOf(
                                "uuid", batch.stream().map(Pending::subject).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        revoked.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>())
                                .add(rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check token subjects: " + e.getMessage(), e);
        }
        Map<UUID, Standing> found = new HashMap<>();
        stamps.forEach((subject, stamp) ->
                found.put(subject, new Standing(stamp, Set.copyOf(revoked.getOrDefault(subject, Set.of())))));
        return found;
    }
}
