package bridgepoint.attendance;

import bridgepoint.common.ApiException;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.QueryParams;
import bridgepoint.security.Caller;
import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Path("/api/conferences/{id}/checkins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Attendance", description = "Check-ins, offline batches, head counts and the live roll-up")
public class CheckInResource {

    @Schema(
            name = "CheckInRequest",
            example = "{\"delegateId\": \"1b2c3d4e-0000-4000-8000-000000000001\", "
                    + "\"siteId\": \"6f1c9a57-0c3e-4b8e-9d51-2f0e0c1a7b21\"}")
    public record CheckInRequest(
            @NotNull UUID delegateId,

            @Schema(description = "Where the delegate is; default: the delegate's assigned site")
            UUID siteId) {}

    @Schema(name = "SelfCheckInRequest")
    public record SelfCheckInRequest(
            @Schema(description = "Default: the delegate's assigned site")
            UUID siteId) {}

    @Schema(
            name = "BatchEntry",
            example = "{\"nonce\": \"tablet-3:0042\", \"delegateId\": \"1b2c3d4e-0000-4000-8000-000000000001\", "
                    + "\"siteId\": \"6f1c9a57-0c3e-4b8e-9d51-2f0e0c1a7b21\", \"at\": \"2021-12-22T07:41:12+07:00\"}")
    public record BatchEntry(
            @NotBlank @Size(max = 100) @Schema(description = "Unique per entry, chosen by the device that captured it")
            String nonce,

            @NotNull UUID delegateId,
            @NotNull UUID siteId,

            @NotNull @Schema(description = "When the delegate arrived (kept as is)")
            OffsetDateTime at) {}

    @Inject
    CheckInService checkIns;

    @Inject
    OfflineBatchService batches;

    @Inject
    CheckInQueries queries;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "Check a delegate in",
            description = "By an organizer, or the host of that site (a site host "
                    + "checks in at its own sites only). 201 the first time; 200 with the same check-in when the delegate is "
                    + "already checked in there. At another site than the current one the delegate moves: 201, and the new "
                    + "check-in names the site it moved from (the old one is kept as history).")
    @APIResponse(
            responseCode = "200",
            description = "Already checked in there: the existing check-in",
            content = @Content(schema = @Schema(implementation = CheckInView.class)))
    @APIResponse(
            responseCode = "201",
            description = "Checked in (or moved)",
            content = @Content(schema = @Schema(implementation = CheckInView.class)))
    public RestResponse<CheckInView> checkIn(@PathParam("id") UUID id, CheckInRequest body) {
        // checked by hand rather than by @Valid: this is the hot path of a conference's opening minutes
        if (body == null || body.delegateId() == null) {
            throw ApiException.badRequest("delegateId", "must not be null");
        }
        UUID site = body.siteId();
        CheckInService.Method method = CheckInService.Method.ORGANIZER;
        if (caller.isSiteHost()) {
            method = CheckInService.Method.SITE_HOST;
            UUID where = site != null ? site : queries.assignedSite(id, body.delegateId());
            if (!caller.hostsSite(where)) {
                throw ApiException.forbidden("you can check delegates in at your own sites only");
            }
            site = where;
        }
        return respond(id, checkIns.checkIn(id, body.delegateId(), site, null, method, caller.name(), false));
    }

    @POST
    @Path("me")
    @RolesAllowed(Role.DELEGATE_NAME)
    @Operation(
            summary = "Check yourself in (delegate token)",
            description = "At your assigned site unless `siteId` says " + "otherwise. 201 the first time, 200 again.")
    @APIResponse(
            responseCode = "200",
            description = "Already checked in there",
            content = @Content(schema = @Schema(implementation = CheckInView.class)))
    @APIResponse(
            responseCode = "201",
            description = "Checked in (or moved)",
            content = @Content(schema = @Schema(implementation = CheckInView.class)))
    public RestResponse<CheckInView> checkInMe(@PathParam("id") UUID id, SelfCheckInRequest body) {
        requireOwnConference(id);
        UUID site = body == null ? null : body.siteId();
        return respond(
                id,
                checkIns.checkIn(
                        id, caller.delegateId(), site, null, CheckInService.Method.SELF, caller.name(), false));
    }

    @GET
    @Path("me")
    @RolesAllowed(Role.DELEGATE_NAME)
    @Operation(
            summary = "Your current check-in (delegate token)",
            description = "Where and when you are checked in now, "
                    + "however it was made (by yourself, a host, an organizer or an offline upload). 204 while you are "
                    + "not checked in: not being checked in is an answer, not a missing resource (a browser would log "
                    + "a 404 as an error).")
    @APIResponse(
            responseCode = "200",
            description = "Your current check-in",
            content = @Content(schema = @Schema(implementation = CheckInView.class)))
    @APIResponse(responseCode = "204", description = "You are not checked in")
    public RestResponse<CheckInView> myCheckIn(@PathParam("id") UUID id) {
        requireOwnConference(id);
        CheckInService.CheckIn current = checkIns.current(id, caller.delegateId());
        return current == null
                ? RestResponse.noContent()
                : RestResponse.ok(CheckInView.of(current, queries.timeZone(id)));
    }

    @POST
    @Path("batch")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "Upload check-ins captured offline",
            description = "Each entry is applied once per `nonce`, keeps "
                    + "its time `at` and gets its own result, in order: `created`, `duplicate` (already applied, or the delegate "
                    + "was already checked in there) or `rejected` with a `reason` (unknown delegate, a site that does not take "
                    + "part or is not yours, a time in the future, ...). A retried upload changes nothing. An entry older than the "
                    + "delegate's current check-in at another site is kept as history and does not move the delegate. "
                    + "An entry is taken only when its `at` lies within the conference (planned or actual start to actual end, "
                    + "widened by `bridgepoint.attendance.offline-grace`, 2 h, on each side; `outside-conference-window` "
                    + "otherwise) and when it arrives within `bridgepoint.attendance.offline-upload-deadline` (3 days) of "
                    + "the conference's end (`uploaded-too-late` otherwise: the record is then official). "
                    + "At most 1000 entries per upload.")
    public List<OfflineBatchService.Result> batch(
            @PathParam("id") UUID id, @NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid BatchEntry> body) {
        return batches.apply(id, body);
    }

    @GET
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "Check-ins, with their history",
            description = "Newest first. Site hosts see check-ins at their "
                    + "own sites. `current=true` keeps the present ones.")
    public Page<CheckInView> list(
            @PathParam("id") UUID id,
            @QueryParam("delegateId") String delegateId,
            @QueryParam("siteId") String siteId,
            @QueryParam("current") String current,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return queries.list(
                id,
                QueryParams.uuid("delegateId", delegateId),
                QueryParams.uuid("siteId", siteId),
                QueryParams.bool("current", current),
                PageRequest.of(page, size));
    }

    @GET
    @Path("{checkInId}")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(summary = "Read a check-in", description = "Organizers; the host of its site; the delegate it is about.")
    public CheckInView get(@PathParam("id") UUID id, @PathParam("checkInId") UUID checkInId) {
        return queries.get(id, checkInId);
    }

    private void requireOwnConference(UUID conferenceId) {
        if (!conferenceId.equals(caller.delegateConferenceId())) {
            throw ApiException.forbidden("you are a delegate of another conference");
        }
    }

    private RestResponse<CheckInView> respond(UUID conferenceId, CheckInService.Outcome outcome) {
        CheckInView view = CheckInView.of(outcome.checkIn(), queries.timeZone(conferenceId));
        if (!outcome.created()) {
            return RestResponse.ok(view);
        }
        // A relative Location (RFC 9110 allows it): building an absolute one costs more than the check-in itself.
        return RestResponse.ResponseBuilder.<CheckInView>create(RestResponse.Status.CREATED)
                .header("Location", "/api/conferences/" + conferenceId + "/checkins/" + view.id())
                .entity(view)
                .build();
    }
}
