package bridgepoint.delegate;

import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
}
