package bridgepoint.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An export's bytes and its ETag, a digest of the bytes: it changes exactly when the content does. {@link #matches}
 * tells whether a client's {@code If-None-Match} already has it.
 */
record Exported(byte[] bytes, String mediaType, String etag) {

    static Exported of(byte[] bytes, String mediaType) {
        return new Exported(bytes, mediaType, etag(bytes, ""));
    }

    /** A quoted strong ETag: the first 128 bits of the SHA-256 of the bytes (and of {@code variant}). */
    static String etag(byte[] bytes, String variant) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes);
            sha.update(variant.getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest();
            return "\""
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code If-None-Match} (a list of ETags, weak or strong, or {@code *}) names this ETag. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
