package bridgepoint.site;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.Responses;
import bridgepoint.security.Role;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

@Path("/api/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sites", description = "Venues that act as bridge points")
public class SiteResource {

    @Inject
    SiteService sites;

    @POST
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Create a site")
    public RestResponse<SiteResponse> create(@Valid @NotNull SiteRequest body, @Context UriInfo uri) {
        Site site = sites.create(body);
        return Responses.created(
                uri.getAbsolutePathBuilder().path(site.id.toString()).build(), site.version, SiteResponse.of(site));
    }

    @GET
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "List sites",
            description = "`q` matches name, city and address, ignoring case and Vietnamese diacritics.")
    public Page<SiteResponse> list(
            @QueryParam("q") String q,
            @QueryParam("page") @Parameter(description = "0-based") String page,
            @QueryParam("size") @Parameter(description = "1 to 500, default 50") String size) {
        return sites.list(q, PageRequest.of(page, size)).map(SiteResponse::of);
    }

    @GET
    @Path("{siteId}")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(summary = "Read a site")
    public RestResponse<SiteResponse> get(@PathParam("siteId") UUID siteId) {
        Site site = sites.get(siteId);
        return Responses.ok(site.version, SiteResponse.of(site));
    }

    @PUT
    @Path("{siteId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Replace a site")
    public RestResponse<SiteResponse> replace(
            @PathParam("siteId") UUID siteId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull SiteRequest body) {
        Site site = sites.update(siteId, body, ifMatch);
        return Responses.ok(site.version, SiteResponse.of(site));
    }

    @PATCH
    @Path("{siteId}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Change some fields of a site (JSON merge patch)")
    public RestResponse<SiteResponse> patch(
            @PathParam("siteId") UUID siteId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull JsonNode body) {
        Site site = sites.patch(siteId, body, ifMatch);
        return Responses.ok(site.version, SiteResponse.of(site));
    }

    @DELETE
    @Path("{siteId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Delete a site",
            description = "409 while the site takes part in a conference or has site hosts.")
    public void delete(@PathParam("siteId") UUID siteId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        sites.delete(siteId, ifMatch);
    }
}
