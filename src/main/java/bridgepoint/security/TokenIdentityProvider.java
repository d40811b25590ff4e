package bridgepoint.security;

import bridgepoint.common.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a verified token into the caller's identity: its role and, as attributes, its claims. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String CLAIMS_ATTRIBUTE = "bridgepoint.claims";

    /** Set on {@link #UNCHECKED}. */
    public static final String UNCHECKED_ATTRIBUTE = "bridgepoint.unchecked";

    @Inject
    TokenService tokens;

    @Inject
    TokenSubjects subjects;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        // The signature is pure CPU work (an HMAC, once per token), fine on the event loop; whether the subject
        // still stands is known from memory mostly, and otherwise read (in a batch, on a worker thread).
        TokenClaims claims = tokens.verify(request.getToken().getToken()).orElse(null);
        if (claims == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid token"));
        }
        Boolean stands = subjects.known(claims);
        if (stands != null) {
            return stands ? Uni.createFrom().item(identity(claims, request)) : revoked();
        }
        // back on the request's own context (its event loop), as a blocking call run through the context would be
        Context requestContext = Vertx.currentContext();
        Uni<Boolean> checked = Uni.createFrom().completionStage(subjects.check(claims));
        if (requestContext != null) {
            checked = checked.emitOn(task -> requestContext.runOnContext(ignored -> task.run()));
        }
        return checked.onItem()
                .transformToUni(ok -> ok ? Uni.createFrom().item(identity(claims, request)) : revoked())
                // the subject could not be read: refused, as unavailable (503), not accepted on its signature alone
                .onFailure(TokenIdentityProvider::unavailable)
                .transform(AuthenticationFailedException::new);
    }

    /**
     * Stands for a token that could not be checked (the database is away), where a failure cannot be answered at
     * once (a WebSocket upgrade): anonymous, and marked so that the upgrade is refused with 503.
     */
    public static final SecurityIdentity UNCHECKED = QuarkusSecurityIdentity.builder()
            .setAnonymous(true)
            .addAttribute(UNCHECKED_ATTRIBUTE, true)
            .build();

    static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException) {
                return true;
            }
        }
        return false;
    }

    private static SecurityIdentity identity(TokenClaims claims, TokenAuthenticationRequest request) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(claims.name()))
                .addRole(claims.role().name())
                .addCredential(request.getToken())
                .addAttribute(CLAIMS_ATTRIBUTE, claims)
                .build();
    }

    private static Uni<SecurityIdentity> revoked() {
        return Uni.createFrom()
                .failure(
                        new AuthenticationFailedException("the token's subject was removed or its join code replaced"));
    }
}
