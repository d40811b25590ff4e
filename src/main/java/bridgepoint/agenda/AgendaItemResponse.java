package bridgepoint.agenda;

import bridgepoint.common.Person;
import bridgepoint.common.TimeZones;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Schema(name = "AgendaItem", description = "Times are shown in the conference's time zone.")
public record AgendaItemResponse(
        UUID id,
        int position,
        AgendaKind kind,
        String title,
        @Schema(nullable = true) Person speaker,
        @Schema(nullable = true) UUID siteId,
        @Schema(nullable = true) OffsetDateTime plannedStart,
        int plannedMinutes,
        List<DocumentRef> documents,
        AgendaStatus status,
        @Schema(nullable = true) OffsetDateTime actualStart,
        @Schema(nullable = true) OffsetDateTime actualEnd,

        @Schema(
                nullable = true,
                description = "When the item is expected to start, following what really "
                        + "happened (see README, Projected start)")
        OffsetDateTime projectedStart,

        int delayMinutes,
        long version) {

    static AgendaItemResponse of(AgendaItem item, Instant projectedStart, String zone) {
        return new AgendaItemResponse(
                item.id,
                item.position,
                item.kind,
                item.title,
                item.speakerName == null ? null : new Person(item.speakerName, item.speakerTitle),
                item.siteId,
                TimeZones.at(item.plannedStart, zone),
                item.plannedMinutes,
                List.copyOf(item.documents),
                item.status,
                TimeZones.at(item.actualStart, zone),
                TimeZones.at(item.actualEnd, zone),
                TimeZones.at(projectedStart, zone),
                item.delayMinutes,
                item.version);
    }

    static AgendaItemRequest asRequest(AgendaItem item, String zone) {
        return new AgendaItemRequest(
                item.kind,
                item.title,
                item.speakerName == null ? null : new Person(item.speakerName, item.speakerTitle),
                item.siteId,
                TimeZones.at(item.plannedStart, zone),
                item.plannedMinutes,
                List.copyOf(item.documents),
                item.position);
    }
}
