package bridgepoint.security;

import bridgepoint.common.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether an access token stands: its signature (pure CPU work, an HMAC once per token, fine on the event loop),
 * then its subject (known from memory mostly, otherwise read in a batch on a worker thread). For HTTP requests
 * through Quarkus Security ({@link TokenIdentityProvider}); for WebSocket upgrades directly ({@link #upgrade}),
 * without the security pipeline and the identity each connection would otherwise keep.
 */
@ApplicationScoped
public class TokenCheck {

    /** The subprotocol a WebSocket client selects (the only one the server answers with). */
    public static final String SUBPROTOCOL = "bridgepoint";
    /** The prefix of the subprotocol that carries a browser's token (JWT characters are all valid there). */
    public static final String BEARER_SUBPROTOCOL = "bridgepoint.bearer.";

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    @Inject
    TokenService tokens;

    @Inject
    TokenSubjects subjects;

    /**
     * The claims of a token that stands; fails with {@link AuthenticationFailedException} for one that does not
     * (bad signature, expired, subject removed or join code replaced), with that exception caused by an
     * {@link ApiException} when its subject could not be read: refused as unavailable (503), not accepted on its
     * signature alone. Completes on the caller's Vert.x context, if it has one.
     */
    Uni<TokenClaims> standing(String token) {
        TokenClaims claims = tokens.verify(token).orElse(null);
        if (claims == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid token"));
        }
        Boolean stands = subjects.known(claims);
        if (stands != null) {
            return stands ? Uni.createFrom().item(claims) : revoked();
        }
        // back on the request's own context (its event loop), as a blocking call run through the context would be
        Context requestContext = Vertx.currentContext();
        Uni<Boolean> checked = Uni.createFrom().completionStage(subjects.check(claims));
        if (requestContext != null) {
            checked = checked.emitOn(task -> requestContext.runOnContext(ignored -> task.run()));
        }
        return checked.onItem()
                .transformToUni(ok -> ok ? Uni.createFrom().item(claims) : revoked())
                .onFailure(TokenCheck::unavailable)
                .transform(AuthenticationFailedException::new);
    }

    /**
     * The claims of the token of a WebSocket upgrade, if it stands and its scope allows it; null for none or one that
     * does not. Browsers cannot set headers on a WebSocket: they send the token as a subprotocol,
     * {@code Sec-WebSocket-Protocol: bridgepoint, bridgepoint.bearer.<token>} (the server selects {@code bridgepoint},
     * never echoing the token); other clients may send {@code Authorization: Bearer}, which wins. A token in the query
     * ({@code ?token=}) is refused outright, even beside a good one: proxies log URLs. Fails (with an {@link
     * ApiException} in its causes) when the token could not be checked.
     */
    public Uni<TokenClaims> upgrade(HttpServerRequest request) {
        if (request.getParam("token") != null) {
            return Uni.createFrom().nullItem();
        }
        String header = BearerTokenMechanism.headerToken(request);
        String token = header != null ? header : subprotocolToken(request);
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return standing(token)
                .map(claims -> TokenScopes.allows(claims, request, false) ? claims : null)
                .onFailure(failure -> !unavailable(failure))
                .recoverWithNull();
    }

    /** The token offered as a subprotocol {@code bridgepoint.bearer.<token>}, or null. */
    static String subprotocolToken(HttpServerRequest request) {
        for (String header : request.headers().getAll(SEC_WEBSOCKET_PROTOCOL)) {
            for (String offered : header.split(",")) {
                String protocol = offered.trim();
                if (protocol.startsWith(BEARER_SUBPROTOCOL) && protocol.length() > BEARER_SUBPROTOCOL.length()) {
                    return protocol.substring(BEARER_SUBPROTOCOL.length());
                }
            }
        }
        return null;
    }

    /** Whether this failure is the database being away (an {@link ApiException} among its causes). */
    private static boolean unavailable(Throwable failure) {
        return ApiException.among(failure) != null;
    }

    private static <T> Uni<T> revoked() {
        return Uni.createFrom()
                .failure(
                        new AuthenticationFailedException("the token's subject was removed or its join code replaced"));
    }
}
