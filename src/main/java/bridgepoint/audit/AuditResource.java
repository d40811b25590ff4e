package bridgepoint.audit;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.QueryParams;
import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The whole audit log ({@link ConferenceAuditResource} has a conference's part). */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ORGANIZER_NAME)
@Tag(name = "Audit", description = "Who changed what, when: every change by an organizer or a site host")
public class AuditResource {

    @Inject
    AuditLog log;

    @GET
    @Operation(
            summary = "The whole audit log, newest first",
            description = "Also the changes outside any conference: sites and accounts.")
    public Page<AuditEntryResponse> all(
            @QueryParam("conferenceId") String conferenceId,
            @QueryParam("action") String action,
            @QueryParam("actorId") String actorId,
            @QueryParam("page") @Parameter(description = "0-based") String page,
            @QueryParam("size") @Parameter(description = "1 to 500, default 50") String size) {
        return log.list(
                QueryParams.uuid("conferenceId", conferenceId),
                action,
                QueryParams.uuid("actorId", actorId),
                PageRequest.of(page, size));
    }
}
