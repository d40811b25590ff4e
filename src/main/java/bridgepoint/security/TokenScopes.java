package bridgepoint.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a token may be used. An access token (no scope) is good for whatever its role may do, sent in the
 * {@code Authorization} header (or, for WebSockets, as a subprotocol: {@link TokenCheck#upgrade}), never in a URL. A calendar token ({@link #CALENDAR}) is a
 * delegate's read-only token for calendar apps, which put it in the URL they poll: it is good for
 * {@code GET|HEAD /api/conferences/{its conference}/agenda.ics} and nothing else (no other endpoint, no WebSocket).
 * An access token in a calendar URL is refused, so that a full token never ends up in a calendar app's settings.
 */
public final class TokenScopes {

    public static final String CALENDAR = "calendar";

    private static final Pattern CALENDAR_PATH = Pattern.compile(
            "^/api/conferences/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/agenda\\.ics$");

    private TokenScopes() {}

    /** Whether this path is a calendar URL, where a token may come in {@code ?token=}. */
    static boolean isCalendarPath(String path) {
        return CALENDAR_PATH.matcher(path).matches();
    }

    /** Whether the token may be used for this request; {@code fromQuery}: it came in {@code ?token=}. */
    static boolean allows(TokenClaims claims, HttpServerRequest request, boolean fromQuery) {
        String path = request.path();
        if (claims.scope() == null) {
            return !fromQuery; // an access token never rides in a URL, where proxies and browsers' histories keep it
        }
        if (!CALENDAR.equals(claims.scope())) {
            return false; // a scope this version does not know grants nothing
        }
        Matcher calendar = CALENDAR_PATH.matcher(path);
        return (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)
                && calendar.matches()
                && UUID.fromString(calendar.group(1)).equals(claims.conferenceId());
    }
}
