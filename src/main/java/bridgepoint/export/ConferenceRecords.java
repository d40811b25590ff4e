package bridgepoint.export;

import bridgepoint.agenda.AgendaItem;
import bridgepoint.agenda.AgendaProjection;
import bridgepoint.agenda.AgendaService;
import bridgepoint.attendance.AttendanceService;
import bridgepoint.award.AwardService;
import bridgepoint.common.Person;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.conference.ParticipationService;
import bridgepoint.live.EventLog;
import bridgepoint.live.EventTypes;
import bridgepoint.live.LiveEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a {@link ConferenceRecord} through the features' services, in one repeatable-read transaction: the record is
 * the state after one event of the stream, as the live state is. Only stored data and events are read (never "now"),
 * so the same record comes out on every instance and at any later time.
 */
@ApplicationScoped
class ConferenceRecords {

    private static final int PAGE = 1000;

    @Inject
    EntityManager em;

    @Inject
    ConferenceAccess access;

    @Inject
    ParticipationService participations;

    @Inject
    AgendaService agenda;

    @Inject
    AttendanceService attendance;

    @Inject
    AwardService awards;

    @Inject
    EventLog log;

    @Inject
    ObjectMapper mapper;

    /** For the calendar and the schedule: the conference, its sites and its agenda. */
    ConferenceRecord schedule(UUID conferenceId) {
        agenda.refreshRevisions(conferenceId);
        return read(conferenceId, false);
    }

    /** For the report: everything, with attendance, awards, announcements and who had the floor. */
    ConferenceRecord full(UUID conferenceId) {
        return read(conferenceId, true);
    }

    @Transactional
    ConferenceRecord read(UUID conferenceId, boolean full) {
        em.createNativeQuery("set transaction isolation level repeatable read").executeUpdate();
        Conference c = access.readable(conferenceId);
        EventLog.Position position = log.find(conferenceId);
        long seq = position == null ? 0 : position.lastSeq();
        Stream stream = full ? stream(conferenceId, seq) : new Stream(Map.of(), List.of());
        List<AgendaItem> items = agenda.view(c).items();
        Map<UUID, AgendaProjection.Slot> slots = AgendaProjection.scheduled(c, items);
        List<ConferenceRecord.Item> recorded = new ArrayList<>();
        for (AgendaItem i : items) {
            AgendaProjection.Slot slot = slots.get(i.id);
            recorded.add(new ConferenceRecord.Item(
                    i.id,
                    i.position,
                    i.kind,
                    i.title,
                    i.speakerName == null ? null : new Person(i.speakerName, i.speakerTitle),
                    i.siteId,
                    i.plannedStart,
                    i.plannedMinutes,
                    List.copyOf(i.documents),
                    i.status,
                    i.actualStart,
                    i.actualEnd,
                    i.delayMinutes,
                    slot.start(),
                    slot.end(),
                    i.revision,
                    i.revisedAt,
                    stream.floor().getOrDefault(i.id, List.of())));
        }
        return new ConferenceRecord(
                c.id,
                c.title,
                c.description,
                c.chairName == null ? null : new Person(c.chairName, c.chairTitle),
                ZoneId.of(c.timeZone),
                c.status,
                c.startsAt,
                c.endsAt,
                c.startedAt,
                c.endedAt,
                participations.list(conferenceId),
                recorded,
                seq,
                full ? attendance.numbers(conferenceId) : null,
                full ? awards.of(conferenceId) : null,
                stream.announcements());
    }

    /** What the report reads from the event stream. */
    private record Stream(Map<UUID, List<UUID>> floor, List<ConferenceRecord.Announcement> announcements) {}

    /**
     * Replays the stream up to {@code upTo}: the announcements, and for each item that went live the sites that had
     * the floor while it was live — the one that had it when the item started (the handover that starting an item
     * from another site makes comes right after the start), then each handover until the item finished.
     */
    private Stream stream(UUID conferenceId, long upTo) {
        Map<UUID, List<UUID>> floor = new HashMap<>();
        List<ConferenceRecord.Announcement> announcements = new ArrayList<>();
        UUID site = null;
        UUID live = null;
        boolean justStarted = false;
        for (long after = 0; after < upTo; ) {
            List<LiveEvent> page = log.read(conferenceId, after, upTo, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (LiveEvent e : page) {
                after = e.seq();
                JsonNode data = json(e.data());
                switch (e.type()) {
                    case EventTypes.CONFERENCE_STATUS -> site = uuid(data.get("floorSiteId"), site);
                    case EventTypes.FLOOR_HANDOVER -> {
                        site = uuid(data.get("siteId"), site);
                        if (live != null) {
                            List<UUID> sites = floor.computeIfAbsent(live, k -> new ArrayList<>());
                            if (justStarted) {
                                sites.clear();
                            }
                            if (!sites.contains(site)) {
                                sites.add(site);
                            }
                        }
                    }
                    case EventTypes.ITEM_STARTED -> {
                        live = uuid(data.path("item").get("id"), null);
                        if (site != null) {
                            floor.put(live, new ArrayList<>(List.of(site)));
                        }
                    }
                    case EventTypes.ITEM_FINISHED -> live = null;
                    case EventTypes.ANNOUNCEMENT ->
                        announcements.add(new ConferenceRecord.Announcement(
                                e.at(),
                                data.path("text").asText(),
                                uuid(data.get("siteId"), null),
                                data.path("by").asText(null)));
                    default -> {}
                }
                justStarted = EventTypes.ITEM_STARTED.equals(e.type());
            }
        }
        return new Stream(floor, announcements);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
    }

    private static UUID uuid(JsonNode node, UUID otherwise) {
        return node == null || node.isNull() ? otherwise : UUID.fromString(node.asText());
    }
}
