package bridgepoint.security;

import bridgepoint.common.ApiException;
import bridgepoint.common.RequestCallers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The role of a request's caller from its bearer token, as {@link BearerTokenMechanism} would find it. */
@ApplicationScoped
public class BearerCallers implements RequestCallers {

    @Inject
    TokenCheck check;

    @Override
    public Uni<String> role(HttpServerRequest request) {
        String token = BearerTokenMechanism.headerToken(request);
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return check.standing(token)
                .onFailure(failure -> ApiException.among(failure) == null)
                .transform(failure -> ApiException.tokenRefused())
                .flatMap(claims -> TokenScopes.allows(claims, request, false)
                        ? Uni.createFrom().item(claims.role().name())
                        : Uni.createFrom().failure(ApiException.tokenRefused()));
    }
}
