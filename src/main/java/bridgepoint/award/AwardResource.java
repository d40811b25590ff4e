package bridgepoint.award;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.QueryParams;
import bridgepoint.common.RequestBodies;
import bridgepoint.delegate.ImportJob;
import bridgepoint.delegate.ImportResource;
import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
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

@Path("/api/conferences/{id}/awards")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
        name = "Awards",
        description = "The awards roll: collectives and individuals honoured at the conference. Organizers write; "
                + "organizers, hosts of participating sites and the conference's delegates read. Changes are events "
                + "of the live stream (`award.added`, `award.removed`, `awards.imported`).")
public class AwardResource {

    @Inject
    AwardService awards;

    @Inject
    AwardImportService imports;

    @Inject
    RequestBodies bodies;

    @POST
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Add an entry to the awards roll",
            description = "`siteId`, when given, must be a participating site. 409 once the conference has ended or "
                    + "was cancelled. Emits `award.added` with the new counts.")
    public RestResponse<AwardResponse> create(
            @PathParam("id") UUID id, @Valid @NotNull AwardRequest body, @Context UriInfo uri) {
        AwardResponse a = awards.create(id, body);
        return RestResponse.ResponseBuilder.<AwardResponse>created(
                        uri.getAbsolutePathBuilder().path(a.id().toString()).build())
                .entity(a)
                .build();
    }

    @GET
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(
            summary = "List the awards roll",
            description = "Collectives first, each in the order entered. `q` matches name, unit and award ignoring "
                    + "case and Vietnamese diacritics.")
    public Page<AwardResponse> list(
            @PathParam("id") UUID id,
            @QueryParam("recipientType") @Parameter(description = "COLLECTIVE or INDIVIDUAL") String recipientType,
            @QueryParam("siteId") String siteId,
            @QueryParam("q") String q,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return awards.list(
                id,
                QueryParams.enumValue("recipientType", recipientType, RecipientType.class),
                QueryParams.uuid("siteId", siteId),
                q,
                PageRequest.of(page, size));
    }

    @GET
    @Path("{awardId}")
    @RolesAllowed({Role.ORGANIZER_NAME, Role.SITE_HOST_NAME, Role.DELEGATE_NAME})
    @Operation(summary = "Read an entry of the awards roll")
    public AwardResponse get(@PathParam("id") UUID id, @PathParam("awardId") UUID awardId) {
        return awards.get(id, awardId);
    }

    @DELETE
    @Path("{awardId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(summary = "Remove an entry from the awards roll", description = "Emits `award.removed`.")
    @APIResponse(responseCode = "204", description = "Removed")
    public void delete(@PathParam("id") UUID id, @PathParam("awardId") UUID awardId) {
        awards.delete(id, awardId);
    }

    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "Import an awards roll from CSV (a job)",
            description = "Header row `recipientType,name,unit,award,site` (recipientType, name and award required; "
                    + "recipientType COLLECTIVE or INDIVIDUAL, or `tập thể` / `cá nhân`; `site`: a participating site's "
                    + "name or id). Answers 202 at once with the job; follow it at `GET /api/imports/{jobId}`. Same rules "
                    + "as the delegate import: good rows are imported, bad ones reported by spreadsheet row number (the "
                    + "header is row 1) and reason; a file that is not CSV or lacks a required column is refused (400). "
                    + "Emits `awards.imported` (one per 500 rows imported).")
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
