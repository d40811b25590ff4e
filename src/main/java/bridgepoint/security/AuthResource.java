package bridgepoint.security;

import bridgepoint.common.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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

    @Inject
    SecurityEvents events;

    @Inject
    Caller caller;

    @Schema(
            name = "PasswordChange",
            description = "Either `resetCode` (given by an organizer) or `currentPassword`, not both",
            example = "{\"username\": \"danang-host\", \"resetCode\": \"7K3M-Q9TX-2HPW-RD4A\", "
                    + "\"newPassword\": \"a new long secret\"}")
    public record PasswordChangeRequest(
            @NotBlank @Size(max = 64) String username,
            @Size(max = 40) String resetCode,
            @Size(max = 200) String currentPassword,

            @NotBlank
            @Size(max = 200)
            @Schema(
                    description = "8 to 200 characters, not containing the username, not one of the common "
                            + "passwords, not the current one")
            String newPassword) {}

    @POST
    @Path("token")
    @Operation(
            summary = "Log in as an organizer or site host",
            description = "401 for an unknown user or a wrong password alike, and for a disabled account. 429 (with "
                    + "`Retry-After`) while the account name waits after its failed logins, from whatever address: "
                    + "after 5 failures (by default) each attempt waits 1 s after the last failure, doubling with each "
                    + "further failure up to 15 minutes; the right password clears them. Unknown names are counted "
                    + "alike.")
    public TokenResponse token(@Valid @NotNull TokenRequest body, @Context HttpServerRequest request) {
        LoginThrottle.Attempt attempt = throttle.login(body.username(), LoginThrottle.client(request));
        UserService.Account user = users.authenticate(body.username(), body.password())
                .orElseThrow(() -> failed(attempt, body.username(), "password", null, "wrong username or password"));
        if (user.disabled()) {
            // told only to whoever knows the password; counts as a failure
            throw failed(attempt, body.username(), "password", user.id(), "this account is disabled: ask an organizer");
        }
        attempt.succeeded();
        users.loggedIn(user);
        TokenService.IssuedToken token =
                tokens.issue(user.id(), user.username(), user.role(), user.siteIds(), null, user.stamp());
        return new TokenResponse(
                token.accessToken(),
                "Bearer",
                token.expiresIn(),
                user.role(),
                user.siteIds().stream().sorted().toList());
    }

    @POST
    @Path("password")
    @Operation(
            summary = "Set a new password, with a reset code or the current password",
            description = "No token needed. `400` for a new password the policy refuses (8 to 200 characters, not "
                    + "containing the username, not one of the common passwords shipped with the service, not the "
                    + "current one), or for both or neither of `resetCode` and `currentPassword`; `401` for an "
                    + "unknown user, a wrong password, or a reset code that is wrong, used or expired, alike. `429` "
                    + "(with `Retry-After`): with `currentPassword`, as for a login (per account name); with "
                    + "`resetCode`, once the client's address has had 100 wrong codes (by default) within 15 minutes "
                    + "of its first, until those 15 minutes are over. A reset code works once. Every token of the "
                    + "account is revoked: log in again with the new password.")
    @APIResponse(responseCode = "204", description = "The password was changed")
    public void password(@Valid @NotNull PasswordChangeRequest body, @Context HttpServerRequest request) {
        boolean code = body.resetCode() != null && !body.resetCode().isBlank();
        boolean current =
                body.currentPassword() != null && !body.currentPassword().isEmpty();
        if (code == current) {
            throw ApiException.badRequest(
                    code ? "currentPassword" : "resetCode", "give either resetCode or currentPassword (one of them)");
        }
        // the new password first: a refused one costs no attempt and does not use the code up
        UserService.checkNewPassword(body.username(), current ? body.currentPassword() : null, body.newPassword());
        String client = LoginThrottle.client(request);
        LoginThrottle.Attempt attempt = code
                ? throttle.address(LoginThrottle.Kind.RESET_CODE, client)
                : throttle.login(body.username(), client);
        try {
            users.changePassword(
                    body.username(),
                    code ? body.resetCode() : null,
                    current ? body.currentPassword() : null,
                    body.newPassword());
        } catch (ApiException e) {
            if (e.status() == 401) {
                attempt.failed();
                events.loginFailed(body.username(), code ? "reset-code" : "current-password", null);
            }
            throw e;
        }
        attempt.succeeded();
    }

    @POST
    @Path("logout")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "Log out: revoke the token of this request",
            description = "On every instance (open WebSockets with it are closed with `4003`). The caller's other "
                    + "tokens (other devices) stay valid; `POST /api/users/{id}/sign-out` revokes them all.")
    @APIResponse(responseCode = "204", description = "The token is revoked")
    public void logout() {
        users.logout(caller.claims());
    }

    /** A wrong login: counted, audited, and the 401 to answer. */
    private ApiException failed(
            LoginThrottle.Attempt attempt, String username, String via, UUID disabledAccount, String detail) {
        attempt.failed();
        events.loginFailed(username, via, disabledAccount);
        return unauthorized(detail);
    }

    static ApiException unauthorized(String detail) {
        return ApiException.unauthorized(detail).header("WWW-Authenticate", "Bearer");
    }
}
