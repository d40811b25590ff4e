package bridgepoint.security;

import bridgepoint.common.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Access", description = "Tokens for organizers and site hosts; join codes for delegates")
public class AuthResource {

    @Schema(name = "TokenRequest", example = "{\"username\": \"admin\", \"password\": \"admin\"}")
    public record TokenRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 200) String password) {}

    @Schema(name = "TokenResponse")
    public record TokenResponse(String accessToken, String tokenType, long expiresIn, Role role, List<UUID> siteIds) {}

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @Inject
    LoginThrottle throttle;

    @POST
    @Path("token")
    @Operation(
            summary = "Log in as an organizer or site host",
            description = "401 for an unknown user or a wrong "
                    + "password alike; 429 after repeated failures from one client.")
    public TokenResponse token(@Valid @NotNull TokenRequest body, @Context HttpServerRequest request) {
        LoginThrottle.Attempt attempt = throttle.begin(LoginThrottle.client(request));
        UserService.Account user = users.authenticate(body.username(), body.password())
                .orElseThrow(() -> {
                    attempt.failed();
                    return ApiException.unauthorized("wrong username or password")
                            .header("WWW-Authenticate", "Bearer");
                });
        attempt.succeeded();
        TokenService.IssuedToken token =
                tokens.issue(user.id(), user.username(), user.role(), user.siteIds(), null, null);
        return new TokenResponse(
                token.accessToken(),
                "Bearer",
                token.expiresIn(),
                user.role(),
                user.siteIds().stream().sorted().toList());
    }
}
