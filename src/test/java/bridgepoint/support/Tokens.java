package bridgepoint.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads and forges access tokens (compact JWS: {@code header.payload.signature}, base64url) the way an
 * attacker could, to show that the service accepts only what it signed itself.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String DATABASE_KID = "db";

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

    /** A signing key as the service knows it: its {@code kid} (in the token's header) and its secret. */
    public record Key(String kid, byte[] secret) {}

    /** A token with these claims, signed HS256 with this key and carrying its kid. */
    public static String signHs256(Map<String, Object> claims, Key key) {
        Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "HS256", "typ", "JWT"));
        if (key.kid() != null) {
            header.put("kid", key.kid());
        }
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return signingInput + "."
                    + ENCODER.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token with these claims, signed HS256 with this secret under the kid the service signs with: a forger who
     * knows the kid (it is in every token) but not the key.
     */
    public static String signHs256(Map<String, Object> claims, byte[] secret) {
        return signHs256(claims, new Key(signingKid().orElse(DATABASE_KID), secret));
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

    /**
     * The key the service signs its tokens with (to forge tokens it would accept): the configured signing key
     * ({@code bridgepoint.token.signing-key} of {@code bridgepoint.token.keys}, as the test profile has), or else the
     * key generated into its database.
     */
    public static Key serviceKey(DataSource dataSource) {
        return signingKid().map(Tokens::configuredKey).orElseGet(() -> databaseKey(dataSource));
    }

    /** One of the keys configured in {@code bridgepoint.token.keys}, by its kid. */
    public static Key configuredKey(String kid) {
        for (String entry : ConfigProvider.getConfig()
                .getOptionalValue("bridgepoint.token.keys", String.class)
                .orElse("")
                .split(",")) {
            String[] pair = entry.strip().split("=", 2);
            if (pair[0].equals(kid)) {
                return new Key(kid, Base64.getUrlDecoder().decode(pair[1]));
            }
        }
        throw new IllegalStateException("no key '" + kid + "' in bridgepoint.token.keys");
    }

    /**
     * The key of the database ({@code token_key}, kid {@code db}): the embedded default's. Where keys are configured
     * the service creates none and accepts none; this puts one there if there is none, as the embedded default would.
     */
    public static Key databaseKey(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into token_key (id, secret, created_at) values (1, ?, now()) on conflict do nothing");
                Statement statement = connection.createStatement()) {
            insert.setBytes(1, randomKey());
            insert.executeUpdate();
            try (ResultSet rs = statement.executeQuery("select secret from token_key where id = 1")) {
                rs.next();
                return new Key(DATABASE_KID, rs.getBytes(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> signingKid() {
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue("bridgepoint.token.signing-key", String.class)
                .or(() -> config.getOptionalValue("bridgepoint.token.keys", String.class)
                        .map(keys -> keys.split("=", 2)[0].strip()));
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
