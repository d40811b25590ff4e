package bridgepoint.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Reads the access token from {@code Authorization: Bearer ...}, or, for calendar URLs (calendar apps cannot set
 * headers), from the {@code token} query parameter; a request with {@code ?token=} anywhere else is refused (401). A
 * token is accepted only where its scope allows ({@link TokenScopes}). WebSocket upgrades are not authenticated here: their endpoint's upgrade check verifies the
 * token itself ({@link TokenCheck#upgrade}).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "bearer";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.request().path().startsWith("/ws/")) {
            return Uni.createFrom().optional(Optional.empty());
        }
        if (!TokenScopes.isCalendarPath(context.request().path())
                && context.request().getParam("token") != null) {
            // a token in a URL is refused, not ignored: the client learns at once to send it in the header
            return Uni.createFrom().failure(new AuthenticationFailedException("a token in the URL is refused"));
        }
        String header = headerToken(context.request());
        String token = header != null ? header : queryToken(context);
        if (token == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        boolean fromQuery = header == null;
        return identityProviderManager
                .authenticate(new TokenAuthenticationRequest(new TokenCredential(token, BEARER)))
                .onItem()
                .transformToUni(id -> {
                    TokenClaims claims = id.getAttribute(TokenIdentityProvider.CLAIMS_ATTRIBUTE);
                    return claims != null && TokenScopes.allows(claims, context.request(), fromQuery)
                            ? Uni.createFrom().item(id)
                            : Uni.createFrom()
                                    .failure(new AuthenticationFailedException("this token is not good for "
                                            + context.request().path()));
                });
    }

    static String headerToken(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static String queryToken(RoutingContext context) {
        String path = context.request().path();
        if (TokenScopes.isCalendarPath(path)) {
            String token = context.request().getParam("token");
            return token == null || token.isBlank() ? null : token;
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, BEARER));
    }
}
