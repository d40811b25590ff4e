package bridgepoint.live;

import bridgepoint.agenda.AgendaItemResponse;
import bridgepoint.agenda.AgendaService;
import bridgepoint.agenda.AgendaStatus;
import bridgepoint.common.TimeZones;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ConferenceStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The state of a live conference at one seq of its stream: what a client starts from. */
@ApplicationScoped
public class LiveSnapshots {

    /** A snapshot rendered once as the WebSocket message {@code {"type":"snapshot",...}}. */
    public record Snapshot(long seq, UUID epoch, String json) {}

    @Schema(name = "LiveSite")
    public record LiveSite(
            UUID siteId,
            String name,
            @Schema(nullable = true) String city,
            @Schema(enumeration = {"HOST", "REMOTE"}) String role,
            boolean online) {}

    @Schema(
            name = "LiveAnnouncement",
            description = "An announcement event: to every site, or to the one named by `siteId`.")
    public record LiveAnnouncement(
            long seq,
            OffsetDateTime at,
            String text,
            @Schema(nullable = true) UUID siteId,
            String by) {}

    /** How many of the latest announcements a snapshot carries, so that a client joining late sees them. */
    static final int ANNOUNCEMENTS = 20;

    @Schema(name = "LiveState", description = "The conference's live state as of event `seq` of its stream.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LiveState(
            String type,
            long seq,
            UUID epoch,
            UUID conferenceId,
            ConferenceStatus status,
            @Schema(nullable = true) OffsetDateTime startedAt,
            @Schema(nullable = true) OffsetDateTime endedAt,
            @Schema(nullable = true) UUID floorSiteId,
            @Schema(nullable = true) AgendaItemResponse currentItem,
            List<AgendaItemResponse> agenda,
            List<LiveSite> sites,
            @Schema(ref = "AttendanceNumbers") Object attendance,

            @Schema(description = "The latest announcements (at most 20), newest first")
            List<LiveAnnouncement> announcements,

            @Schema(
                    ref = "AwardRoll",
                    description = "The awards roll: counts of collectives and individuals honoured, and the list")
            Object awards) {}

    /** The attendance part of the live state (see the attendance feature). */
    public interface AttendancePart {
        Object of(UUID conferenceId);
    }

    /** The awards part of the live state (see the award feature). */
    public interface AwardsPart {
        Object of(UUID conferenceId);
    }

    @Inject
    EntityManager em;

    @Inject
    ConferenceService conferences;

    @Inject
    EventLog log;

    @Inject
    AgendaService agenda;

    @Inject
    ObjectMapper mapper;

    @Inject
    Instance<AttendancePart> attendance;

    @Inject
    Instance<AwardsPart> awards;

    /**
     * Read in one repeatable-read transaction, so that the state is exactly the one after event {@code seq}
     * (changes and their events commit together). A conference without a stream yet gets one first, in a
     * transaction of its own.
     */
    public LiveState state(UUID conferenceId) {
        LiveState state = readState(conferenceId);
        if (state == null) {
            log.position(conferenceId);
            state = readState(conferenceId);
        }
        return state;
    }

    /** The state, or null if the conference has no stream yet. */
    @Transactional
    LiveState readState(UUID conferenceId) {
        em.createNativeQuery("set transaction isolation level repeatable read").executeUpdate();
        Conference c = conferences.find(conferenceId);
        EventLog.Position position = log.find(conferenceId);
        if (position == null) {
            return null;
        }
        AgendaService.View view = agenda.view(c);
        List<AgendaItemResponse> items = view.responses();
        AgendaItemResponse current = items.stream()
                .filter(i -> i.status() == AgendaStatus.LIVE)
                .findFirst()
                .orElse(null);
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery("""
                        select cs.site_id, s.name, s.city, cs.role, coalesce(p.online, false)
                        from conference_site cs join site s on s.id = cs.site_id
                        left join site_presence p on p.conference_id = cs.conference_id and p.site_id = cs.site_id
                        where cs.conference_id = ?1
                        order by case when cs.role = 'HOST' then 0 else 1 end, cs.added_at, s.name""").setParameter(1, conferenceId).getResultList();
        List<LiveSite> sites = rows.stream()
                .map(r -> new LiveSite((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (Boolean) r[4]))
                .toList();
        Object attendancePart = attendance.isResolvable() ? attendance.get().of(conferenceId) : null;
        @SuppressWarnings("unchecked")
        List<Object[]> announced = em.createNativeQuery("""
                        select seq, at, data ->> 'text', data ->> 'siteId', data ->> 'by' from conference_event
                        where conference_id = ?1 and type = ?2 order by seq desc limit ?3""")
                .setParameter(1, conferenceId)
                .setParameter(2, EventTypes.ANNOUNCEMENT)
                .setParameter(3, ANNOUNCEMENTS)
                .getResultList();
        List<LiveAnnouncement> announcements = announced.stream()
                .map(r -> new LiveAnnouncement(
                        ((Number) r[0]).longValue(),
                        TimeZones.at(EventLog.instant(r[1]), c.timeZone),
                        (String) r[2],
                        r[3] == null ? null : UUID.fromString((String) r[3]),
                        (String) r[4]))
                .toList();
        Object awardsPart = awards.isResolvable() ? awards.get().of(conferenceId) : null;
        return new LiveState(
                "snapshot",
                position.lastSeq(),
                position.epoch(),
                c.id,
                c.status,
                TimeZones.at(c.startedAt, c.timeZone),
                TimeZones.at(c.endedAt, c.timeZone),
                c.floorSiteId,
                current,
                items,
                sites,
                attendancePart,
                announcements,
                awardsPart);
    }

    public Snapshot build(UUID conferenceId) {
        LiveState state = state(conferenceId);
        try {
            return new Snapshot(state.seq(), state.epoch(), mapper.writeValueAsString(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
