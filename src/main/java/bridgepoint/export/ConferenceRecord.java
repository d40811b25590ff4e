package bridgepoint.export;

import bridgepoint.agenda.AgendaKind;
import bridgepoint.agenda.AgendaStatus;
import bridgepoint.agenda.DocumentRef;
import bridgepoint.attendance.AttendanceService;
import bridgepoint.award.AwardRoll;
import bridgepoint.common.Person;
import bridgepoint.conference.ConferenceStatus;
import bridgepoint.conference.ParticipationResponse;
import bridgepoint.conference.SiteRole;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the exports are made of: a conference as stored, read at one point of its event stream ({@code seq}). The
 * attendance, awards, announcements and floor are read for the report only (null or empty otherwise).
 */
record ConferenceRecord(
        UUID id,
        String title,
        String description,
        Person chair,
        ZoneId zone,
        ConferenceStatus status,
        Instant startsAt,
        Instant endsAt,
        Instant startedAt,
        Instant endedAt,
        List<ParticipationResponse> sites,
        List<Item> items,
        long seq,
        AttendanceService.Numbers attendance,
        AwardRoll awards,
        List<Announcement> announcements) {

    /**
     * An agenda item with its slot (when it is or was held: actual times where known, the plan elsewhere), its
     * calendar revision, and the sites that had the floor while it was live (read from the event stream).
     */
    record Item(
            UUID id,
            int position,
            AgendaKind kind,
            String title,
            Person speaker,
            UUID siteId,
            Instant plannedStart,
            int plannedMinutes,
            List<DocumentRef> documents,
            AgendaStatus status,
            Instant actualStart,
            Instant actualEnd,
            int delayMinutes,
            Instant start,
            Instant end,
            int revision,
            Instant revisedAt,
            List<UUID> floor) {}

    record Announcement(Instant at, String text, UUID siteId, String by) {}

    Optional<ParticipationResponse> site(UUID siteId) {
        return sites.stream().filter(s -> s.siteId().equals(siteId)).findFirst();
    }

    String siteName(UUID siteId) {
        return siteId == null
                ? null
                : site(siteId).map(ParticipationResponse::name).orElse(null);
    }

    /** The HOST site, where items without a site of their own are held. */
    Optional<ParticipationResponse> host() {
        return sites.stream().filter(s -> s.role() == SiteRole.HOST).findFirst();
    }
}
