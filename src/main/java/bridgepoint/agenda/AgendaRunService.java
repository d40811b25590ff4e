package bridgepoint.agenda;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.Versions;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ConferenceStatus;
import bridgepoint.conference.ConferenceStatusChanges;
import bridgepoint.conference.FloorControl;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Running the agenda while the conference is live: start, finish, skip, delay. At most one item is live;
 * starting another finishes the current one; starting an item given from another bridge point hands the
 * floor to it. Every rule is checked before anything changes, and the conference row is locked, so
 * concurrent commands apply one after the other. Each command answers the item as its own transaction leaves
 * it: read after the commit, a concurrent command could already have changed it again.
 */
@ApplicationScoped
public class AgendaRunService {

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    ConferenceService conferences;

    @Inject
    AgendaService agenda;

    @Inject
    AgendaChanges changes;

    @Inject
    FloorControl floor;

    @Inject
    Clock clock;

    @Transactional
    public AgendaItemResponse start(UUID conferenceId, UUID itemId, String ifMatch) {
        Conference c = live(conferenceId);
        AgendaItem item = agenda.find(conferenceId, itemId);
        Versions.checkIfMatch(ifMatch, item.version);
        AgendaItemResponse before = agenda.view(c).response(itemId);
        if (item.status != AgendaStatus.PLANNED) {
            throw notAllowed(item, "started", "only a PLANNED item can start");
        }
        Instant now = clock.instant();
        current(conferenceId).ifPresent(previous -> finish(c, previous, now));
        item.status = AgendaStatus.LIVE;
        item.actualStart = now;
        em.flush();
        changes.item(c, AgendaChanges.STARTED, item);
        if (item.siteId != null) {
            floor.handOver(c, item.siteId, "agenda item " + item.position + " is given from this site");
        }
        return audited("agenda.item.started", c, item, before);
    }

    @Transactional
    public AgendaItemResponse finish(UUID conferenceId, UUID itemId, String ifMatch) {
        Conference c = live(conferenceId);
        AgendaItem item = agenda.find(conferenceId, itemId);
        Versions.checkIfMatch(ifMatch, item.version);
        AgendaItemResponse before = agenda.view(c).response(itemId);
        if (item.status != AgendaStatus.LIVE) {
            throw notAllowed(item, "finished", "only the LIVE item can finish");
        }
        finish(c, item, clock.instant());
        return audited("agenda.item.finished", c, item, before);
    }

    @Transactional
    public AgendaItemResponse skip(UUID conferenceId, UUID itemId, String ifMatch) {
        Conference c = live(conferenceId);
        AgendaItem item = agenda.find(conferenceId, itemId);
        Versions.checkIfMatch(ifMatch, item.version);
        AgendaItemResponse before = agenda.view(c).response(itemId);
        if (item.status != AgendaStatus.PLANNED) {
            throw notAllowed(item, "skipped", "only a PLANNED item can be skipped (finish a LIVE one)");
        }
        item.status = AgendaStatus.SKIPPED;
        em.flush();
        changes.item(c, AgendaChanges.SKIPPED, item);
        return audited("agenda.item.skipped", c, item, before);
    }

    @Transactional
    public AgendaItemResponse delay(UUID conferenceId, UUID itemId, int minutes, String ifMatch) {
        Conference c = live(conferenceId);
        AgendaItem item = agenda.find(conferenceId, itemId);
        Versions.checkIfMatch(ifMatch, item.version);
        AgendaItemResponse before = agenda.view(c).response(itemId);
        if (item.status != AgendaStatus.PLANNED && item.status != AgendaStatus.LIVE) {
            throw notAllowed(item, "delayed", "only a PLANNED or LIVE item can be delayed");
        }
        if (item.delayMinutes + minutes > 1440) {
            throw ApiException.badRequest("minutes", "an item can be delayed by at most 1440 minutes in all");
        }
        item.delayMinutes += minutes;
        em.flush();
        changes.delayed(c, item, minutes);
        return audited("agenda.item.delayed", c, item, before);
    }

    /** When the conference ends, the live item ends with it (before the status event). */
    void onStatus(@Observes @Priority(100) ConferenceStatusChanges.StatusChanged change) {
        if (change.to() == ConferenceStatus.ENDED) {
            Conference c = conferences.find(change.conferenceId());
            current(change.conferenceId()).ifPresent(item -> finish(c, item, change.at()));
        }
    }

    private void finish(Conference c, AgendaItem item, Instant at) {
        item.status = AgendaStatus.DONE;
        item.actualEnd = at;
        em.flush();
        changes.item(c, AgendaChanges.FINISHED, item);
    }

    private AgendaItemResponse audited(String action, Conference c, AgendaItem item, AgendaItemResponse before) {
        AgendaItemResponse after = shown(c, item);
        audit.record(action, c.id, "agendaItem", item.id, before, after);
        return after;
    }

    /** The item with its projected start, as this transaction leaves it. */
    private AgendaItemResponse shown(Conference c, AgendaItem item) {
        em.flush();
        return agenda.view(c).response(item.id);
    }

    private Optional<AgendaItem> current(UUID conferenceId) {
        return AgendaItem.find("conferenceId = ?1 and status = ?2", conferenceId, AgendaStatus.LIVE)
                .firstResultOptional();
    }

    private Conference live(UUID conferenceId) {
        Conference c = conferences.lock(conferenceId);
        if (c.status != ConferenceStatus.LIVE) {
            throw ApiException.conflict(
                            "conference-not-live",
                            "the agenda runs only while the conference is LIVE; it is " + c.status)
                    .with("currentStatus", c.status);
        }
        return c;
    }

    private static ApiException notAllowed(AgendaItem item, String what, String rule) {
        return ApiException.conflict(
                        "invalid-item-transition",
                        "item " + item.position + " is " + item.status + " and cannot be " + what + ": " + rule)
                .with("itemStatus", item.status);
    }
}
