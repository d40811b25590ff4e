package bridgepoint.award;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.Search;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ParticipationService;
import bridgepoint.live.EventLog;
import bridgepoint.live.EventTypes;
import bridgepoint.live.LiveSnapshots;
import bridgepoint.security.Caller;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The awards roll of a conference. Organizers add and remove entries (while the conference can still change);
 * organizers, hosts of participating sites and the conference's delegates read it. Every change is an event of the
 * conference's stream ({@code award.added}, {@code award.removed}, {@code awards.imported}) in the same transaction,
 * carrying the new counts; the live state carries the whole roll.
 */
@ApplicationScoped
public class AwardService implements LiveSnapshots.AwardsPart {

    private static final String ORDER =
            " order by case when a.recipientType = bridgepoint.award.RecipientType.COLLECTIVE"
                    + " then 0 else 1 end, a.number";

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
    EventLog log;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Transactional
    public AwardResponse create(UUID conferenceId, AwardRequest request) {
        Conference c = editable(conferenceId);
        if (request.siteId() != null && !participations.takesPart(conferenceId, request.siteId())) {
            throw ApiException.badRequest(
                    "siteId", "site " + request.siteId() + " does not take part in this conference");
        }
        Award a = newAward(conferenceId, request, caller.name(), clock.instant());
        a.persist();
        em.flush();
        AwardResponse added = AwardResponse.of(a, c.timeZone);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("award", added);
        putCounts(data, conferenceId);
        log.append(conferenceId, EventTypes.AWARD_ADDED, data);
        audit.record("award.added", conferenceId, "award", a.id, null, added);
        return added;
    }

    @Transactional
    public Page<AwardResponse> list(UUID conferenceId, RecipientType type, UUID siteId, String q, PageRequest page) {
        Conference c = access.readable(conferenceId);
        List<String> where = new ArrayList<>();
        Parameters params = Parameters.with("conference", conferenceId);
        where.add("a.conferenceId = :conference");
        if (type != null) {
            where.add("a.recipientType = :type");
            params.and("type", type);
        }
        if (siteId != null) {
            where.add("a.siteId = :site");
            params.and("site", siteId);
        }
        List<String> patterns = Search.patterns(q);
        if (!patterns.isEmpty()) {
            where.add(Search.condition("a.searchText", patterns.size()));
            for (int i = 0; i < patterns.size(); i++) {
                params.and("q" + i, patterns.get(i));
            }
        }
        var query = Award.<Award>find("from Award a where " + String.join(" and ", where) + ORDER, params)
                .page(page.page(), page.size());
        return new Page<>(
                query.list().stream().map(a -> AwardResponse.of(a, c.timeZone)).toList(),
                query.count(),
                page.page(),
                page.size());
    }

    @Transactional
    public AwardResponse get(UUID conferenceId, UUID awardId) {
        Conference c = access.readable(conferenceId);
        return AwardResponse.of(find(conferenceId, awardId), c.timeZone);
    }

    @Transactional
    public void delete(UUID conferenceId, UUID awardId) {
        Conference c = editable(conferenceId);
        Award a = find(conferenceId, awardId);
        AwardResponse before = AwardResponse.of(a, c.timeZone);
        a.delete();
        em.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("awardId", awardId);
        putCounts(data, conferenceId);
        log.append(conferenceId, EventTypes.AWARD_REMOVED, data);
        audit.record("award.removed", conferenceId, "award", awardId, before, null);
    }

    /** The whole roll, for whoever may read the conference. */
    @Transactional
    public AwardRoll roll(UUID conferenceId) {
        access.readable(conferenceId);
        return of(conferenceId);
    }

    /** The whole roll (no access check: for the live state, whose readers were checked already). */
    @Override
    @Transactional
    public AwardRoll of(UUID conferenceId) {
        String zone = conferences.find(conferenceId).timeZone;
        List<AwardResponse> items =
                Award.<Award>find("from Award a where a.conferenceId = ?1" + ORDER, conferenceId).list().stream()
                        .map(a -> AwardResponse.of(a, zone))
                        .toList();
        long collectives = items.stream()
                .filter(a -> a.recipientType() == RecipientType.COLLECTIVE)
                .count();
        return new AwardRoll(collectives, items.size() - collectives, items);
    }

    /**
     * Inserts checked import rows with one {@code awards.imported} event, in the caller's transaction; the conference
     * is locked and must still be editable (409 otherwise, and nothing is inserted).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<AwardResponse> insertImported(UUID conferenceId, UUID jobId, List<AwardRequest> rows, String by) {
        Conference c = editable(conferenceId);
        Instant now = clock.instant();
        List<AwardResponse> added = new ArrayList<>();
        for (AwardRequest row : rows) {
            Award a = newAward(conferenceId, row, by, now);
            a.persist();
            added.add(AwardResponse.of(a, c.timeZone));
        }
        em.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", jobId);
        data.put("created", added.size());
        data.put("awards", added);
        putCounts(data, conferenceId);
        log.append(conferenceId, EventTypes.AWARDS_IMPORTED, data);
        return added;
    }

    private void putCounts(Map<String, Object> data, UUID conferenceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select recipient_type, count(*) from award where conference_id = ?1 group by recipient_type")
                .setParameter(1, conferenceId)
                .getResultList();
        long collectives = 0;
        long individuals = 0;
        for (Object[] r : rows) {
            long n = ((Number) r[1]).longValue();
            if (RecipientType.COLLECTIVE.name().equals(r[0])) {
                collectives = n;
            } else {
                individuals = n;
            }
        }
        data.put("collectives", collectives);
        data.put("individuals", individuals);
    }

    private static Award newAward(UUID conferenceId, AwardRequest request, String by, Instant at) {
        Award a = new Award();
        a.id = UUID.randomUUID();
        a.conferenceId = conferenceId;
        a.recipientType = request.recipientType();
        a.name = request.name().strip();
        a.unit = request.unit() == null || request.unit().isBlank()
                ? null
                : request.unit().strip();
        a.award = request.award().strip();
        a.siteId = request.siteId();
        a.createdBy = by;
        a.createdAt = at;
        return a;
    }

    private Award find(UUID conferenceId, UUID awardId) {
        Award a = em.find(Award.class, awardId);
        if (a == null || !a.conferenceId.equals(conferenceId)) {
            throw ApiException.notFound("award", awardId);
        }
        return a;
    }

    private Conference editable(UUID conferenceId) {
        Conference c = conferences.lock(conferenceId);
        if (!c.status.editable()) {
            throw ApiException.conflict(
                    "conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
        return c;
    }
}
