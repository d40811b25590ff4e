package bridgepoint.attendance;

import bridgepoint.common.TimeZones;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.UUID;

@Schema(
        name = "CheckIn",
        description = "A check-in. `current` is false for history (the delegate has moved since, or an "
                + "offline entry older than the current check-in).")
public record CheckInView(
        UUID id,
        UUID delegateId,
        UUID siteId,
        UUID assignedSiteId,
        boolean atAssignedSite,
        OffsetDateTime at,
        OffsetDateTime recordedAt,
        CheckInService.Method method,
        @Schema(nullable = true) String recordedBy,
        @Schema(nullable = true) UUID movedFromSiteId,
        boolean current) {

    static CheckInView of(CheckInService.CheckIn c, String zone) {
        return new CheckInView(
                c.id(),
                c.delegateId(),
                c.siteId(),
                c.assignedSiteId(),
                c.siteId().equals(c.assignedSiteId()),
                TimeZones.at(c.at(), zone),
                TimeZones.at(c.recordedAt(), zone),
                c.method(),
                c.recordedBy(),
                c.movedFromSiteId(),
                c.current());
    }
}
