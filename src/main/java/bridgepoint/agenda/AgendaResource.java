package bridgepoint.agenda;

import bridgepoint.common.Responses;
import bridgepoint.common.Versions;
import bridgepoint.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.UUID;

@Path("/api/conferences/{id}/agenda")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Agenda", description = "The agenda of a conference")
public class AgendaResource {

    @Schema(name = "AgendaOrder")
    public record Order(@NotNull @Size(max = 500) List<@NotNull UUID> itemIds) {}

    @Schema(name = "Agenda")
    public record AgendaList(List<AgendaItemResponse> items, long total, int page, int size) {}

    @Schema(name = "DelayRequest", example = "{\"minutes\": 10}")
    public record Delay(@NotNull @Min(1) @Max(600) Integer minutes) {}

    @Inject
    AgendaService agenda;

    @Inject
    AgendaRunService run;

    @GET
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "The agenda, ordered by position, with projected starts",
            description = "The `ETag` is the tag of the agenda's order: it changes when an item is added, removed or "
                    + "moved (not when one is edited or run). Send it as `If-Match` with `PUT …/agenda/order`.")
    @APIResponse(
            responseCode = "200",
            description = "The agenda",
            headers = @Header(name = "ETag", description = "The tag of the agenda's order"),
            content = @Content(schema = @Schema(implementation = AgendaList.class)))
    public RestResponse<AgendaList> list(@PathParam("id") UUID id) {
        return listed(agenda.view(id));
    }

    private static RestResponse<AgendaList> listed(AgendaService.View view) {
        List<AgendaItemResponse> items = view.responses();
        return Responses.ok(
                Versions.etag(view.orderTag()), new AgendaList(items, items.size(), 0, Math.max(items.size(), 1)));
    }

    @POST
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Add an item (at the end, or at `position`)",
            description = "400 when it is planned outside "
                    + "the conference's time window or given from a site that does not take part.")
    public RestResponse<AgendaItemResponse> add(
            @PathParam("id") UUID id, @Valid @NotNull AgendaItemRequest body, @Context UriInfo uri) {
        AgendaItemResponse item = agenda.add(id, body);
        return Responses.created(
                uri.getAbsolutePathBuilder().path(item.id().toString()).build(), item.version(), item);
    }

    @PUT
    @Path("order")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Reorder the agenda",
            description = "`itemIds` must list every item exactly once. With `If-Match` (the agenda's `ETag`, as "
                    + "`GET …/agenda` gives it) the order changes only if it is still the one the client read: 412 when "
                    + "someone added, removed or moved an item meanwhile. Answers the agenda with its new `ETag`.")
    @APIResponse(
            responseCode = "200",
            description = "The agenda in its new order",
            headers = @Header(name = "ETag", description = "The tag of the agenda's new order"),
            content = @Content(schema = @Schema(implementation = AgendaList.class)))
    public RestResponse<AgendaList> reorder(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull Order body) {
        return listed(agenda.reorder(id, body.itemIds(), ifMatch));
    }

    @GET
    @Path("{itemId}")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(summary = "Read an agenda item")
    public RestResponse<AgendaItemResponse> get(@PathParam("id") UUID id, @PathParam("itemId") UUID itemId) {
        AgendaItemResponse item = agenda.get(id, itemId);
        return Responses.ok(item.version(), item);
    }

    @PUT
    @Path("{itemId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Replace an agenda item's plan")
    public RestResponse<AgendaItemResponse> replace(
            @PathParam("id") UUID id,
            @PathParam("itemId") UUID itemId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull AgendaItemRequest body) {
        AgendaItemResponse item = agenda.update(id, itemId, body, ifMatch);
        return Responses.ok(item.version(), item);
    }

    @PATCH
    @Path("{itemId}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Change some of an agenda item's plan (JSON merge patch)")
    public RestResponse<AgendaItemResponse> patch(
            @PathParam("id") UUID id,
            @PathParam("itemId") UUID itemId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull JsonNode body) {
        AgendaItemResponse item = agenda.patch(id, itemId, body, ifMatch);
        return Responses.ok(item.version(), item);
    }

    @DELETE
    @Path("{itemId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Remove an agenda item", description = "409 while it is live.")
    public void remove(
            @PathParam("id") UUID id,
            @PathParam("itemId") UUID itemId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        agenda.remove(id, itemId, ifMatch);
    }

    @POST
    @Path("{itemId}/start")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Start an item (conference LIVE)",
            description = "The item must be PLANNED. The item that was "
                    + "live finishes first; if the item is given from another bridge point, the floor passes to it. Events: "
                    + "agenda.item.finished (if any), agenda.item.started, floor.handover (if any).")
    public RestResponse<AgendaItemResponse> start(
            @PathParam("id") UUID id,
            @PathParam("itemId") UUID itemId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        AgendaItemResponse item = run.start(id, itemId, ifMatch);
        return Responses.ok(item.version(), item);
    }

    @POST
    @Path("{itemId}/finish")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Finish the live item (conference LIVE)")
    public RestResponse<AgendaItemResponse> finish(
            @PathParam("id") UUID id,
            @PathParam("itemId") UUID itemId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        AgendaItemResponse item = run.finish(id, itemId, ifMatch);
        return Responses.ok(item.version(), item);
    }

    @POST
    @Path("{itemId}/skip")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Skip a planned item (conference LIVE)")
    public RestResponse<AgendaItemResponse> skip(
            @PathParam("id") UUID id,
            @PathParam("itemId") UUID itemId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        AgendaItemResponse item = run.skip(id, itemId, ifMatch);
        return Responses.ok(item.version(), item);
    }

    @POST
    @Path("{itemId}/delay")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Delay an item (conference LIVE)",
            description = "A PLANNED item starts `minutes` later; the LIVE "
                    + "item is expected to run `minutes` longer. Later items' projected starts follow.")
    public RestResponse<AgendaItemResponse> delay(
            @PathParam("id") UUID id,
            @PathParam("itemId") UUID itemId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull Delay body) {
        AgendaItemResponse item = run.delay(id, itemId, body.minutes(), ifMatch);
        return Responses.ok(item.version(), item);
    }
}
