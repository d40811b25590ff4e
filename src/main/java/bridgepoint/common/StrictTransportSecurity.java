package bridgepoint.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code Strict-Transport-Security} on every answer to a request that came over HTTPS: directly, or through a
 * trusted proxy that says so ({@code X-Forwarded-Proto: https}, honoured only from the proxies Quarkus trusts). A
 * browser that once reached the service over HTTPS then never talks to it in plain HTTP for a year; an answer over
 * plain HTTP carries nothing, as browsers ignore it there anyway.
 */
@ApplicationScoped
public class StrictTransportSecurity {

    static final String HEADER = "Strict-Transport-Security";
    static final String ONE_YEAR = "max-age=31536000";

    void install(@Observes Filters filters) {
        filters.register(
                ctx -> {
                    if ("https".equalsIgnoreCase(ctx.request().scheme())) {
                        ctx.response().putHeader(HEADER, ONE_YEAR);
                    }
                    ctx.next();
                },
                10);
    }
}
