package bridgepoint.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who sends a request, from its bearer token alone: what {@link RequestBodies} checks before it reads a body.
 * Implemented by {@code security}, which owns tokens.
 */
public interface RequestCallers {

    /**
     * The role of the caller whose {@code Authorization: Bearer} token stands and may be used for this request; null
     * when the request has no bearer token. Fails with the {@link ApiException} to answer otherwise: a token that does
     * not stand or is not good for this request ({@code 401}), one that could not be checked ({@code 503}). Completes
     * on the request's Vert.x context.
     */
    Uni<String> role(HttpServerRequest request);
}
