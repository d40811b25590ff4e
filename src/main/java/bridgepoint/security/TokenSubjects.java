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
import java.util.List;
import java.util.Map;
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
 * <p>Subjects not known yet are read in batches: those asked for while a read runs go together into the next one.
 * When the clients of a stopped instance all arrive at this one, thousands of delegates it has never seen cost a
 * few queries, not one each.
 */
@ApplicationScoped
public class TokenSubjects {

    public static final String CHANNEL = "bridgepoint_revoked";

    private static final Logger LOG = Logger.getLogger(TokenSubjects.class);

    /** The subject no longer exists. */
    private static final String GONE = "\u0000gone";

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

    /** subject -> its current stamp (the join code's, for a delegate; "" for an account), or GONE. */
    private final Cache<UUID, String> current = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(12))
            .build();

    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final Map<UUID, CompletableFuture<String>> reading = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Moves on with every change heard of: a read that overlapped one does not remember what it read. */
    private final AtomicLong changes = new AtomicLong();

    private record Pending(UUID subject, boolean delegate, CompletableFuture<String> result) {}

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
        String now = current.getIfPresent(claims.subject());
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
        });
    }

    /** A notification on {@link #CHANNEL}. */
    public void forget(UUID subject) {
        changes.incrementAndGet();
        current.invalidate(subject);
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

    private static boolean stands(TokenClaims claims, String now) {
        if (GONE.equals(now)) {
            return false;
        }
        return claims.stamp() == null || claims.stamp().equals(now);
    }

    private CompletableFuture<String> read(UUID subject, boolean delegate) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> earlier = reading.putIfAbsent(subject, mine);
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
            Map<UUID, String> found = null;
            RuntimeException failure = null;
            try {
                found = load(batch);
            } catch (RuntimeException e) {
                failure = e;
            }
            boolean remember = changes.get() == before;
            for (Pending p : batch) {
                reading.remove(p.subject(), p.result());
                if (failure != null) {
                    p.result().completeExceptionally(failure);
                    continue;
                }
                String now = found.getOrDefault(p.subject(), GONE);
                if (remember) {
                    current.put(p.subject(), now);
                }
                p.result().complete(now);
            }
        }
    }

    private Map<UUID, String> load(List<Pending> batch) {
        List<UUID> delegates = new ArrayList<>();
        List<UUID> accounts = new ArrayList<>();
        for (Pending p : batch) {
            (p.delegate() ? delegates : accounts).add(p.subject());
        }
        Map<UUID, String> found = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            if (!delegates.isEmpty()) {
                try (PreparedStatement ps =
                        c.prepareStatement("select id, join_code from delegate where id = any(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", delegates.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getObject(1, UUID.class), stamp(rs.getString(2)));
                        }
                    }
                }
            }
            if (!accounts.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("select id from app_user where id = any(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", accounts.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getObject(1, UUID.class), "");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check token subjects: " + e.getMessage(), e);
        }
        return found;
    }
}
