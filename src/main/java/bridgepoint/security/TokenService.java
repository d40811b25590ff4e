package bridgepoint.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Issues and verifies access tokens: HS256 JWTs signed with the key in {@code token_key}. */
@ApplicationScoped
public class TokenService {

    static final String ISSUER = "bridgepoint";
    private static final String SITES_CLAIM = "sites";
    private static final String CONFERENCE_CLAIM = "conference";
    private static final String STAMP_CLAIM = "stamp";
    private static final String SCOPE_CLAIM = "scope";

    @Inject
    AuthConfig config;

    @Inject
    EntityManager em;

    private volatile SecretKey key;
    private volatile JwtConsumer consumer;

    /**
     * Loads the key at start-up, so that verifying a token never waits for the database, and builds the verifier
     * once: jose4j's consumer, which smallrye-jwt's parser would build again for every token (and its principal then
     * throws and catches an exception for each claim of ours). A cold instance taking over thousands of clients
     * verifies each of their tokens once.
     */
    void onStart(@Observes StartupEvent event) {
        key = loadOrCreateKey();
        consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setExpectedIssuer(ISSUER)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(0)
                .setSkipDefaultAudienceValidation()
                .build();
    }

    @Transactional
    SecretKey loadOrCreateKey() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        // Instances starting together race here; the first insert wins and everyone reads it back.
        em.createNativeQuery(
                        "insert into token_key (id, secret, created_at) values (1, ?1, now()) on conflict (id) do nothing")
                .setParameter(1, fresh)
                .executeUpdate();
        byte[] secret = (byte[]) em.createNativeQuery("select secret from token_key where id = 1")
                .getSingleResult();
        return new SecretKeySpec(secret, "HmacSHA256");
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
        return new IssuedToken(claims.jws().algorithm(SignatureAlgorithm.HS256).sign(key), ttl.toSeconds());
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
