package bridgepoint.conference;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.FieldError;
import bridgepoint.common.MergePatch;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.Search;
import bridgepoint.common.TimeZones;
import bridgepoint.common.Versions;
import bridgepoint.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ConferenceService {

    static final Duration MAX_LENGTH = Duration.ofDays(31);

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    MergePatch mergePatch;

    @Inject
    SiteOccupancy occupancy;

    @Inject
    ConferenceAccess access;

    @Inject
    ConferenceStatusChanges statusChanges;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Transactional
    public Conference create(ConferenceRequest request) {
        checkWindow(request.startsAt(), request.endsAt());
        Conference c = new Conference();
        c.id = UUID.randomUUID();
        c.status = ConferenceStatus.DRAFT;
        c.createdAt = clock.instant();
        apply(c, request);
        c.persistAndFlush();
        audit.record("conference.created", c.id, "conference", c.id, null, ConferenceResponse.of(c));
        return c;
    }

    @Transactional
    public Page<Conference> list(
            ConferenceStatus status, OffsetDateTime from, OffsetDateTime to, String q, PageRequest page) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (status != null) {
            where.add("status = :status");
            params.and("status", status);
        }
        if (from != null) {
            where.add("endsAt > :from");
            params.and("from", from.toInstant());
        }
        if (to != null) {
            where.add("startsAt < :to");
            params.and("to", to.toInstant());
        }
        List<String> patterns = Search.patterns(q);
        if (!patterns.isEmpty()) {
            where.add(Search.condition("searchText", patterns.size()));
            for (int i = 0; i < patterns.size(); i++) {
                params.and("q" + i, patterns.get(i));
            }
        }
        switch (caller.role()) {
            case ORGANIZER -> {}
            case SITE_HOST -> {
                where.add("id in (select cs.conferenceId from ConferenceSite cs where cs.siteId in :hosted)");
                params.and("hosted", caller.hostedSites().isEmpty() ? List.of(new UUID(0, 0)) : caller.hostedSites());
            }
            case DELEGATE -> {
                where.add("id = :own");
                params.and("own", caller.delegateConferenceId());
            }
        }
        String query = (where.isEmpty() ? "1 = 1" : String.join(" and ", where)) + " order by startsAt, id";
        var found = Conference.<Conference>find(query, params).page(page.page(), page.size());
        return new Page<>(found.list(), found.count(), page.page(), page.size());
    }

    @Transactional
    public Conference get(UUID id) {
        return access.readable(id);
    }

    @Transactional
    public Conference update(UUID id, ConferenceRequest request, String ifMatch) {
        Conference c = lock(id);
        Versions.checkIfMatch(ifMatch, c.version);
        ConferenceResponse before = ConferenceResponse.of(c);
        replace(c, request);
        audit.record("conference.updated", id, "conference", id, before, ConferenceResponse.of(c));
        return c;
    }

    @Transactional
    public Conference patch(UUID id, JsonNode patch, String ifMatch) {
        Conference c = lock(id);
        Versions.checkIfMatch(ifMatch, c.version);
        ConferenceResponse before = ConferenceResponse.of(c);
        replace(c, mergePatch.apply(ConferenceResponse.asRequest(c), patch, ConferenceRequest.class));
        audit.record("conference.updated", id, "conference", id, before, ConferenceResponse.of(c));
        return c;
    }

    private void replace(Conference c, ConferenceRequest request) {
        if (!c.status.editable()) {
            throw ApiException.conflict(
                    "conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
        checkWindow(request.startsAt(), request.endsAt());
        Instant startsAt = request.startsAt().toInstant();
        Instant endsAt = request.endsAt().toInstant();
        if (!startsAt.equals(c.startsAt) || !endsAt.equals(c.endsAt)) {
            List<UUID> sites = ConferenceSite.ofConference(c.id).stream()
                    .map(s -> s.siteId)
                    .toList();
            occupancy.lockSites(sites);
            for (UUID site : sites) {
                occupancy.checkFree(site, c.id, startsAt, endsAt);
            }
            Number outside = (Number) em.createNativeQuery("""
                            select count(*) from agenda_item where conference_id = ?1 and planned_start is not null
                              and (planned_start < ?2 or planned_start + planned_minutes * interval '1 minute' > ?3)""")
                    .setParameter(1, c.id)
                    .setParameter(2, startsAt)
                    .setParameter(3, endsAt)
                    .getSingleResult();
            if (outside.longValue() > 0) {
                throw ApiException.conflict(
                        "agenda-outside-window",
                        outside + " agenda item(s) are planned outside " + "the new time window; move them first");
            }
        }
        apply(c, request);
        em.flush();
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Conference c = lock(id);
        Versions.checkIfMatch(ifMatch, c.version);
        if (c.status != ConferenceStatus.DRAFT && c.status != ConferenceStatus.CANCELLED) {
            throw ApiException.conflict(
                    "conference-not-deletable",
                    "only DRAFT and CANCELLED conferences can be " + "deleted; this one is " + c.status
                            + (c.status == ConferenceStatus.SCHEDULED ? " (cancel it first)" : ""));
        }
        // Locked against check-ins and head counts being written (they take a key-share lock on the participation):
        // one that commits first is counted, later ones find the conference gone.
        em.createNativeQuery("select 1 from conference_site where conference_id = ?1 for update")
                .setParameter(1, id)
                .getResultList();
        long attendance = ((Number)
                        em.createNativeQuery("select (select count(*) from checkin where conference_id = ?1)"
                                        + " + (select count(*) from attendance_report where conference_id = ?1)")
                                .setParameter(1, id)
                                .getSingleResult())
                .longValue();
        if (attendance > 0) {
            throw ApiException.conflict(
                    "conference-has-attendance",
                    "attendance was recorded for this conference (check-ins or head counts); it is kept as the record");
        }
        ConferenceResponse before = ConferenceResponse.of(c);
        em.createNativeQuery("delete from agenda_item where conference_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        em.createNativeQuery("delete from delegate where conference_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        em.createNativeQuery("delete from conference_site where conference_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        c.delete();
        em.flush();
        audit.record("conference.deleted", id, "conference", id, before, null);
    }

    @Transactional
    public Conference transition(UUID id, ConferenceStatus target, String ifMatch) {
        Conference c = lock(id);
        Versions.checkIfMatch(ifMatch, c.version);
        ConferenceStatus from = c.status;
        boolean allowed = switch (target) {
            case SCHEDULED -> from == ConferenceStatus.DRAFT;
            case LIVE -> from == ConferenceStatus.SCHEDULED;
            case ENDED -> from == ConferenceStatus.LIVE;
            case CANCELLED -> from == ConferenceStatus.DRAFT || from == ConferenceStatus.SCHEDULED;
            case DRAFT -> false;
        };
        if (!allowed) {
            throw ApiException.conflict("invalid-transition", "a " + from + " conference cannot become " + target)
                    .with("currentStatus", from);
        }
        if (target == ConferenceStatus.SCHEDULED) {
            long hosts = ConferenceSite.count("conferenceId = ?1 and role = ?2", id, SiteRole.HOST);
            if (hosts != 1) {
                throw ApiException.conflict(
                        "host-site-required", "publishing needs exactly one HOST site; this conference has " + hosts);
            }
        }
        Instant now = clock.instant();
        ConferenceResponse before = ConferenceResponse.of(c);
        c.status = target;
        if (target == ConferenceStatus.LIVE) {
            c.startedAt = now;
            c.floorSiteId = ConferenceSite.<ConferenceSite>find("conferenceId = ?1 and role = ?2", id, SiteRole.HOST)
                    .firstResultOptional()
                    .map(s -> s.siteId)
                    .orElse(null);
        } else if (target == ConferenceStatus.ENDED) {
            c.endedAt = now;
        }
        statusChanges.changed(c, from, now);
        em.flush();
        audit.record(
                "conference." + target.name().toLowerCase(Locale.ROOT),
                id,
                "conference",
                id,
                before,
                ConferenceResponse.of(c));
        return c;
    }

    /**
     * The conference, for the other features' own rules (no access check: callers check access themselves, or
     * act for the system, e.g. observers of a change already made).
     */
    public Conference find(UUID id) {
        Conference c = em.find(Conference.class, id);
        if (c == null) {
            throw ApiException.notFound("conference", id);
        }
        return c;
    }

    /**
     * The conference's status, its row share-locked until the end of the transaction (a status change waits for it);
     * empty when it was deleted.
     */
    public Optional<ConferenceStatus> lockForShare(UUID id) {
        @SuppressWarnings("unchecked")
        List<String> status = em.createNativeQuery("select status from conference where id = ?1 for share")
                .setParameter(1, id)
                .getResultList();
        return status.stream().findFirst().map(ConferenceStatus::valueOf);
    }

    /** The conference row, locked until the end of the transaction: every change to a conference goes through it. */
    public Conference lock(UUID id) {
        Conference c = em.find(Conference.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw ApiException.notFound("conference", id);
        }
        return c;
    }

    private static void checkWindow(OffsetDateTime startsAt, OffsetDateTime endsAt) {
        List<FieldError> errors = new ArrayList<>();
        if (!endsAt.isAfter(startsAt)) {
            errors.add(new FieldError("endsAt", "must be after startsAt"));
        } else if (Duration.between(startsAt, endsAt).compareTo(MAX_LENGTH) > 0) {
            errors.add(new FieldError("endsAt", "must be at most 31 days after startsAt"));
        }
        if (startsAt.getYear() < 2000 || startsAt.getYear() > 2200) {
            errors.add(new FieldError("startsAt", "must be between the years 2000 and 2200"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
    }

    private static void apply(Conference c, ConferenceRequest request) {
        c.title = request.title().strip();
        c.description = request.description();
        c.startsAt = request.startsAt().toInstant();
        c.endsAt = request.endsAt().toInstant();
        c.timeZone = TimeZones.orDefault(request.timeZone());
        c.chairName = request.chair() == null ? null : request.chair().name();
        c.chairTitle = request.chair() == null ? null : request.chair().title();
    }
}
