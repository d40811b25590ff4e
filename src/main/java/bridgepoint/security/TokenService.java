package bridgepoint.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.Claims;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies access tokens: HS256 JWTs signed with the configured keys ({@link TokenKeyRing}), or with the
 * key generated into {@code token_key} as the embedded default.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);

    static final String ISSUER = "bridgepoint";
    private static final String SITES_CLAIM = "sites";
    private static final String CONFERENCE_CLAIM = "conference";
    private static final String STAMP_CLAIM = "stamp";
    private static final String SCOPE_CLAIM = "scope";

    @Inject
    AuthConfig config;

    @Inject
    EntityManager em;

    private volatile TokenKeyRing keys;
    private volatile JwtConsumer consumer;

    /**
     * Reads the keys at start-up, so that verifying a token never waits for the database, and builds the verifier
     * once: jose4j's consumer, which smallrye-jwt's parser would build again for every token (and its principal then
     * throws and catches an exception for each claim of ours). A cold instance taking over thousands of clients
     * verifies each of their tokens once.
     */
    void onStart(@Observes StartupEvent event) {
        AuthConfig.Token token = config.token();
        TokenKeyRing ring;
        try {
            ring = TokenKeyRing.configured(token.keys(), token.keysFile(), token.signingKey())
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        if (ring == null) {
            if (!token.databaseKey()) {
                throw new ConfigurationException("no token signing key is configured: set BRIDGEPOINT_TOKEN_KEYS "
                        + "(kid=secret, e.g. k1=$(openssl rand -base64 32)) or BRIDGEPOINT_TOKEN_KEYS_FILE (README, "
                        + "Roles). The key generated into the database is used only with the embedded database "
                        + "(or with BRIDGEPOINT_TOKEN_DATABASE_KEY=true).");
            }
            ring = TokenKeyRing.database(loadOrCreateKey());
            LOG.info("Tokens are signed with the key generated into the database (kid 'db'): the embedded default");
        } else {
            LOG.infof("Tokens are signed with the key '%s'; keys that verify: %s", ring.signingKid(), ring.kids());
        }
        keys = ring;
        consumer = ring.verifier(ISSUER);
    }

    @Transactional
    byte[] loadOrCreateKey() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        // Instances starting together race here; the first insert wins and everyone reads it back.
        em.createNativeQuery(
                        "insert into token_key (id, secret, created_at) values (1, ?1, now()) on conflict (id) do nothing")
                .setParameter(1, fresh)
                .executeUpdate();
        return (byte[]) em.createNativeQuery("select secret from token_key where id = 1")
                .getSingleResult();
    }

    /**
     * {@code stamp}: for a delegate, see {@link TokenSubjects#stamp}; for an account, its {@code token_stamp} (what
     * it was when the account was read for the login).
     */
    public IssuedToken issue(
            UUID subject, String name, Role role, Collection<UUID> siteIds, UUID conferenceId, String stamp) {
        return issue(
                subject,
                name,
                role,
                siteIds,
                conferenceId,
                stamp,
                null,
                config.token().ttl());
    }

    /**
     * A delegate's read-only calendar token: good only for reading its conference's {@code agenda.ics} (see
     * {@link TokenScopes}), revoked with the delegate's join code like its access tokens ({@code stamp}).
     */
    public IssuedToken issueCalendar(UUID delegateId, UUID conferenceId, UUID siteId, String stamp) {
        return issue(
                delegateId,
                "calendar:" + delegateId,
                Role.DELEGATE,
                Set.of(siteId),
                conferenceId,
                stamp,
                TokenScopes.CALENDAR,
                config.token().calendarTtl());
    }

    private IssuedToken issue(
            UUID subject,
            String name,
            Role role,
            Collection<UUID> siteIds,
            UUID conferenceId,
            String stamp,
            String scope,
            Duration ttl) {
        Instant now = Instant.now(); // real time, as the verifier uses: tokens do not follow a test clock
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .claim(Claims.jti.name(), UUID.randomUUID().toString()) // what a logout revokes
                .subject(subject.toString())
                .upn(name)
                .groups(role.name())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(
                        SITES_CLAIM,
                        siteIds.stream().map(UUID::toString).sorted().toList());
        if (conferenceId != null) {
            claims.claim(CONFERENCE_CLAIM, conferenceId.toString());
        }
        if (stamp != null && !stamp.isEmpty()) {
            claims.claim(STAMP_CLAIM, stamp);
        }
        if (scope != null) {
            claims.claim(SCOPE_CLAIM, scope);
        }
        TokenKeyRing ring = keys;
        return new IssuedToken(
                claims.jws()
                        .keyId(ring.signingKid())
                        .algorithm(SignatureAlgorithm.HS256)
                        .sign(ring.signingKey()),
                ttl.toSeconds());
    }

    /** A verified token: its claims, until it expires. */
    private record Verified(TokenClaims claims, long expiresAt) {}

    /**
     * Tokens already verified. A signed token never changes, so checking its signature once is enough until it
     * expires; a storm of reconnecting clients (each presenting the token it used before) costs no crypto.
     */
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    /** The token's claims, or empty when it is not one of ours, is tampered with, or has expired. */
    public Optional<TokenClaims> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            if (known.expiresAt() > Instant.now().getEpochSecond()) {
                return Optional.of(known.claims());
            }
            verified.invalidate(token);
        }
        try {
            JwtClaims jwt = consumer.processToClaims(token);
            List<String> groups = jwt.getStringListClaimValue(Claims.groups.name());
            Role role = Role.valueOf(groups.get(0));
            Set<UUID> sites = new HashSet<>();
            if (jwt.hasClaim(SITES_CLAIM)) {
                for (String v : jwt.getStringListClaimValue(SITES_CLAIM)) {
                    sites.add(UUID.fromString(v));
                }
            }
            String conference = jwt.getStringClaimValue(CONFERENCE_CLAIM);
            String upn = jwt.getStringClaimValue(Claims.upn.name());
            long expiresAt = jwt.getExpirationTime().getValue();
            TokenClaims claims = new TokenClaims(
                    UUID.fromString(jwt.getSubject()),
                    upn != null ? upn : jwt.getSubject(),
                    role,
                    Set.copyOf(sites),
                    conference == null ? null : UUID.fromString(conference),
                    jwt.getStringClaimValue(STAMP_CLAIM),
                    jwt.getStringClaimValue(SCOPE_CLAIM),
                    jwt.getJwtId(),
                    expiresAt);
            verified.put(token, new Verified(claims, expiresAt));
            return Optional.of(claims);
        } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public record IssuedToken(String accessToken, long expiresIn) {}
}
