package bridgepoint.security;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key ring without Quarkus: which key signs, which keys verify, and which configurations are refused. */
class TokenKeyRingTest {

    private static final String OLD = secret(32);
    private static final String NEW = secret(48);

    private static String secret(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static TokenKeyRing ring(String keys, String signing) {
        return TokenKeyRing.configured(Optional.of(keys), Optional.empty(), Optional.ofNullable(signing))
                .orElseThrow();
    }

    private static IllegalArgumentException refused(String keys, String signing) {
        return assertThrows(IllegalArgumentException.class, () -> ring(keys, signing));
    }

    /** A token as the service issues it, signed with {@code secret} and carrying {@code kid} (null: none). */
    private static String token(String kid, byte[] secret) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("bridgepoint");
        claims.setSubject(UUID.randomUUID().toString());
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        NumericDate exp = NumericDate.now();
        exp.addSeconds(600);
        claims.setExpirationTime(exp);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setKey(new HmacKey(secret));
        return jws.getCompactSerialization();
    }

    private static String token(TokenKeyRing ring) throws JoseException {
        return token(ring.signingKid(), ring.signingKey().getEncoded());
    }

    private static boolean verifies(TokenKeyRing ring, String token) {
        JwtConsumer verifier = ring.verifier("bridgepoint");
        try {
            verifier.processToClaims(token);
            return true;
        } catch (InvalidJwtException e) {
            return false;
        }
    }

    @Test
    void aTokenSignedByTheOldKeyStillVerifiesAfterTheNewKeySignsAndNotOnceTheOldKeyIsRemoved() throws Exception {
        TokenKeyRing before = ring("2026-01=" + OLD, null);
        String oldToken = token(before);
        assertTrue(verifies(before, oldToken));

        // rotation, step 1: the new key is known everywhere; step 2: it signs
        TokenKeyRing known = ring("2026-01=" + OLD + ",2026-07=" + NEW, null);
        assertEquals("2026-01", known.signingKid(), "by default the first key listed signs");
        TokenKeyRing rotated = ring("2026-01=" + OLD + ",2026-07=" + NEW, "2026-07");
        assertEquals("2026-07", rotated.signingKid());
        String newToken = token(rotated);
        assertTrue(verifies(rotated, oldToken), "the old key still verifies the tokens it signed");
        assertTrue(verifies(rotated, newToken));
        assertTrue(verifies(known, newToken), "an instance not yet switched verifies the new key's tokens");

        // step 3, after the longest token lifetime: the old key goes
        TokenKeyRing after = ring("2026-07=" + NEW, null);
        assertTrue(verifies(after, newToken));
        assertEquals(false, verifies(after, oldToken));
    }

    @Test
    void aTokenIsVerifiedOnlyWithTheKeyItsKidNames() throws Exception {
        TokenKeyRing ring = ring("a=" + OLD + ",b=" + NEW, "b");
        byte[] b = ring.signingKey().getEncoded();
        assertEquals(false, verifies(ring, token("unknown", b)), "an unknown kid");
        assertEquals(false, verifies(ring, token(null, b)), "no kid, where keys are configured");
        assertEquals(false, verifies(ring, token("a", b)), "a kid naming another key than the one that signed");
        assertEquals(false, verifies(ring, token(TokenKeyRing.DATABASE_KID, b)), "the database's kid");
        assertTrue(verifies(ring, token("b", b)));
    }

    @Test
    void theDatabaseKeyIsNotAcceptedWhereKeysAreConfigured() throws Exception {
        byte[] databaseSecret = Base64.getUrlDecoder().decode(secret(32));
        TokenKeyRing database = TokenKeyRing.database(databaseSecret);
        assertEquals(TokenKeyRing.DATABASE_KID, database.signingKid());
        String signedByTheDatabase = token(database);
        assertTrue(verifies(database, signedByTheDatabase));
        assertTrue(verifies(database, token(null, databaseSecret)), "tokens from before kids, embedded default");

        TokenKeyRing configured = ring("k1=" + OLD, null);
        assertEquals(false, verifies(configured, signedByTheDatabase));
        assertEquals(false, verifies(configured, token(null, databaseSecret)));
    }

    @Test
    void keysComeFromTheSettingAndTheFileTogether(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# rotated 2026-07\n2026-07=" + NEW + "\n\n2026-01 = " + OLD + "\n");
        TokenKeyRing ring = TokenKeyRing.configured(
                        Optional.of("extra=" + secret(32)), Optional.of(file), Optional.empty())
                .orElseThrow();
        assertEquals(Set.of("extra", "2026-07", "2026-01"), ring.kids());
        assertEquals("extra", ring.signingKid(), "the setting's keys come first");

        TokenKeyRing fromFile = TokenKeyRing.configured(Optional.empty(), Optional.of(file), Optional.empty())
                .orElseThrow();
        assertEquals("2026-07", fromFile.signingKid());

        // standard base64 with padding (openssl rand -base64 32) is taken as well
        byte[] raw = Base64.getUrlDecoder().decode(OLD);
        TokenKeyRing padded = ring("k=" + Base64.getEncoder().encodeToString(raw), null);
        assertEquals(
                Base64.getEncoder().encodeToString(raw),
                Base64.getEncoder().encodeToString(padded.signingKey().getEncoded()));

        assertEquals(Optional.empty(), TokenKeyRing.configured(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void aShortKeyAndOtherMistakesAreRefusedWithoutShowingTheSecret() {
        String shortSecret = secret(31);
        IllegalArgumentException tooShort = refused("k1=" + shortSecret, null);
        assertThat(tooShort.getMessage(), containsString("'k1' has 31 bytes"));
        assertThat(tooShort.getMessage(), not(containsString(shortSecret)));

        assertThat(refused("k1=" + OLD + ",k1=" + NEW, null).getMessage(), containsString("listed twice"));
        assertThat(refused("k1=" + OLD, "k2").getMessage(), containsString("'k2', which is not among"));
        assertThat(refused("k1=" + OLD + ",db=" + NEW, null).getMessage(), containsString("reserved"));
        assertThat(refused(OLD, null).getMessage(), containsString("not kid=secret"));
        assertThat(refused("k 1=" + OLD, null).getMessage(), containsString("is not a kid"));
        IllegalArgumentException notBase64 = refused("k1=" + OLD + "!*", null);
        assertThat(notBase64.getMessage(), containsString("not base64"));
        assertThat(notBase64.getMessage(), not(containsString(OLD)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenKeyRing.configured(Optional.empty(), Optional.empty(), Optional.of("k1")));
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenKeyRing.configured(
                        Optional.empty(), Optional.of(Path.of("/nonexistent/keys")), Optional.empty()));
    }
}
