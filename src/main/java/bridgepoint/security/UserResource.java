package bridgepoint.security;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.Responses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

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

    @POST
    @Operation(summary = "Create an organizer or site host account")
    public RestResponse<UserResponse> create(@Valid @NotNull UserRequest body, @Context UriInfo uri) {
        AppUser user = users.create(body);
        return Responses.created(
                uri.getAbsolutePathBuilder().path(user.id.toString()).build(), user.version, UserResponse.of(user));
    }

    @GET
    @Operation(summary = "List accounts")
    public Page<UserResponse> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        return users.list(PageRequest.of(page, size)).map(UserResponse::of);
    }

    @GET
    @Path("{userId}")
    @Operation(summary = "Read an account")
    public RestResponse<UserResponse> get(@PathParam("userId") UUID userId) {
        AppUser user = users.get(userId);
        return Responses.ok(user.version, UserResponse.of(user));
    }

    @DELETE
    @Path("{userId}")
    @Operation(
            summary = "Delete an account",
            description = "Its tokens are revoked on every instance. `If-Match` takes the account's `ETag`.")
    public void delete(@PathParam("userId") UUID userId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        users.delete(userId, caller.userId(), ifMatch);
    }
}
