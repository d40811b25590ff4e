package bridgepoint.common;

import jakarta.ws.rs.core.EntityTag;

/**
 * Optimistic concurrency over HTTP: every mutable resource has an integer {@code version}, sent as
 * {@code ETag: "<version>"}; a write with a stale {@code If-Match} answers 412.
 */
public final class Versions {

    private Versions() {}

    public static EntityTag etag(long version) {
        return etag(Long.toString(version));
    }

    /** A strong entity tag of this value (sent quoted). */
    public static EntityTag etag(String tag) {
        return new EntityTag(tag);
    }

    /** Checks an {@code If-Match} header (absent, {@code *}, or a list of strong or weak tags). */
    public static void checkIfMatch(String ifMatch, long currentVersion) {
        if (!matches(ifMatch, Long.toString(currentVersion))) {
            throw ApiException.preconditionFailed(currentVersion);
        }
    }

    /**
     * Whether an {@code If-Match} header lets a write through to a resource whose entity tag (without quotes) is
     * {@code current}: absent, {@code *}, or a list of strong or weak tags one of which is it.
     */
    public static boolean matches(String ifMatch, String current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return true;
        }
        for (String raw : ifMatch.split(",")) {
            String tag = raw.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tag = tag.substring(1, tag.length() - 1);
            }
            if (tag.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
