package bridgepoint.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refusals answered by a Vert.x route before the REST layer (and {@link ProblemMapper}) has the request: the same
 * problem+json, with the problem's headers and {@code Connection: close}, since what is left of the request is not
 * read. The connection is closed once the client stops sending, or after {@link #LINGER_MS} at most: closing it at
 * once, with the client still sending, would reset it and could lose the answer on the way. Meanwhile what arrives
 * is dropped, never kept.
 */
final class RouteProblems {

    private static final long LINGER_MS = 2000;

    private RouteProblems() {}

    static void answer(RoutingContext rc, ApiException refusal, ObjectMapper mapper) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(refusal.toProblem(rc.request().path()));
        } catch (JsonProcessingException e) {
            body = "";
        }
        rc.response().setStatusCode(refusal.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        refusal.headers().forEach(rc.response()::putHeader);
        rc.response()
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(body)
                .onComplete(written -> close(rc));
    }

    private static void close(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = rc.vertx().setTimer(LINGER_MS, late -> connection.close());
        request.handler(dropped -> {});
        request.exceptionHandler(gone -> rc.vertx().cancelTimer(timer));
        request.endHandler(ended -> {
            rc.vertx().cancelTimer(timer);
            connection.close();
        });
        request.resume();
    }
}
