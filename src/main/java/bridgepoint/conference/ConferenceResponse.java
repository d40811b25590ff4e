package bridgepoint.conference;

import bridgepoint.common.Person;
import bridgepoint.common.TimeZones;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.UUID;

@Schema(name = "Conference", description = "Times are shown in the conference's time zone.")
public record ConferenceResponse(
        UUID id,
        String title,
        @Schema(nullable = true) String description,
        OffsetDateTime startsAt,
        OffsetDateTime endsAt,
        String timeZone,
        @Schema(nullable = true) Person chair,
        ConferenceStatus status,
        @Schema(nullable = true) UUID floorSiteId,
        @Schema(nullable = true) OffsetDateTime startedAt,
        @Schema(nullable = true) OffsetDateTime endedAt,
        long version) {

    public static ConferenceResponse of(Conference c) {
        return new ConferenceResponse(
                c.id,
                c.title,
                c.description,
                TimeZones.at(c.startsAt, c.timeZone),
                TimeZones.at(c.endsAt, c.timeZone),
                c.timeZone,
                c.chairName == null ? null : new Person(c.chairName, c.chairTitle),
                c.status,
                c.floorSiteId,
                TimeZones.at(c.startedAt, c.timeZone),
                TimeZones.at(c.endedAt, c.timeZone),
                c.version);
    }

    static ConferenceRequest asRequest(Conference c) {
        return new ConferenceRequest(
                c.title,
                c.description,
                TimeZones.at(c.startsAt, c.timeZone),
                TimeZones.at(c.endsAt, c.timeZone),
                c.timeZone,
                c.chairName == null ? null : new Person(c.chairName, c.chairTitle));
    }
}
