package bridgepoint.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and forges access tokens (compact JWS: {@code header.payload.signature}, base64url) the way an
 * attacker could, to show that the service accepts only what it signed itself.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Tokens() {}

    public static Map<String, Object> header(String token) {
        return decode(token.split("\\.")[0]);
    }

    /** The claims of a token, in a map that may be changed. */
    public static Map<String, Object> payload(String token) {
        return decode(token.split("\\.")[1]);
    }

    /** The token with its claims changed, its header and signature kept. */
    public static String withPayload(String token, Consumer<Map<String, Object>> change) {
        String[] parts = token.split("\\.");
        Map<String, Object> claims = decode(parts[1]);
        change.accept(claims);
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    /** A token with these claims, signed HS256 with this key. */
    public static String signHs256(Map<String, Object> claims, byte[] key) {
        String signingInput = encode(Map.of("alg", "HS256", "typ", "JWT")) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "."
                    + ENCODER.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT ({@code "alg": "none"}, empty signature) with these claims. */
    public static String unsigned(Map<String, Object> claims) {
        return encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(claims) + ".";
    }

    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The key the service signs its tokens with, read from its database (to forge tokens it would accept). */
    public static byte[] serviceKey(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select secret from token_key where id = 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("the service has no signing key yet");
            }
            return rs.getBytes(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> decode(String part) {
        try {
            return new LinkedHashMap<>(
                    JSON.readValue(DECODER.decode(part), new TypeReference<Map<String, Object>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return ENCODER.encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
