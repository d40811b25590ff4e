package bridgepoint.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Locale;
import java.util.Set;

/**
 * Refuses oversized request bodies with 413 problem+json, counting the bytes as they arrive (a chunked body, or
 * one whose {@code Content-Length} lies, is cut off as soon as it passes the limit; a declared length beyond it is
 * refused before anything is read): CSV uploads to an import ({@code text/csv} to a path ending in
 * {@code /import}) up to {@code bridgepoint.http.max-csv-body}, any other body up to
 * {@code bridgepoint.http.max-json-body}, whatever it claims to be. The body read here is the one the REST layer
 * then uses.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final Set<HttpMethod> WITHOUT_BODY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    HttpLimits limits;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route("/api/*").order(-1000).handler(this::read);
    }

    private void read(RoutingContext ctx) {
        if (WITHOUT_BODY.contains(ctx.request().method())) {
            ctx.next();
            return;
        }
        long limit = limitFor(ctx);
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > limit) {
                refuse(ctx, "the request body has " + declared + " bytes; at most " + limit + " are accepted here");
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        ctx.request().handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                refuse(
                        ctx,
                        "the request body has more than " + limit + " bytes; at most " + limit + " are accepted here");
                return;
            }
            body.appendBuffer(chunk);
        });
        ctx.request().endHandler(v -> {
            if (!refused[0]) {
                ((RoutingContextInternal) ctx).setBody(body);
                ctx.next();
            }
        });
        ctx.request().exceptionHandler(ctx::fail);
    }

    private long limitFor(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean csv = type != null
                && type.toLowerCase(Locale.ROOT).startsWith("text/csv")
                && ctx.request().path().endsWith("/import");
        return (csv ? limits.maxCsvBody() : limits.maxJsonBody()).asLongValue();
    }

    private void refuse(RoutingContext ctx, String detail) {
        Problem problem =
                ApiException.payloadTooLarge(detail).toProblem(ctx.request().path());
        try {
            ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(mapper.writeValueAsString(problem));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }
}
