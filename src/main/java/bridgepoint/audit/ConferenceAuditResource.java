package bridgepoint.audit;

import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.QueryParams;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * A conference's audit log. A root path of its own: under a resource rooted at {@code /api} it would never be reached,
 * as JAX-RS picks {@code ConferenceResource} (the longer root) for every path under {@code /api/conferences}.
 */
@Path("/api/conferences/{id}/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ORGANIZER_NAME)
@Tag(name = "Audit")
public class ConferenceAuditResource {

    @Inject
    AuditLog log;

    @Inject
    ConferenceAccess access;

    @GET
    @Transactional
    @Operation(
            summary = "A conference's audit log, newest first",
            description = "Every change made to the conference, its sites, delegates, agenda, live run and attendance, "
                    + "by organizers and site hosts. Append-only: no one can change or delete an entry.")
    public Page<AuditEntryResponse> conference(
            @PathParam("id") UUID id,
            @QueryParam("action") @Parameter(description = "e.g. agenda.item.started") String action,
            @QueryParam("actorId") String actorId,
            @QueryParam("page") @Parameter(description = "0-based") String page,
            @QueryParam("size") @Parameter(description = "1 to 500, default 50") String size) {
        access.readable(id);
        return log.list(id, action, QueryParams.uuid("actorId", actorId), PageRequest.of(page, size));
    }
}
