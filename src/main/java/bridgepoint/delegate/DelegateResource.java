package bridgepoint.delegate;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.QueryParams;
import bridgepoint.common.RequestBodies;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

@Path("/api/conferences/{id}/delegates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Delegates", description = "Delegates of a conference, each with a personal join code")
public class DelegateResource {

    @Inject
    DelegateService delegates;

    @Inject
    DelegateImportService imports;

    @Inject
    RequestBodies bodies;

    @POST
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Register a delegate at a participating site",
            description = "The answer includes the " + "delegate's personal join code (80 random bits).")
    public RestResponse<DelegateResponse> create(
            @PathParam("id") UUID id, @Valid @NotNull DelegateRequest body, @Context UriInfo uri) {
        Delegate d = delegates.create(id, body);
        return Responses.created(
                uri.getAbsolutePathBuilder().path(d.id.toString()).build(), d.version, DelegateResponse.of(d));
    }

    @GET
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME})
    @Operation(
            summary = "List delegates",
            description = "Site hosts see the delegates of their own sites only. "
                    + "`q` matches name, organization and email ignoring case and Vietnamese diacritics "
                    + "(\"tran quoc to\" finds \"Trần Quốc Tỏ\").")
    public Page<DelegateResponse> list(
            @PathParam("id") UUID id,
            @QueryParam("siteId") String siteId,
            @QueryParam("q") String q,
            @QueryParam("checkedIn")
                    @Parameter(description = "true: currently checked in " + "(anywhere); false: not checked in")
                    String checkedIn,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return delegates
                .list(
                        id,
                        QueryParams.uuid("siteId", siteId),
                        q,
                        QueryParams.bool("checkedIn", checkedIn),
                        PageRequest.of(page, size))
                .map(DelegateResponse::of);
    }

    @GET
    @Path("{delegateId}")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "Read a delegate",
            description = "Organizers; the host of the delegate's site; the delegate itself.")
    public RestResponse<DelegateResponse> get(@PathParam("id") UUID id, @PathParam("delegateId") UUID delegateId) {
        Delegate d = delegates.get(id, delegateId);
        return Responses.ok(d.version, DelegateResponse.of(d));
    }

    @PATCH
    @Path("{delegateId}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Change a delegate (JSON merge patch); moving a delegate = PATCH siteId")
    public RestResponse<DelegateResponse> patch(
            @PathParam("id") UUID id,
            @PathParam("delegateId") UUID delegateId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull JsonNode body) {
        Delegate d = delegates.patch(id, delegateId, body, ifMatch);
        return Responses.ok(d.version, DelegateResponse.of(d));
    }

    @DELETE
    @Path("{delegateId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Remove a delegate")
    public void delete(
            @PathParam("id") UUID id,
            @PathParam("delegateId") UUID delegateId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        delegates.delete(id, delegateId, ifMatch);
    }

    @POST
    @Path("{delegateId}/join-code")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Issue a new join code",
            description = "The old code stops working at once, and the tokens issued for it are revoked.")
    public RestResponse<DelegateResponse> newJoinCode(
            @PathParam("id") UUID id,
            @PathParam("delegateId") UUID delegateId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Delegate d = delegates.newJoinCode(id, delegateId, ifMatch);
        return Responses.ok(d.version, DelegateResponse.of(d));
    }

    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Import delegates from CSV (a job)",
            description = "Header row `fullName,title,organization,email,"
                    + "phone,site` (`site`: a participating site's name or id; fullName and site required). Answers 202 at once with "
                    + "the job; follow it at `GET /api/imports/{jobId}`. Good rows are imported, bad ones reported by spreadsheet "
                    + "row number (the header is row 1) and reason (missing name, unknown site, duplicate email, bad phone, ...); a "
                    + "row is never half-imported. A file that is not CSV or lacks a required column is refused (400). At most "
                    + "50,000 rows.")
    @APIResponse(
            responseCode = "202",
            description = "The import job, running",
            content = @Content(schema = @Schema(implementation = ImportJob.class)))
    @RequestBody(
            required = true,
            content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(
                        mediaType = MediaType.TEXT_PLAIN,
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    public RestResponse<ImportJob> importCsv(
            @PathParam("id") UUID id, @Context UriInfo uri, @Context SecurityContext security) {
        // the file was streamed to disk before this is called (RequestBodies)
        return ImportResource.started(
                imports.start(
                        id, bodies.csvUpload(), security.getUserPrincipal().getName()),
                uri);
    }
}
