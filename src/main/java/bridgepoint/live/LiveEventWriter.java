package bridgepoint.live;

import bridgepoint.agenda.AgendaChanges;
import bridgepoint.agenda.AgendaService;
import bridgepoint.common.TimeZones;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ConferenceStatusChanges;
import bridgepoint.conference.FloorControl;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Records the changes made by the other features as events of the conference's stream, in the transaction
 * that makes them. Agenda events carry the item and the projected start of every item, since one change
 * moves the projection of all later items.
 */
@ApplicationScoped
public class LiveEventWriter {

    @Inject
    EventLog log;

    @Inject
    AgendaService agenda;

    @Inject
    EntityManager em;

    @Inject
    ConferenceService conferences;

    void onAgenda(@Observes AgendaChanges.Change change) {
        Conference c = change.conference();
        AgendaService.View view = agenda.view(c);
        Map<String, Object> data = new LinkedHashMap<>();
        String type;
        if (change instanceof AgendaChanges.ItemChanged item) {
            type = item.type();
            data.put("item", view.response(item.item().id));
            if (item.minutes() != null) {
                data.put("minutes", item.minutes());
            }
        } else if (change instanceof AgendaChanges.Removed removed) {
            type = EventTypes.ITEM_REMOVED;
            data.put("itemId", removed.itemId());
        } else if (change instanceof AgendaChanges.Reordered reordered) {
            type = EventTypes.REORDERED;
            data.put("itemIds", reordered.itemIds());
        } else {
            throw new IllegalStateException("unknown agenda change " + change);
        }
        data.put("projectedStarts", projectedStarts(view));
        log.append(c.id, type, data);
    }

    /** After the agenda's own observer (which finishes the live item when the conference ends). */
    void onStatus(@Observes @Priority(200) ConferenceStatusChanges.StatusChanged change) {
        Conference c = conferences.find(change.conferenceId());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", change.to());
        data.put("previousStatus", change.from());
        data.put("startedAt", TimeZones.at(c.startedAt, c.timeZone));
        data.put("endedAt", TimeZones.at(c.endedAt, c.timeZone));
        data.put("floorSiteId", c.floorSiteId);
        log.append(c.id, EventTypes.CONFERENCE_STATUS, data);
    }

    void onFloor(@Observes FloorControl.FloorChanged change) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("siteId", change.to());
        data.put("previousSiteId", change.from());
        data.put("reason", change.reason());
        log.append(change.conference().id, EventTypes.FLOOR_HANDOVER, data);
    }

    private static Map<UUID, OffsetDateTime> projectedStarts(AgendaService.View view) {
        Map<UUID, OffsetDateTime> starts = new LinkedHashMap<>();
        view.items()
                .forEach(i -> starts.put(i.id, TimeZones.at(view.projected().get(i.id), view.conference().timeZone)));
        return starts;
    }
}
