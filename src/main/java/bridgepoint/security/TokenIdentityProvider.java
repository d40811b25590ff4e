package bridgepoint.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a token that stands ({@link TokenCheck}) into the caller's identity: its role and, as attributes, its claims. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String CLAIMS_ATTRIBUTE = "bridgepoint.claims";

    @Inject
    TokenCheck check;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return check.standing(request.getToken().getToken()).map(claims -> identity(claims, request));
    }

    private static SecurityIdentity identity(TokenClaims claims, TokenAuthenticationRequest request) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(claims.name()))
                .addRole(claims.role().name())
                .addCredential(request.getToken())
                .addAttribute(CLAIMS_ATTRIBUTE, claims)
                .build();
    }
}
