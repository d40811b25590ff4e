package bridgepoint.security;

import bridgepoint.common.AfterCommit;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
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
import java.util.Base64;
import java.util.UUID;

/**
 * Whether a token's bearer is still what it was when the token was issued. A signature alone would keep a removed
 * delegate, a deleted account, or the holder of a leaked join code (replaced since) in for the token's whole
 * lifetime. What each subject is now is read once per instance and remembered until it changes: the change sends
 * a PostgreSQL notification on {@link #CHANNEL} when it commits, and every instance forgets that subject (the
 * listener is {@code bridgepoint.live.EventNotifications}; when its connection breaks, notifications may be lost,
 * so it forgets everything once it reconnects). Remembering rather than re-reading on a timer matters when
 * thousands of clients reconnect at once: none of them waits for the database.
 */
@ApplicationScoped
public class TokenSubjects {

    public static final String CHANNEL = "bridgepoint_revoked";

    private static final Logger LOG = Logger.getLogger(TokenSubjects.class);

    /** The subject no longer exists. */
    private static final String GONE = "\u0000gone";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

    @Inject
    AfterCommit afterCommit;

    @Inject
    Event<Revoked> revocations;

    /** subject -> its current stamp (the join code's, for a delegate; "" for an account), or GONE. */
    private final Cache<UUID, String> current = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofHours(12)).build();

    /** What a delegate's token carries of its join code: enough to tell that the code was replaced, not to guess it. */
    public static String stamp(String joinCode) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joinCode.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the token still stands, if that is known without the database; null otherwise. */
    Boolean known(TokenClaims claims) {
        String now = current.getIfPresent(claims.subject());
        return now == null ? null : stands(claims, now);
    }

    /** Whether the token still stands; may read the database (blocking). */
    boolean check(TokenClaims claims) {
        try {
            return stands(claims, current.get(claims.subject(), subject -> load(claims.role(), subject)));
        } catch (IllegalStateException e) {
            // The database is away (a restart, a failover): the signature stands, and clients resuming their live
            // streams from this instance's cache are not locked out for it. Nothing is remembered.
            LOG.debugf("token subject %s not checked: %s", claims.subject(), e.getMessage());
            return true;
        }
    }

    /** Call inside the transaction that removes or changes the subject: every instance forgets it once it commits. */
    public void changed(UUID subject) {
        em.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, CHANNEL).setParameter(2, subject.toString())
                .getSingleResult();
        afterCommit.run(() -> current.invalidate(subject)); // here at once, not after the notification's round trip
    }

    /** A subject's tokens were revoked (on this or another instance): what holds one open should close it. */
    public record Revoked(UUID subject) {
    }

    /** A notification on {@link #CHANNEL}. */
    public void forget(UUID subject) {
        current.invalidate(subject);
        revocations.fire(new Revoked(subject));
    }

    /** Notifications may have been missed. */
    public void forgetAll() {
        current.invalidateAll();
    }

    private static boolean stands(TokenClaims claims, String now) {
        if (GONE.equals(now)) {
            return false;
        }
        return claims.stamp() == null || claims.stamp().equals(now);
    }

    private String load(Role role, UUID subject) {
        String sql = role == Role.DELEGATE ? "select join_code from delegate where id = ?" : "select '' from app_user where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return GONE;
                }
                return role == Role.DELEGATE ? stamp(rs.getString(1)) : "";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the token's subject: " + e.getMessage(), e);
        }
    }
}
