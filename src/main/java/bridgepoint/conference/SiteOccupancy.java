package bridgepoint.conference;

import bridgepoint.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The rule that a site takes part in at most one conference at a time. Conferences that are
 * {@code ENDED} or {@code CANCELLED} no longer hold their sites. Callers lock the sites first
 * ({@link #lockSites}), so that two requests cannot book one site twice.
 */
@ApplicationScoped
public class SiteOccupancy {

    @Inject
    EntityManager em;

    /** Locks the site rows in id order (no deadlocks between requests locking several). */
    public void lockSites(Collection<UUID> siteIds) {
        if (siteIds.isEmpty()) {
            return;
        }
        em.createNativeQuery("select id from site where id = any(?1) order by id for update")
                .setParameter(1, siteIds.toArray(new UUID[0]))
                .getResultList();
    }

    /** 409 naming the other conference when {@code siteId} is already busy during [startsAt, endsAt). */
    public void checkFree(UUID siteId, UUID conferenceId, Instant startsAt, Instant endsAt) {
        @SuppressWarnings("unchecked")
        List<Object[]> clashes = em.createNativeQuery("""
                        select c.id, c.title, c.starts_at, c.ends_at, s.name
                        from conference_site cs
                        join conference c on c.id = cs.conference_id
                        join site s on s.id = cs.site_id
                        where cs.site_id = ?1 and c.id <> ?2
                          and c.status not in ('ENDED', 'CANCELLED')
                          and c.starts_at < ?4 and c.ends_at > ?3
                        order by c.starts_at
                        limit 1""")
                .setParameter(1, siteId)
                .setParameter(2, conferenceId)
                .setParameter(3, startsAt)
                .setParameter(4, endsAt)
                .getResultList();
        if (!clashes.isEmpty()) {
            Object[] other = clashes.get(0);
            throw ApiException.conflict(
                            "site-busy",
                            "site '" + other[4] + "' already takes part in conference '" + other[1] + "' (" + other[0]
                                    + "), which overlaps this one")
                    .with("conflictingConferenceId", other[0])
                    .with("conflictingConferenceTitle", other[1]);
        }
    }
}
