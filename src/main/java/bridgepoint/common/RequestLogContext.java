package bridgepoint.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every log line written while a request is handled carries its request id and, for a conference's paths, the
 * conference id ({@code requestId}, {@code conferenceId} in the MDC; the JSON log of the prod profile has them under
 * {@code mdc}). The request id is the load balancer's {@code X-Request-Id} when it sends a plausible one, else a new
 * one; either way it is answered in {@code X-Request-Id}, so that a client's report can be found in the logs.
 */
@ApplicationScoped
public class RequestLogContext {

    public static final String HEADER = "X-Request-Id";
    public static final String REQUEST_ID = "requestId";
    public static final String CONFERENCE_ID = "conferenceId";

    /** What a load balancer sends (nginx's $request_id: 32 hex digits; UUIDs); anything else is replaced. */
    private static final Pattern PLAUSIBLE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private static final Pattern CONFERENCE_PATH =
            Pattern.compile("^/(?:api|ws)/conferences/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                    + "[0-9a-fA-F]{12})(?:/.*)?$");

    void register(@Observes Filters filters) {
        filters.register(this::handle, 1000);
    }

    private void handle(RoutingContext rc) {
        String id = requestId(rc.request().getHeader(HEADER));
        // also on the request, so that the access log can show it (%{i,X-Request-Id})
        rc.request().headers().set(HEADER, id);
        rc.response().putHeader(HEADER, id);
        MDC.put(REQUEST_ID, id);
        String conference = conferenceId(rc.request().path());
        if (conference != null) {
            MDC.put(CONFERENCE_ID, conference);
        } else {
            MDC.remove(CONFERENCE_ID);
        }
        rc.next();
    }

    /** The id the load balancer sent, if plausible; else a new one. */
    static String requestId(String sent) {
        if (sent != null && PLAUSIBLE_ID.matcher(sent).matches()) {
            return sent;
        }
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** The conference a path is about, or null. */
    static String conferenceId(String path) {
        if (path == null) {
            return null;
        }
        Matcher m = CONFERENCE_PATH.matcher(path);
        return m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }
}
