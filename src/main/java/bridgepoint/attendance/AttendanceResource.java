package bridgepoint.attendance;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/conferences/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Attendance")
public class AttendanceResource {

    @Schema(name = "HeadCount", example = "{\"present\": 118, \"note\": \"2 khách mời không có trong danh sách\"}")
    public record HeadCount(
            @NotNull @PositiveOrZero @Max(1_000_000) Integer present,
            @Size(max = 1000) String note) {}

    @Inject
    AttendanceService attendance;

    @Inject
    AttendanceCsv csv;

    @PUT
    @Path("sites/{siteId}/attendance")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "Report a site's head count",
            description = "By an organizer or that site's host. Every report "
                    + "is kept; the latest counts. It may include people who are not registered delegates. Emits "
                    + "attendance.updated (coalesced).")
    public AttendanceService.Report report(
            @PathParam("id") UUID id, @PathParam("siteId") UUID siteId, @Valid @NotNull HeadCount body) {
        return attendance.report(id, siteId, body.present(), body.note());
    }

    @GET
    @Path("sites/{siteId}/attendance")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "A site's head-count reports",
            description =
                    "Every report of the site, newest first (the first "
                            + "one is the one that counts): who reported, when, the count and the note. Organizers and that site's host.")
    public Page<AttendanceService.Report> reports(
            @PathParam("id") UUID id,
            @PathParam("siteId") UUID siteId,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return attendance.reports(id, siteId, PageRequest.of(page, size));
    }

    @GET
    @Path("attendance")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "The attendance roll-up",
            description = "Per site: registered, checked in, reported present (the "
                    + "latest report), when, online; totals that count each person once; anomalies (a delegate checked in at "
                    + "another site than the assigned one; a head count below the checked-in count). Site hosts see the "
                    + "anomalies of their own sites.")
    public AttendanceService.RollUp rollUp(@PathParam("id") UUID id) {
        return attendance.rollUp(id);
    }

    @GET
    @Path("attendance.csv")
    @Produces("text/csv")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "Attendance as CSV, one row per delegate",
            description = "UTF-8 with a byte-order mark (so that "
                    + "Excel shows Vietnamese correctly). Columns: fullName, title, organization, email, phone, assignedSite, "
                    + "checkedInSite, checkedInAt (in the conference's time zone), method, recordedBy, movedFromSite. Site hosts "
                    + "get the delegates assigned to or checked in at their sites.")
    @APIResponse(
            responseCode = "200",
            description = "The CSV file",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public Response csv(@PathParam("id") UUID id) {
        AttendanceCsv.Export export = csv.export(id);
        return Response.ok(export.bytes(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"")
                .build();
    }
}
