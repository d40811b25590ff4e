package bridgepoint.delegate;

import bridgepoint.common.ApiException;
import bridgepoint.security.LoginThrottle;
import bridgepoint.security.Role;
import bridgepoint.security.SecurityEvents;
import bridgepoint.security.TokenService;
import bridgepoint.security.TokenSubjects;
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

import java.util.Set;
import java.util.UUID;

/** {@code POST /api/join}: a delegate exchanges its personal join code for a token. */
@Path("/api/join")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Access")
public class JoinResource {

    @Schema(name = "JoinRequest", example = "{\"code\": \"7K3M-Q9TX-2HPW-RD4A\"}")
    public record JoinRequest(@NotBlank @Size(max = 64) String code) {}

    @Schema(name = "JoinResponse")
    public record JoinResponse(
            String accessToken, String tokenType, long expiresIn, UUID conferenceId, UUID delegateId, UUID siteId) {}

    @Inject
    DelegateService delegates;

    @Inject
    TokenService tokens;

    @Inject
    LoginThrottle throttle;

    @Inject
    SecurityEvents events;

    @POST
    @Operation(
            summary = "Join as a delegate with a personal join code",
            description = "The code may be typed in any case, with or without dashes. 401 for an unknown code. 429 "
                    + "(with `Retry-After`) once the client's address has had 100 unknown codes (by default) within 15 "
                    + "minutes of its first, until those 15 minutes are over; joins with a valid code are never "
                    + "counted, so a hall behind one address is not held up by its typos.")
    public JoinResponse join(@Valid @NotNull JoinRequest body, @Context HttpServerRequest request) {
        String client = LoginThrottle.client(request);
        LoginThrottle.Attempt attempt = throttle.address(LoginThrottle.Kind.JOIN, client);
        Delegate d = delegates.findByJoinCode(body.code()).orElseThrow(() -> {
            attempt.failed();
            events.joinRefused(client);
            return ApiException.unauthorized("unknown join code").header("WWW-Authenticate", "Bearer");
        });
        attempt.succeeded();
        TokenService.IssuedToken token = tokens.issue(
                d.id,
                "delegate:" + d.id,
                Role.DELEGATE,
                Set.of(d.siteId),
                d.conferenceId,
                TokenSubjects.stamp(d.joinCode));
        return new JoinResponse(token.accessToken(), "Bearer", token.expiresIn(), d.conferenceId, d.id, d.siteId);
    }
}
