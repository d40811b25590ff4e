package bridgepoint.live;

import bridgepoint.common.DaemonThreads;
import bridgepoint.conference.ParticipationService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which bridge points are connected: a site host's client sends {@code {"type":"heartbeat","siteId"}} at least
 * every 10 s. The first heartbeat of an offline site makes it {@code site.online}; a site with no heartbeat for
 * {@code bridgepoint.live.offline-after} (30 s) goes {@code site.offline}. The state is in the database, so it
 * is the same whichever instance the host's client is connected to, and any instance's sweep may end it.
 */
@ApplicationScoped
public class SitePresence {

    private static final Logger LOG = Logger.getLogger(SitePresence.class);
    /** A site known to be online has its heartbeat written at most this often. */
    private static final Duration WRITE_EVERY = Duration.ofSeconds(5);

    @Inject
    LiveConfig config;

    @Inject
    EntityManager em;

    @Inject
    EventLog log;

    @Inject
    ParticipationService participations;

    @Inject
    Clock clock;

    private final Map<String, Instant> written = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("site-presence"));
        long every = config.presenceSweep().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** A heartbeat of a site host's client for a site it hosts (checked by the caller). False: not a participating site. */
    public boolean heartbeat(UUID conferenceId, UUID siteId) {
        Instant now = clock.instant();
        String key = conferenceId + "/" + siteId;
        Instant last = written.get(key);
        if (last != null && !now.isBefore(last) && Duration.between(last, now).compareTo(WRITE_EVERY) < 0) {
            return true;
        }
        if (!record(conferenceId, siteId, now)) {
            return false;
        }
        written.put(key, now);
        return true;
    }

    @Transactional
    boolean record(UUID conferenceId, UUID siteId, Instant now) {
        if (!participations.takesPart(conferenceId, siteId)) {
            return false;
        }
        int inserted = em.createNativeQuery("""
                        insert into site_presence (conference_id, site_id, online, last_heartbeat) values (?1, ?2, true, ?3)
                        on conflict (conference_id, site_id) do nothing""")
                .setParameter(1, conferenceId)
                .setParameter(2, siteId)
                .setParameter(3, now)
                .executeUpdate();
        boolean cameOnline = inserted == 1;
        if (!cameOnline) {
            Boolean online = (Boolean) em.createNativeQuery(
                            "select online from site_presence where conference_id = ?1 and site_id = ?2 for update")
                    .setParameter(1, conferenceId)
                    .setParameter(2, siteId)
                    .getSingleResult();
            em.createNativeQuery(
                            "update site_presence set online = true, last_heartbeat = greatest(last_heartbeat, ?3) "
                                    + "where conference_id = ?1 and site_id = ?2")
                    .setParameter(1, conferenceId)
                    .setParameter(2, siteId)
                    .setParameter(3, now)
                    .executeUpdate();
            cameOnline = !online;
        }
        if (cameOnline) {
            log.append(conferenceId, EventTypes.SITE_ONLINE, Map.of("siteId", siteId));
        }
        return true;
    }

    /** Sites whose last heartbeat is older than the limit go offline, each in its own transaction. */
    void sweep() {
        try {
            Instant cutoff = clock.instant().minus(config.offlineAfter());
            for (Object[] row : stale(cutoff)) {
                UUID conferenceId = (UUID) row[0];
                UUID siteId = (UUID) row[1];
                if (goOffline(conferenceId, siteId, cutoff)) {
                    written.remove(conferenceId + "/" + siteId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Presence sweep failed (will retry): %s", e.getMessage());
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<Object[]> stale(Instant cutoff) {
        return em.createNativeQuery(
                        "select conference_id, site_id from site_presence where online and last_heartbeat < ?1")
                .setParameter(1, cutoff)
                .getResultList();
    }

    @Transactional
    boolean goOffline(UUID conferenceId, UUID siteId, Instant cutoff) {
        int changed = em.createNativeQuery("""
                        update site_presence set online = false
                        where conference_id = ?1 and site_id = ?2 and online and last_heartbeat < ?3""")
                .setParameter(1, conferenceId)
                .setParameter(2, siteId)
                .setParameter(3, cutoff)
                .executeUpdate();
        if (changed == 1) {
            log.append(conferenceId, EventTypes.SITE_OFFLINE, Map.of("siteId", siteId));
            return true;
        }
        return false;
    }
}
