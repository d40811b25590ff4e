package bridgepoint.security;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.QueryParams;
import bridgepoint.common.Responses;
import bridgepoint.common.TimeZones;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.util.UUID;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ORGANIZER_NAME)
@Tag(name = "Users", description = "Organizer and site host accounts (organizers only)")
public class UserResource {

    @Inject
    UserService users;

    @Inject
    Caller caller;

    @Schema(name = "PasswordReset", description = "A one-time reset code: shown here once, never again")
    public record PasswordResetResponse(
            UUID userId,
            String username,

            @Schema(example = "7K3M-Q9TX-2HPW-RD4A", description = "Give it to the account's holder: it is not stored")
            String resetCode,

            @Schema(description = "Until when it can be used (UTC)")
            OffsetDateTime expiresAt) {}

    @POST
    @Operation(
            summary = "Create an organizer or site host account",
            description = "The password must follow the password policy (8 to 200 characters, not containing the "
                    + "username, not one of the common passwords): `400` otherwise. The account records who created "
                    + "it (`createdBy`).")
    public RestResponse<UserResponse> create(@Valid @NotNull UserRequest body, @Context UriInfo uri) {
        AppUser user = users.create(body, actor());
        return Responses.created(
                uri.getAbsolutePathBuilder().path(user.id.toString()).build(), user.version, UserResponse.of(user));
    }

    @GET
    @Operation(
            summary = "List accounts",
            description = "By username. `role` and `siteId` filter; `q` matches the username and the display name, "
                    + "ignoring case and Vietnamese diacritics.")
    public Page<UserResponse> list(
            @QueryParam("role") @Parameter(description = "ORGANIZER or SITE_HOST") String role,
            @QueryParam("siteId") @Parameter(description = "Accounts of this site") String siteId,
            @QueryParam("q") String q,
            @QueryParam("page") @Parameter(description = "0-based") String page,
            @QueryParam("size") @Parameter(description = "1 to 500, default 50") String size) {
        return users.list(
                        QueryParams.enumValue("role", role, Role.class),
                        QueryParams.uuid("siteId", siteId),
                        q,
                        PageRequest.of(page, size))
                .map(UserResponse::of);
    }

    @GET
    @Path("{userId}")
    @Operation(summary = "Read an account")
    public RestResponse<UserResponse> get(@PathParam("userId") UUID userId) {
        AppUser user = users.get(userId);
        return Responses.ok(user.version, UserResponse.of(user));
    }

    @PATCH
    @Path("{userId}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Change an account's sites, role, display name or whether it is disabled (JSON merge patch)",
            description = "Changing the sites or the role, or disabling the account, revokes its tokens on every "
                    + "instance (open WebSockets are closed with `4003`); it logs in again to get a token with its "
                    + "new sites. The last enabled organizer cannot be disabled or given another role (`409 "
                    + "last-organizer`). `If-Match` takes the account's `ETag`.")
    @RequestBody(content = @Content(schema = @Schema(implementation = UserPatch.class)))
    public RestResponse<UserResponse> patch(
            @PathParam("userId") UUID userId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull JsonNode body) {
        AppUser user = users.patch(userId, body, ifMatch);
        return Responses.ok(user.version, UserResponse.of(user));
    }

    @DELETE
    @Path("{userId}")
    @Operation(
            summary = "Delete an account",
            description = "Its tokens are revoked on every instance. No one deletes their own account, and the last "
                    + "enabled organizer is not deleted (`409`). `If-Match` takes the account's `ETag`.")
    public void delete(@PathParam("userId") UUID userId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        users.delete(userId, caller.userId(), ifMatch);
    }

    @POST
    @Path("{userId}/password-reset")
    @Operation(
            summary = "Give an account a one-time password reset code",
            description = "The code is in this answer only (it is stored as a hash): its holder sets a new password "
                    + "with it at `POST /api/auth/password`, once, before `expiresAt`. A new code replaces an "
                    + "earlier one. The password and the tokens stay as they are until the code is used.")
    public PasswordResetResponse passwordReset(@PathParam("userId") UUID userId) {
        UserService.ResetCode code = users.resetPassword(userId, caller.userId());
        return new PasswordResetResponse(
                code.userId(), code.username(), code.resetCode(), TimeZones.at(code.expiresAt(), "UTC"));
    }

    @POST
    @Path("{userId}/sign-out")
    @Operation(
            summary = "Sign an account out everywhere",
            description = "Every token of the account is revoked on every instance (open WebSockets are closed with "
                    + "`4003`); it can log in again.")
    @APIResponse(responseCode = "204", description = "Every token of the account is revoked")
    public void signOut(@PathParam("userId") UUID userId) {
        users.signOut(userId);
    }

    private UserService.Actor actor() {
        return new UserService.Actor(caller.userId(), caller.name());
    }
}
