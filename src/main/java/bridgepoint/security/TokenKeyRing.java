package bridgepoint.security;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.UnresolvableKeyException;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys that sign and verify access tokens (HS256), each named by a {@code kid} that every token carries in its
 * header: one key signs, the others only verify (until the tokens they signed have expired). They come from
 * configuration ({@code bridgepoint.token.keys}, {@code .keys-file}); the key generated into the database is only
 * the embedded default ({@link #database}). Secrets are never put in a message.
 */
final class TokenKeyRing {

    /** The kid of the key generated into the database, reserved for it. */
    static final String DATABASE_KID = "db";

    /** HS256 wants a key at least as long as its hash (RFC 7518, 3.2). */
    static final int MIN_SECRET_BYTES = 32;

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String HMAC = "HmacSHA256";

    private final Map<String, SecretKey> keys;
    private final String signingKid;
    private final boolean database;

    private TokenKeyRing(Map<String, SecretKey> keys, String signingKid, boolean database) {
        this.keys = Collections.unmodifiableMap(keys);
        this.signingKid = signingKid;
        this.database = database;
    }

    /**
     * The keys of {@code keys} ({@code kid=secret} entries separated by commas or new lines) and of the file
     * {@code keysFile} (the same, one a line; {@code #} starts a comment), or empty when neither names a key.
     * {@code signingKid}: the key that signs; by default the first listed. A secret is base64 (or base64url) of at
     * least {@value #MIN_SECRET_BYTES} bytes.
     *
     * @throws IllegalArgumentException naming the setting and the kid at fault (never the secret)
     */
    static Optional<TokenKeyRing> configured(
            Optional<String> keys, Optional<Path> keysFile, Optional<String> signingKid) {
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        keys.ifPresent(text -> parse("bridgepoint.token.keys", text, ring));
        if (keysFile.isPresent()) {
            Path file = keysFile.get();
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("bridgepoint.token.keys-file: cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            parse("bridgepoint.token.keys-file (" + file + ")", text, ring);
        }
        if (ring.isEmpty()) {
            if (signingKid.isPresent()) {
                throw new IllegalArgumentException("bridgepoint.token.signing-key names '" + signingKid.get()
                        + "', but no key is configured (bridgepoint.token.keys, bridgepoint.token.keys-file)");
            }
            return Optional.empty();
        }
        String signing = signingKid.orElse(ring.keySet().iterator().next());
        if (!ring.containsKey(signing)) {
            throw new IllegalArgumentException("bridgepoint.token.signing-key names '" + signing
                    + "', which is not among the configured keys " + ring.keySet());
        }
        return Optional.of(new TokenKeyRing(ring, signing, false));
    }

    /** The embedded default: the one key generated into the database, kid {@value #DATABASE_KID}. */
    static TokenKeyRing database(byte[] secret) {
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        ring.put(DATABASE_KID, new SecretKeySpec(secret, HMAC));
        return new TokenKeyRing(ring, DATABASE_KID, true);
    }

    private static void parse(String setting, String text, Map<String, SecretKey> ring) {
        for (String line : text.split("\\R")) {
            int comment = line.indexOf('#');
            String content = comment >= 0 ? line.substring(0, comment) : line;
            for (String entry : content.split(",")) {
                entry = entry.strip();
                if (!entry.isEmpty()) {
                    add(setting, entry, ring);
                }
            }
        }
    }

    private static void add(String setting, String entry, Map<String, SecretKey> ring) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(
                    setting + ": an entry is not kid=secret (the kid is missing or there is no '=')");
        }
        String kid = entry.substring(0, eq).strip();
        if (!KID.matcher(kid).matches()) {
            throw new IllegalArgumentException(
                    setting + ": '" + kid + "' is not a kid: 1 to 64 of the letters A-Z, a-z, the digits and . _ -");
        }
        if (DATABASE_KID.equals(kid)) {
            throw new IllegalArgumentException(
                    setting + ": the kid '" + DATABASE_KID + "' is reserved for the key generated into the database");
        }
        if (ring.containsKey(kid)) {
            throw new IllegalArgumentException(setting + ": the kid '" + kid + "' is listed twice");
        }
        byte[] secret = decode(setting, kid, entry.substring(eq + 1).strip());
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(setting + ": the key '" + kid + "' has " + secret.length
                    + " bytes; a key needs at least " + MIN_SECRET_BYTES + " random bytes (openssl rand -base64 32)");
        }
        ring.put(kid, new SecretKeySpec(secret, HMAC));
    }

    private static byte[] decode(String setting, String kid, String secret) {
        String url = secret.replace('+', '-').replace('/', '_');
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '=') {
            end--;
        }
        try {
            return Base64.getUrlDecoder().decode(url.substring(0, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": the secret of the key '" + kid + "' is not base64");
        }
    }

    String signingKid() {
        return signingKid;
    }

    SecretKey signingKey() {
        return keys.get(signingKid);
    }

    Set<String> kids() {
        return keys.keySet();
    }

    /**
     * The verifier, built once (jose4j's consumer is thread-safe): HS256 only, the key named by the token's kid (an
     * unknown kid, or none where keys are configured, is refused), {@code issuer}, an expiry checked without skew,
     * and {@code iat}, {@code sub} and {@code jti} required.
     */
    JwtConsumer verifier(String issuer) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(this::verificationKey)
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(0)
                .setSkipDefaultAudienceValidation()
                .build();
    }

    private SecretKey verificationKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
            throws UnresolvableKeyException {
        String kid = jws.getKeyIdHeaderValue();
        // Tokens from before tokens carried a kid were all signed with the database key.
        SecretKey key = kid == null ? (database ? signingKey() : null) : keys.get(kid);
        if (key == null) {
            throw new UnresolvableKeyException(kid == null ? "the token names no key (kid)" : "unknown kid");
        }
        return key;
    }
}
