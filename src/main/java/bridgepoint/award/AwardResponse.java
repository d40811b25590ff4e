package bridgepoint.award;

import bridgepoint.common.TimeZones;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.UUID;

@Schema(name = "Award", description = "An entry of the awards roll.")
public record AwardResponse(
        UUID id,
        RecipientType recipientType,
        String name,
        @Schema(nullable = true) String unit,
        String award,
        @Schema(nullable = true) UUID siteId,
        @Schema(nullable = true) String createdBy,
        OffsetDateTime createdAt) {

    static AwardResponse of(Award a, String zone) {
        return new AwardResponse(
                a.id, a.recipientType, a.name, a.unit, a.award, a.siteId, a.createdBy, TimeZones.at(a.createdAt, zone));
    }
}
