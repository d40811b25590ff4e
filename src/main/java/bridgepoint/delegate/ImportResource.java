package bridgepoint.delegate;

import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

@Path("/api/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Delegates")
public class ImportResource {

    @Inject
    ImportJobs jobs;

    @GET
    @Path("{jobId}")
    @RolesAllowed(Role.ORGANIZER_NAME)
    @Operation(
            summary = "An import job's progress and result",
            description = "`kind` DELEGATES or AWARDS; `status` RUNNING, DONE or FAILED; "
                    + "`processed` of `total` rows; `created` delegates or awards; `errors` by row.")
    public ImportJob get(@PathParam("jobId") UUID jobId) {
        return jobs.get(jobId);
    }

    /** The answer to an upload that started an import: 202 with the job, and where to follow it. */
    public static RestResponse<ImportJob> started(ImportJob job, UriInfo uri) {
        return RestResponse.ResponseBuilder.<ImportJob>accepted()
                .entity(job)
                .location(uri.getBaseUriBuilder()
                        .path(ImportResource.class)
                        .path("{jobId}")
                        .build(job.jobId()))
                .build();
    }
}
