package bridgepoint.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses oversized request bodies with 413 problem+json before they are read: JSON bodies beyond
 * {@code bridgepoint.http.max-json-body}, CSV uploads beyond {@code bridgepoint.http.max-csv-body}.
 * (A chunked body without Content-Length is still cut off by Quarkus at the global limit.)
 */
@ApplicationScoped
public class BodySizeLimit {

    @Inject
    HttpLimits limits;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route("/api/*").order(-1000).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
                boolean csv = type != null && type.toLowerCase().startsWith("text/csv");
                long limit = (csv ? limits.maxCsvBody() : limits.maxJsonBody()).asLongValue();
                long size;
                try {
                    size = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size > limit) {
                    Problem problem = ApiException.payloadTooLarge(
                                    "the request body has " + size + " bytes; at most " + limit + " are accepted here")
                            .toProblem(ctx.request().path());
                    try {
                        ctx.response()
                                .setStatusCode(413)
                                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(mapper.writeValueAsString(problem));
                    } catch (Exception e) {
                        ctx.fail(e);
                    }
                    return;
                }
            }
            ctx.next();
        });
    }
}
