package bridgepoint.attendance;

import bridgepoint.common.AfterCommit;
import bridgepoint.common.DaemonThreads;
import bridgepoint.common.DelegatesChanged;
import bridgepoint.live.EventLog;
import bridgepoint.live.EventTypes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code attendance.updated} events. Check-ins and head-count reports do not write the event themselves (that
 * would make every check-in of a conference wait for the previous one's commit on the stream row): after
 * they commit, a roll-up is scheduled for the conference, at most one per {@code bridgepoint.attendance.coalesce}
 * (300 ms). The roll-up locks the stream first and reads the numbers after, so the event with the highest seq
 * always carries numbers at least as new as any before it, and a change committed after that read schedules
 * another: the last event has the exact current numbers. A roll-up whose numbers are those of the last event
 * (a change that left them as they were, or one already read by the previous roll-up) writes nothing.
 */
@ApplicationScoped
public class AttendanceUpdates {

    private static final Logger LOG = Logger.getLogger(AttendanceUpdates.class);

    @Inject
    AttendanceConfig config;

    @Inject
    AfterCommit afterCommit;

    @Inject
    EventLog log;

    @Inject
    AttendanceService attendance;

    @Inject
    EntityManager em;

    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("attendance-updates"));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdown();
        }
    }

    /**
     * Delegates added, moved or removed change the {@code registered} counts. One change is announced in its own
     * transaction (a delegate is added now and then, and its request answers once the event is stored); an import's
     * batches like check-ins, coalesced after they commit.
     */
    void delegatesChanged(@Observes DelegatesChanged change) {
        if (change.batch()) {
            changed(change.conferenceId());
        } else {
            emit(change.conferenceId());
        }
    }

    /** After a change to attendance: once committed, if it is part of a transaction; now, if it was a lone statement. */
    void changed(UUID conferenceId) {
        afterCommit.run(() -> schedule(conferenceId));
    }

    private void schedule(UUID conferenceId) {
        if (scheduled.add(conferenceId)) {
            timer.schedule(
                    () -> {
                        scheduled.remove(conferenceId); // changes from now on schedule the next round
                        try {
                            emit(conferenceId);
                        } catch (RuntimeException e) {
                            LOG.warnf(
                                    "Cannot publish the attendance of conference %s (will retry): %s",
                                    conferenceId, e.getMessage());
                            timer.schedule(() -> schedule(conferenceId), 1, TimeUnit.SECONDS);
                        }
                    },
                    config.coalesce().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Transactional
    void emit(UUID conferenceId) {
        String status = (String) em.createNativeQuery("select status from conference where id = ?1")
                .setParameter(1, conferenceId)
                .getResultStream()
                .findFirst()
                .orElse(null);
        if (status == null || status.equals("DRAFT") || status.equals("CANCELLED")) {
            return; // nobody follows a draft live; a deleted conference has no stream
        }
        log.lock(conferenceId);
        log.appendUnlessRepeated(conferenceId, EventTypes.ATTENDANCE_UPDATED, attendance.numbers(conferenceId));
    }
}
