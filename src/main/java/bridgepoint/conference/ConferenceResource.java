package bridgepoint.conference;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.QueryParams;
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

import java.util.List;
import java.util.UUID;

@Path("/api/conferences")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Conferences", description = "Conferences, their status and their participating sites (bridge points)")
public class ConferenceResource {

    @Inject
    ConferenceService conferences;

    @Inject
    ParticipationService participations;

    @POST
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Create a conference (status DRAFT)")
    public RestResponse<ConferenceResponse> create(@Valid @NotNull ConferenceRequest body, @Context UriInfo uri) {
        Conference c = conferences.create(body);
        return Responses.created(
                uri.getAbsolutePathBuilder().path(c.id.toString()).build(), c.version, ConferenceResponse.of(c));
    }

    @GET
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "List conferences",
            description = "Organizers see all; site hosts those their sites take part in; "
                    + "delegates their own. `from`/`to` keep conferences that overlap that interval; `q` matches title, chair "
                    + "and description ignoring case and Vietnamese diacritics; `siteId` keeps those in which that site takes "
                    + "part (a site host may name only its own sites: 403 otherwise), e.g. for a host site's page to find "
                    + "its conference.")
    public Page<ConferenceResponse> list(
            @QueryParam("status") @Parameter(description = "DRAFT, SCHEDULED, LIVE, ENDED or CANCELLED") String status,
            @QueryParam("from") @Parameter(description = "ISO-8601 instant with offset") String from,
            @QueryParam("to") @Parameter(description = "ISO-8601 instant with offset") String to,
            @QueryParam("q") String q,
            @QueryParam("siteId") @Parameter(description = "A participating site") String siteId,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return conferences
                .list(
                        QueryParams.enumValue("status", status, ConferenceStatus.class),
                        QueryParams.instant("from", from),
                        QueryParams.instant("to", to),
                        q,
                        QueryParams.uuid("siteId", siteId),
                        PageRequest.of(page, size))
                .map(ConferenceResponse::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(summary = "Read a conference")
    public RestResponse<ConferenceResponse> get(@PathParam("id") UUID id) {
        Conference c = conferences.get(id);
        return Responses.ok(c.version, ConferenceResponse.of(c));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Replace a conference's details",
            description = "409 once ENDED or CANCELLED, when new times "
                    + "make a site overlap another conference, or leave agenda items outside the window.")
    public RestResponse<ConferenceResponse> replace(
            @PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ConferenceRequest body) {
        Conference c = conferences.update(id, body, ifMatch);
        return Responses.ok(c.version, ConferenceResponse.of(c));
    }

    @PATCH
    @Path("{id}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Change some of a conference's details (JSON merge patch)")
    public RestResponse<ConferenceResponse> patch(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode body) {
        Conference c = conferences.patch(id, body, ifMatch);
        return Responses.ok(c.version, ConferenceResponse.of(c));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Delete a DRAFT or CANCELLED conference with everything in it")
    public void delete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        conferences.delete(id, ifMatch);
    }

    @POST
    @Path("{id}/publish")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "DRAFT → SCHEDULED", description = "Needs exactly one HOST site.")
    public RestResponse<ConferenceResponse> publish(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return transition(id, ConferenceStatus.SCHEDULED, ifMatch);
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "SCHEDULED → LIVE", description = "The HOST site gets the floor.")
    public RestResponse<ConferenceResponse> start(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return transition(id, ConferenceStatus.LIVE, ifMatch);
    }

    @POST
    @Path("{id}/end")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "LIVE → ENDED")
    public RestResponse<ConferenceResponse> end(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return transition(id, ConferenceStatus.ENDED, ifMatch);
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "DRAFT or SCHEDULED → CANCELLED", description = "A cancelled conference frees its sites.")
    public RestResponse<ConferenceResponse> cancel(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return transition(id, ConferenceStatus.CANCELLED, ifMatch);
    }

    private RestResponse<ConferenceResponse> transition(UUID id, ConferenceStatus target, String ifMatch) {
        Conference c = conferences.transition(id, target, ifMatch);
        return Responses.ok(c.version, ConferenceResponse.of(c));
    }

    @PUT
    @Path("{id}/sites/{siteId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Add a site to the conference, or change its role, co-chairs and stream",
            description = "201 when the site is added, 200 when changed. 409 for a second HOST, or when the site "
                    + "takes part in another conference at an overlapping time (the problem names it).")
    public RestResponse<ParticipationResponse> putSite(
            @PathParam("id") UUID id,
            @PathParam("siteId") UUID siteId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ParticipationRequest body,
            @Context UriInfo uri) {
        ParticipationService.Saved saved = participations.put(id, siteId, body, ifMatch);
        ParticipationResponse response = ParticipationService.response(saved.participation(), saved.site());
        return saved.created()
                ? Responses.created(uri.getAbsolutePath(), saved.participation().version, response)
                : Responses.ok(saved.participation().version, response);
    }

    @GET
    @Path("{id}/sites")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(summary = "The participating sites, HOST first")
    public Page<ParticipationResponse> sites(@PathParam("id") UUID id) {
        List<ParticipationResponse> all = participations.list(id);
        return new Page<>(all, all.size(), 0, Math.max(all.size(), 1));
    }

    @DELETE
    @Path("{id}/sites/{siteId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Remove a site from the conference",
            description = "409 while delegates are assigned to it or agenda items are given from it.")
    public void removeSite(
            @PathParam("id") UUID id,
            @PathParam("siteId") UUID siteId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        participations.remove(id, siteId, ifMatch);
    }
}
