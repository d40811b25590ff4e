package bridgepoint.live;

import bridgepoint.common.QueryParams;
import bridgepoint.common.Responses;
import bridgepoint.common.TimeZones;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.security.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Path("/api/conferences/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
        name = "Live",
        description = "The live state, the floor, announcements and the stored event stream; "
                + "the same events are pushed over the WebSocket /ws/conferences/{id}")
public class LiveResource {

    @Schema(name = "Event", description = "One event of the conference's stream.")
    public record EventView(long seq, String type, OffsetDateTime at, UUID epoch, JsonNode data) {}

    @Schema(name = "Events")
    public record EventPage(List<EventView> items, long total, int page, int size) {}

    @Schema(name = "HandoverRequest", example = "{\"siteId\": \"6f1c9a57-0c3e-4b8e-9d51-2f0e0c1a7b21\"}")
    public record Handover(@NotNull UUID siteId) {}

    @Schema(name = "Floor")
    public record Floor(
            UUID conferenceId, @Schema(nullable = true) UUID floorSiteId) {}

    @Schema(
            name = "AnnouncementRequest",
            example = "{\"text\": \"Điểm cầu Đà Nẵng chuẩn bị phát biểu sau 5 phút\", "
                    + "\"siteId\": \"6f1c9a57-0c3e-4b8e-9d51-2f0e0c1a7b21\"}")
    public record Announcement(
            @NotBlank @Size(max = 2000) String text,

            @Schema(description = "Only this bridge point should show it; absent: all")
            UUID siteId) {}

    @Inject
    LiveService live;

    @Inject
    LiveSnapshots snapshots;

    @Inject
    ConferenceAccess access;

    @Inject
    ObjectMapper mapper;

    @GET
    @Path("live")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "The live state, as of event `seq`",
            description = "Status, current item, floor, the agenda with "
                    + "projected starts, sites with their presence, attendance. Resume the stream with `after=seq`.")
    public LiveSnapshots.LiveState state(@PathParam("id") UUID id) {
        access.readable(id);
        return snapshots.state(id);
    }

    @GET
    @Path("events")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "Stored events after `after`, in seq order",
            description = "`total` counts all events after "
                    + "`after`; read on with `after` = the last seq received while `items` is full.")
    public EventPage events(
            @PathParam("id") UUID id,
            @QueryParam("after") @Parameter(description = "default 0") String after,
            @QueryParam("size") @Parameter(description = "1 to 1000, default 500") String size) {
        long from = QueryParams.integer("after", after, 0, 0, Integer.MAX_VALUE);
        int limit = QueryParams.integer("size", size, 500, 1, 1000);
        List<LiveEvent> events = live.events(id, from, limit);
        String zone = live.timeZone(id);
        long total = events.isEmpty() ? 0 : live.countAfter(id, from);
        return new EventPage(events.stream().map(e -> view(e, zone)).toList(), total, 0, limit);
    }

    @POST
    @Path("live/handover")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "Hand the floor to a bridge point (conference LIVE)",
            description = "Organizers: to any participating "
                    + "site. The host of the site that has the floor: back to the HOST site only. Event: floor.handover "
                    + "(none when the site already has the floor). `If-Match` takes the conference's `ETag`; the "
                    + "answer carries its new one.")
    public RestResponse<Floor> handOver(
            @PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull Handover body) {
        Conference c = live.handOver(id, body.siteId(), ifMatch);
        return Responses.ok(c.version, new Floor(c.id, c.floorSiteId));
    }

    @POST
    @Path("announcements")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Announce to all bridge points or to one (conference SCHEDULED or LIVE)",
            description =
                    "Stored and pushed as an `announcement` event to every client; one meant for one site carries "
                            + "its `siteId` and is shown only there.")
    public EventView announce(@PathParam("id") UUID id, @Valid @NotNull Announcement body) {
        LiveEvent event = live.announce(id, body.text().strip(), body.siteId());
        return view(event, live.timeZone(id));
    }

    private EventView view(LiveEvent e, String zone) {
        try {
            return new EventView(e.seq(), e.type(), TimeZones.at(e.at(), zone), e.epoch(), mapper.readTree(e.data()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
