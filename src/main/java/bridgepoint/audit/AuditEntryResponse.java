package bridgepoint.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.UUID;

@Schema(name = "AuditEntry", description = "One change: who made it, when, from where, and the state before and after")
public record AuditEntryResponse(
        long id,

        @Schema(description = "When, in the conference's time zone (UTC for changes outside a conference)")
        OffsetDateTime at,

        Actor actor,
        @Schema(nullable = true) UUID conferenceId,
        @Schema(example = "agenda.item.started") String action,
        @Schema(example = "agendaItem") String targetType,
        @Schema(nullable = true) String targetId,

        @Schema(
                nullable = true,
                description = "The resource as the API showed it before the change; null for a creation")
        JsonNode before,

        @Schema(nullable = true, description = "The resource as the API shows it after the change; null for a deletion")
        JsonNode after) {

    @Schema(name = "AuditActor")
    public record Actor(
            @Schema(
                    nullable = true,
                    description = "The account or delegate; null for the service itself and for a client that has not "
                            + "signed in")
            UUID id,

            @Schema(
                    description = "The account's username, `bridgepoint` for the service, `anonymous` for a client "
                            + "that has not signed in")
            String name,

            @Schema(enumeration = {"ORGANIZER", "SITE_HOST", "DELEGATE", "SERVICE", "ANONYMOUS"})
            String role,

            @Schema(
                    nullable = true,
                    description = "The client's address (behind a trusted proxy, from X-Forwarded-For)")
            String client) {}
}
