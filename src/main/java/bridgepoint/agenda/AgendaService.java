package bridgepoint.agenda;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.FieldError;
import bridgepoint.common.MergePatch;
import bridgepoint.common.Versions;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ParticipationService;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The planned agenda of a conference: items, their order and their plan. */
@ApplicationScoped
public class AgendaService {

    /** The agenda as shown: items in order with their projected starts. */
    public record View(Conference conference, List<AgendaItem> items, Map<UUID, Instant> projected) {
        public List<AgendaItemResponse> responses() {
            return items.stream()
                    .map(i -> AgendaItemResponse.of(i, projected.get(i.id), conference.timeZone))
                    .toList();
        }

        /**
         * The version of the agenda as a whole (its {@code ETag}): it changes whenever an item is added, removed,
         * moved or changed, as it is derived from the items' ids and versions in their order.
         */
        public long version() {
            long h = 1125899906842597L;
            for (AgendaItem i : items) {
                h = 31 * h + i.id.hashCode();
                h = 31 * h + i.id.getMostSignificantBits();
                h = 31 * h + i.id.getLeastSignificantBits();
                h = 31 * h + i.version;
            }
            return h & Long.MAX_VALUE;
        }

        public AgendaItemResponse response(UUID itemId) {
            return items.stream()
                    .filter(i -> i.id.equals(itemId))
                    .findFirst()
                    .map(i -> AgendaItemResponse.of(i, projected.get(i.id), conference.timeZone))
                    .orElseThrow();
        }
    }

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    ConferenceService conferences;

    @Inject
    ConferenceAccess access;

    @Inject
    ParticipationService participations;

    @Inject
    MergePatch mergePatch;

    @Inject
    AgendaChanges changes;

    @Inject
    Clock clock;

    @Transactional
    public View view(UUID conferenceId) {
        Conference c = access.readable(conferenceId);
        return view(c);
    }

    public View view(Conference c) {
        List<AgendaItem> items = AgendaItem.ofConference(c.id);
        return new View(c, items, AgendaProjection.project(c, items, clock.instant()));
    }

    /** The item as shown, with its projected start; read in one transaction. */
    @Transactional
    public AgendaItemResponse get(UUID conferenceId, UUID itemId) {
        Conference c = access.readable(conferenceId);
        // from the one read of the agenda: an item deleted meanwhile is not found, rather than half found
        View view = view(c);
        if (view.items().stream().noneMatch(i -> i.id.equals(itemId))) {
            throw ApiException.notFound("agenda item", itemId);
        }
        return view.response(itemId);
    }

    /** Adds the item; answers it as shown after the change, from the same transaction. */
    @Transactional
    public AgendaItemResponse add(UUID conferenceId, AgendaItemRequest request) {
        Conference c = editable(conferenceId);
        List<AgendaItem> items = AgendaItem.ofConference(conferenceId);
        int position = request.position() == null ? items.size() + 1 : request.position();
        if (position > items.size() + 1) {
            throw ApiException.badRequest(
                    "position",
                    "must be at most " + (items.size() + 1) + " (the agenda has " + items.size() + " items)");
        }
        AgendaItem item = new AgendaItem();
        item.id = UUID.randomUUID();
        item.conferenceId = conferenceId;
        item.status = AgendaStatus.PLANNED;
        apply(c, item, request);
        for (AgendaItem other : items) {
            if (other.position >= position) {
                other.position++;
            }
        }
        item.position = position;
        item.persist();
        em.flush();
        changes.item(c, AgendaChanges.ADDED, item);
        AgendaItemResponse added = view(c).response(item.id);
        audit.record("agenda.item.added", conferenceId, "agendaItem", item.id, null, added);
        return added;
    }

    @Transactional
    public AgendaItemResponse update(UUID conferenceId, UUID itemId, AgendaItemRequest request, String ifMatch) {
        Conference c = editable(conferenceId);
        AgendaItem item = find(conferenceId, itemId);
        Versions.checkIfMatch(ifMatch, item.version);
        AgendaItemResponse before = view(c).response(itemId);
        replace(c, item, request);
        return updated(c, itemId, before);
    }

    @Transactional
    public AgendaItemResponse patch(UUID conferenceId, UUID itemId, JsonNode patch, String ifMatch) {
        Conference c = editable(conferenceId);
        AgendaItem item = find(conferenceId, itemId);
        Versions.checkIfMatch(ifMatch, item.version);
        AgendaItemResponse before = view(c).response(itemId);
        replace(
                c,
                item,
                mergePatch.apply(AgendaItemResponse.asRequest(item, c.timeZone), patch, AgendaItemRequest.class));
        return updated(c, itemId, before);
    }

    private AgendaItemResponse updated(Conference c, UUID itemId, AgendaItemResponse before) {
        AgendaItemResponse after = view(c).response(itemId);
        audit.record("agenda.item.updated", c.id, "agendaItem", itemId, before, after);
        return after;
    }

    private void replace(Conference c, AgendaItem item, AgendaItemRequest request) {
        apply(c, item, request);
        boolean moved = false;
        if (request.position() != null && request.position() != item.position) {
            List<AgendaItem> items = new ArrayList<>(AgendaItem.ofConference(c.id));
            if (request.position() > items.size()) {
                throw ApiException.badRequest("position", "must be at most " + items.size());
            }
            items.removeIf(i -> i.id.equals(item.id));
            items.add(request.position() - 1, item);
            renumber(items);
            moved = true;
        }
        em.flush();
        changes.item(c, AgendaChanges.UPDATED, item);
        if (moved) {
            changes.reordered(c, AgendaItem.ofConference(c.id));
        }
    }

    @Transactional
    public void remove(UUID conferenceId, UUID itemId, String ifMatch) {
        Conference c = editable(conferenceId);
        AgendaItem item = find(conferenceId, itemId);
        Versions.checkIfMatch(ifMatch, item.version);
        if (item.status == AgendaStatus.LIVE) {
            throw ApiException.conflict("item-live", "the item is live; finish or skip it first");
        }
        AgendaItemResponse before = view(c).response(itemId);
        item.delete();
        em.flush();
        List<AgendaItem> rest = AgendaItem.ofConference(conferenceId);
        renumber(rest);
        em.flush();
        changes.removed(c, item.id);
        audit.record("agenda.item.removed", conferenceId, "agendaItem", itemId, before, null);
    }

    /** Puts the items in this order; {@code ifMatch} is checked against the agenda's {@link View#version()}. */
    @Transactional
    public View reorder(UUID conferenceId, List<UUID> itemIds, String ifMatch) {
        Conference c = editable(conferenceId);
        List<AgendaItem> items = AgendaItem.ofConference(conferenceId);
        Versions.checkIfMatch(ifMatch, view(c).version());
        Set<UUID> known = new HashSet<>();
        items.forEach(i -> known.add(i.id));
        Set<UUID> seen = new HashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < itemIds.size(); i++) {
            UUID id = itemIds.get(i);
            if (!known.contains(id)) {
                errors.add(new FieldError("itemIds[" + i + "]", "not an item of this agenda: " + id));
            } else if (!seen.add(id)) {
                errors.add(new FieldError("itemIds[" + i + "]", "listed twice: " + id));
            }
        }
        known.removeAll(seen);
        if (!known.isEmpty()) {
            errors.add(new FieldError(
                    "itemIds",
                    "must list every item exactly once; missing " + known.size() + ": "
                            + known.iterator().next()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        Map<UUID, AgendaItem> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id, i));
        List<AgendaItem> ordered = itemIds.stream().map(byId::get).toList();
        renumber(ordered);
        em.flush();
        changes.reordered(c, ordered);
        audit.record(
                "agenda.reordered",
                conferenceId,
                "agenda",
                conferenceId,
                Map.of("itemIds", items.stream().map(i -> i.id).toList()),
                Map.of("itemIds", itemIds));
        return view(c);
    }

    private static void renumber(List<AgendaItem> ordered) {
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).position != i + 1) {
                ordered.get(i).position = i + 1;
            }
        }
    }

    private Conference editable(UUID conferenceId) {
        Conference c = conferences.lock(conferenceId);
        if (!c.status.editable()) {
            throw ApiException.conflict(
                    "conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
        return c;
    }

    AgendaItem find(UUID conferenceId, UUID itemId) {
        AgendaItem item = em.find(AgendaItem.class, itemId);
        if (item == null || !item.conferenceId.equals(conferenceId)) {
            throw ApiException.notFound("agenda item", itemId);
        }
        return item;
    }

    private void apply(Conference c, AgendaItem item, AgendaItemRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.siteId() != null && !participations.takesPart(c.id, request.siteId())) {
            errors.add(new FieldError("siteId", "site " + request.siteId() + " does not take part in this conference"));
        }
        Instant start =
                request.plannedStart() == null ? null : request.plannedStart().toInstant();
        if (start != null) {
            if (start.isBefore(c.startsAt)) {
                errors.add(new FieldError("plannedStart", "must not be before the conference starts"));
            } else if (start.plus(Duration.ofMinutes(request.plannedMinutes())).isAfter(c.endsAt)) {
                errors.add(new FieldError(
                        start.isBefore(c.endsAt) ? "plannedMinutes" : "plannedStart",
                        "the item must end by the time the conference ends"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        item.kind = request.kind();
        item.title = request.title().strip();
        item.speakerName = request.speaker() == null ? null : request.speaker().name();
        item.speakerTitle = request.speaker() == null ? null : request.speaker().title();
        item.siteId = request.siteId();
        item.plannedStart = start;
        item.plannedMinutes = request.plannedMinutes();
        item.documents = request.documents() == null ? new ArrayList<>() : new ArrayList<>(request.documents());
    }
}
