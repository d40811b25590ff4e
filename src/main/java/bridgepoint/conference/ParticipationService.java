package bridgepoint.conference;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.Versions;
import bridgepoint.security.Caller;
import bridgepoint.site.Site;
import bridgepoint.site.SiteService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The sites taking part in a conference (bridge points) and their roles. */
@ApplicationScoped
public class ParticipationService {

    @Inject
    Caller caller;

    /** Result of a PUT: the participation and whether it was created by it. */
    public record Saved(ConferenceSite participation, Site site, boolean created) {}

    /** A site no longer takes part in the conference: fired synchronously in the transaction that removes it. */
    public record SiteLeft(UUID conferenceId, UUID siteId) {}

    @Inject
    Event<SiteLeft> siteLeft;

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    ConferenceService conferences;

    @Inject
    ConferenceAccess access;

    @Inject
    SiteOccupancy occupancy;

    @Inject
    SiteService sites;

    @Inject
    Clock clock;

    @Transactional
    public Saved put(UUID conferenceId, UUID siteId, ParticipationRequest request, String ifMatch) {
        Conference c = conferences.lock(conferenceId);
        if (!c.status.editable()) {
            throw ApiException.conflict(
                    "conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
        // Locked before it is read: a site deleted meanwhile is then not found, rather than a broken reference.
        occupancy.lockSites(List.of(siteId));
        Site site = sites.get(siteId);
        ConferenceSite existing = em.find(ConferenceSite.class, new ConferenceSite.Key(conferenceId, siteId));
        if (existing != null) {
            Versions.checkIfMatch(ifMatch, existing.version);
        } else if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
            throw ApiException.preconditionFailed("site " + siteId + " does not take part in this conference yet");
        }
        if (request.role() == SiteRole.HOST) {
            ConferenceSite.<ConferenceSite>find(
                            "conferenceId = ?1 and role = ?2 and siteId <> ?3", conferenceId, SiteRole.HOST, siteId)
                    .firstResultOptional()
                    .ifPresent(host -> {
                        Site other = sites.get(host.siteId);
                        throw ApiException.conflict(
                                        "host-exists",
                                        "site '" + other.name
                                                + "' is already the HOST of this conference; make it REMOTE first")
                                .with("hostSiteId", host.siteId);
                    });
        } else if (existing != null && existing.role == SiteRole.HOST && c.status != ConferenceStatus.DRAFT) {
            throw ApiException.conflict("host-site-required", "a " + c.status + " conference must keep its HOST site");
        }
        if (existing == null) {
            occupancy.checkFree(siteId, conferenceId, c.startsAt, c.endsAt);
        }
        ParticipationResponse before = existing == null ? null : response(existing, site);
        ConferenceSite p = existing != null ? existing : new ConferenceSite();
        p.role = request.role();
        p.chairs = request.chairs() == null ? new ArrayList<>() : new ArrayList<>(request.chairs());
        p.streamUrl = request.streamUrl();
        if (existing == null) {
            p.conferenceId = conferenceId;
            p.siteId = siteId;
            p.addedAt = clock.instant();
            p.persist();
        }
        em.flush();
        audit.record(
                existing == null ? "participation.added" : "participation.updated",
                conferenceId,
                "participation",
                siteId,
                before,
                response(p, site));
        return new Saved(p, site, existing == null);
    }

    @Transactional
    public List<ParticipationResponse> list(UUID conferenceId) {
        access.readable(conferenceId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createQuery("""
                        select cs, s from ConferenceSite cs, Site s where s.id = cs.siteId and cs.conferenceId = :c
                        order by case when cs.role = bridgepoint.conference.SiteRole.HOST then 0 else 1 end, cs.addedAt, s.name""").setParameter("c", conferenceId).getResultList();
        return rows.stream()
                .map(r -> response((ConferenceSite) r[0], (Site) r[1]))
                .map(this::forCaller)
                .toList();
    }

    @Transactional
    public void remove(UUID conferenceId, UUID siteId, String ifMatch) {
        Conference c = conferences.lock(conferenceId);
        if (!c.status.editable()) {
            throw ApiException.conflict(
                    "conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
        ConferenceSite p = em.find(ConferenceSite.class, new ConferenceSite.Key(conferenceId, siteId));
        if (p == null) {
            throw ApiException.notFound("participation of site", siteId);
        }
        Versions.checkIfMatch(ifMatch, p.version);
        if (p.role == SiteRole.HOST && c.status != ConferenceStatus.DRAFT) {
            throw ApiException.conflict("host-site-required", "a " + c.status + " conference must keep its HOST site");
        }
        if (siteId.equals(c.floorSiteId)) {
            throw ApiException.conflict("site-has-floor", "this site has the floor; hand it over first");
        }
        long delegates =
                count("select count(*) from delegate where conference_id = ?1 and site_id = ?2", conferenceId, siteId);
        if (delegates > 0) {
            throw ApiException.conflict(
                    "site-has-delegates",
                    delegates + " delegate(s) are assigned to this site; " + "move or remove them first");
        }
        long items = count(
                "select count(*) from agenda_item where conference_id = ?1 and site_id = ?2", conferenceId, siteId);
        if (items > 0) {
            throw ApiException.conflict(
                    "site-in-agenda", items + " agenda item(s) are given from this site; change them first");
        }
        // Locked against check-ins (their reference to the participation takes a key-share lock): one that is
        // being written is counted below once it commits, and later ones wait and find the site gone.
        em.createNativeQuery("select 1 from conference_site where conference_id = ?1 and site_id = ?2 for update")
                .setParameter(1, conferenceId)
                .setParameter(2, siteId)
                .getResultList();
        long attendance = count(
                "select (select count(*) from checkin where conference_id = ?1 and site_id = ?2)"
                        + " + (select count(*) from attendance_report where conference_id = ?1 and site_id = ?2)",
                conferenceId,
                siteId);
        if (attendance > 0) {
            throw ApiException.conflict(
                    "site-has-attendance", "attendance has been recorded at this site; it stays in the conference");
        }
        ParticipationResponse before = response(p, sites.get(siteId));
        p.delete();
        em.flush();
        audit.record("participation.removed", conferenceId, "participation", siteId, before, null);
        siteLeft.fire(new SiteLeft(conferenceId, siteId));
    }

    /** The conference's HOST site, if it has one yet. */
    public Optional<UUID> hostSiteId(UUID conferenceId) {
        return ConferenceSite.<ConferenceSite>find("conferenceId = ?1 and role = ?2", conferenceId, SiteRole.HOST)
                .firstResultOptional()
                .map(p -> p.siteId);
    }

    /** Whether the site takes part in the conference. */
    public boolean takesPart(UUID conferenceId, UUID siteId) {
        return siteId != null && em.find(ConferenceSite.class, new ConferenceSite.Key(conferenceId, siteId)) != null;
    }

    /**
     * A site's stream URL is for organizers and that site's hosts only: RTMP/SRT ingest URLs usually carry the
     * stream's key.
     */
    private ParticipationResponse forCaller(ParticipationResponse p) {
        if (p.streamUrl() == null || caller.isOrganizer() || caller.hostsSite(p.siteId())) {
            return p;
        }
        return new ParticipationResponse(
                p.conferenceId(), p.siteId(), p.name(), p.city(), p.role(), p.chairs(), null, p.version());
    }

    /** Of these sites, those that take part in the conference. */
    @Transactional
    public Set<UUID> takingPart(UUID conferenceId, Collection<UUID> siteIds) {
        if (siteIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(em.createQuery(
                        "select cs.siteId from ConferenceSite cs where cs.conferenceId = ?1 and cs.siteId in ?2",
                        UUID.class)
                .setParameter(1, conferenceId)
                .setParameter(2, siteIds)
                .getResultList());
    }

    public static ParticipationResponse response(ConferenceSite p, Site s) {
        return new ParticipationResponse(
                p.conferenceId, p.siteId, s.name, s.city, p.role, List.copyOf(p.chairs), p.streamUrl, p.version);
    }

    private long count(String sql, UUID conferenceId, UUID siteId) {
        return ((Number) em.createNativeQuery(sql)
                        .setParameter(1, conferenceId)
                        .setParameter(2, siteId)
                        .getSingleResult())
                .longValue();
    }
}
