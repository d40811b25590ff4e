package bridgepoint.export;

import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/conferences/{id}")
@Tag(
        name = "Exports",
        description =
                "The agenda for calendars (iCalendar), the schedule for recording teams and conference tools "
                        + "(frab JSON and XML), and the conference's record (HTML and PDF). Every export answers an `ETag` "
                        + "(a digest of its content) and `304 Not Modified` to a matching `If-None-Match`; text is Unicode NFC.")
public class ExportResource {

    private static final String ETAG_NOTE = " `ETag` changes exactly when the content does; `If-None-Match` → 304.";

    @Inject
    Exports exports;

    @GET
    @Path("agenda.ics")
    @Produces("text/calendar")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "The agenda as iCalendar (RFC 5545), for calendar apps",
            description = "One VEVENT per agenda item in the conference's time zone (with its VTIMEZONE): stable UID, "
                    + "SEQUENCE raised whenever the item changes (title, time, site, speaker, documents, delay, skip), "
                    + "DTSTAMP/LAST-MODIFIED the time of that change, actual times where known, STATUS:CANCELLED for "
                    + "skipped items, LOCATION the site it is given from, DESCRIPTION the speaker and documents."
                    + ETAG_NOTE
                    + " Organizers, hosts and delegates with their bearer token; calendar apps with a delegate's "
                    + "read-only calendar token in `?token=` (see `POST …/calendar-token`).")
    @APIResponse(
            responseCode = "200",
            description = "The calendar",
            content = @Content(mediaType = "text/calendar", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag")
    public Response calendar(
            @PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @QueryParam("token")
                    @Parameter(description = "A delegate's calendar token (instead of the Authorization header)")
                    String token) {
        return answer(exports.calendar(id), ifNoneMatch, null);
    }

    @POST
    @Path("calendar-token")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.DELEGATE_NAME)
    @Operation(
            summary = "A calendar token for the calling delegate",
            description = "A read-only token, good only for this conference's `agenda.ics` (refused everywhere else, "
                    + "WebSockets included), and the URL to subscribe to with it. It lasts `bridgepoint.token.calendar-ttl` "
                    + "(366 days by default) and is revoked with the delegate's join code: a new join code or the "
                    + "delegate's removal ends it at once. Delegates only, for their own conference.")
    public Exports.CalendarToken calendarToken(@PathParam("id") UUID id, @Context UriInfo uri) {
        return exports.calendarToken(id, uri.getBaseUri());
    }

    @GET
    @Path("schedule.json")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "The schedule in the frab JSON format (pretalx, C3VOC tools)",
            description = "Validates against the C3VOC schema (draft-06). Participating sites are the rooms; each item "
                    + "is an event in the room of its site (the HOST site for items without one) at its actual times "
                    + "where known; skipped items are left out; slugs are ASCII (diacritics removed, đ → d)."
                    + ETAG_NOTE)
    @APIResponse(
            responseCode = "200",
            description = "The schedule",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag")
    public Response scheduleJson(
            @PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context UriInfo uri) {
        return answer(exports.scheduleJson(id, uri.getBaseUri()), ifNoneMatch, null);
    }

    @GET
    @Path("schedule.xml")
    @Produces(MediaType.APPLICATION_XML)
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "The schedule in the frab XML format (schedule.xml)",
            description =
                    "The same schedule as `schedule.json`; validates against the C3VOC `schedule.xml.xsd`." + ETAG_NOTE)
    @APIResponse(
            responseCode = "200",
            description = "The schedule",
            content = @Content(mediaType = MediaType.APPLICATION_XML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag")
    public Response scheduleXml(
            @PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context UriInfo uri) {
        return answer(exports.scheduleXml(id, uri.getBaseUri()), ifNoneMatch, null);
    }

    @GET
    @Path("report.html")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "The conference's record as one printable, self-contained HTML page",
            description = "Title, chair, bridge points with co-chairs, the agenda planned vs actual with speakers and "
                    + "who had the floor, documents briefed, attendance per site and totals, the awards roll, "
                    + "announcements. Made from stored data and events only: the same on every instance, at any time."
                    + ETAG_NOTE
                    + " Organizers and hosts of participating sites.")
    @APIResponse(
            responseCode = "200",
            description = "The report page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag")
    public Response reportHtml(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return answer(exports.reportHtml(id), ifNoneMatch, null);
    }

    @GET
    @Path("report.pdf")
    @Produces("application/pdf")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "The conference's record as PDF",
            description = "The report page rendered to A4 with DejaVu Sans (regular and bold) embedded." + ETAG_NOTE
                    + " Organizers and hosts of participating sites.")
    @APIResponse(
            responseCode = "200",
            description = "The PDF",
            content =
                    @Content(
                            mediaType = "application/pdf",
                            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag")
    public Response reportPdf(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return answer(exports.reportPdf(id, ifNoneMatch), ifNoneMatch, "inline; filename=\"report-" + id + ".pdf\"");
    }

    private static Response answer(Exported export, String ifNoneMatch, String disposition) {
        EntityTag tag = EntityTag.valueOf(export.etag());
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setNoCache(true);
        if (export.bytes() == null || Exported.matches(ifNoneMatch, export.etag())) {
            return Response.notModified(tag).cacheControl(cache).build();
        }
        Response.ResponseBuilder ok =
                Response.ok(export.bytes(), export.mediaType()).tag(tag).cacheControl(cache);
        if (disposition != null) {
            ok.header("Content-Disposition", disposition);
        }
        return ok.build();
    }
}
