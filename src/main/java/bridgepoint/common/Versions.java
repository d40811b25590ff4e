package bridgepoint.common;

import jakarta.ws.rs.core.EntityTag;

/**
 * Optimistic concurrency over HTTP: every mutable resource has an integer {@code version}, sent as
 * {@code ETag: "<version>"}; a write with a stale {@code If-Match} answers 412.
 */
public final class Versions {

    private Versions() {}

    public static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** Checks an {@code If-Match} header (absent, {@code *}, or a list of strong or weak tags). */
    public static void checkIfMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = Long.toString(currentVersion);
        for (String raw : ifMatch.split(",")) {
            String tag = raw.trim();
            if (tag.equals("*")) {
                return;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tag = tag.substring(1, tag.length() - 1);
            }
            if (tag.equals(current)) {
                return;
            }
        }
        throw ApiException.preconditionFailed(currentVersion);
    }
}
