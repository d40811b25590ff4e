package bridgepoint.attendance;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Checking delegates in. A delegate is checked in at one site at a time: checking in again at the same site
 * changes nothing (the existing check-in is returned), at another site moves the delegate (the new check-in
 * names the site it moved from; the old one stays as history). The delegate's row is locked for the
 * transaction, so concurrent check-ins of one delegate apply one after the other; the unique index on the
 * current check-in makes a second one impossible anyway.
 *
 * <p>This is the hot path of a conference's opening minutes (thousands of check-ins a minute), hence plain
 * JDBC: one statement locks the delegate, one reads everything the rules need, one writes. The read must come
 * after the lock, in a statement of its own: a statement that waited for the lock still sees the data as of its
 * start (read committed), i.e. without the check-in that the request holding the lock has just committed.
 */
@ApplicationScoped
public class CheckInService {

    public enum Method {
        ORGANIZER,
        SITE_HOST,
        SELF,
        OFFLINE
    }

    /** A check-in as stored, with the delegate's assigned site. */
    public record CheckIn(
            UUID id,
            UUID conferenceId,
            UUID delegateId,
            UUID siteId,
            UUID assignedSiteId,
            Instant at,
            Instant recordedAt,
            Method method,
            String recordedBy,
            UUID movedFromSiteId,
            boolean current) {}

    /** What a check-in did: {@code created} false when the delegate was already checked in there. */
    public record Outcome(CheckIn checkIn, boolean created) {}

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Inject
    Audit audit;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AttendanceUpdates updates;

    @Inject
    AttendanceMetrics metrics;

    @Inject
    Clock clock;

    /**
     * Checks a delegate in at {@code siteId} (null: the delegate's assigned site) at time {@code at} (null: now).
     * {@code allowEnded}: offline entries may arrive after the conference has ended. Refusals are thrown before
     * anything is written, so a caller (the offline batch) may record them and go on in the same transaction.
     *
     * <p>A delegate's first check-in (most of them, in a conference's opening minutes) is one statement: an insert
     * that the unique index on the current check-in refuses if the delegate is already checked in, and that
     * selects nothing if a rule is broken. Everything else (repeats, moves, refusals, and check-ins inside a
     * caller's transaction) takes the locked path.
     *
     * <p>The insert key-share locks the delegate before it writes anything. Its foreign key would take that lock
     * anyway, but only after the row is in the index of current check-ins: a locked check-in of the same delegate
     * (holding the delegate, writing its own current check-in) would then wait for that index entry while the insert
     * waits for the delegate, and PostgreSQL would fail one of them as a deadlock.
     */
    public Outcome checkIn(
            UUID conferenceId, UUID delegateId, UUID siteId, Instant at, Method method, String by, boolean allowEnded) {
        Outcome first = firstCheckIn(conferenceId, delegateId, siteId, at, method, by, allowEnded);
        Outcome outcome =
                first != null ? first : checkInLocked(conferenceId, delegateId, siteId, at, method, by, allowEnded);
        metrics.checkedIn(method, outcome.created());
        return outcome;
    }

    /** The statement of a first check-in, with its audit entry, in a transaction of their own. */
    private Outcome firstCheckIn(
            UUID conferenceId, UUID delegateId, UUID siteId, Instant at, Method method, String by, boolean allowEnded) {
        if (QuarkusTransaction.isActive()) {
            return null; // inside a caller's transaction (the offline batch): a failed statement would abort it
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    Outcome first = firstCheckIn(c, conferenceId, delegateId, siteId, at, method, by, allowEnded);
                    if (first != null) {
                        audited(first.checkIn());
                    }
                    return first;
                } catch (SQLException e) {
                    if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                        // the delegate (or its site's participation) was removed while the statement ran: the
                        // locked path tells the caller what is gone
                        throw new LockedPathNeeded();
                    }
                    throw new IllegalStateException("check-in failed: " + e.getMessage(), e);
                }
            });
        } catch (LockedPathNeeded e) {
            return null;
        }
    }

    /** Rolls the first check-in's transaction back: the locked path decides. */
    private static final class LockedPathNeeded extends RuntimeException {
        LockedPathNeeded() {
            super(null, null, false, false);
        }
    }

    private void audited(CheckIn checkIn) {
        audit.record(
                checkIn.movedFromSiteId() != null ? "checkin.moved" : "checkin.created",
                checkIn.conferenceId(),
                "checkin",
                checkIn.id(),
                null,
                checkIn);
    }

    private Outcome firstCheckIn(
            Connection c,
            UUID conferenceId,
            UUID delegateId,
            UUID siteId,
            Instant at,
            Method method,
            String by,
            boolean allowEnded)
            throws SQLException {
        Instant now = clock.instant();
        Instant when = at != null ? at : now;
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("""
                 with d as (
                     select d.id, d.conference_id, d.site_id as assigned, coalesce(?, d.site_id) as site
                     from delegate d join conference conf on conf.id = d.conference_id
                     where d.id = ? and d.conference_id = ?
                       and (conf.status in ('SCHEDULED', 'LIVE') or (? and conf.status = 'ENDED'))
                     for key share of d),
                 created as (
                     insert into checkin (id, conference_id, delegate_id, site_id, at, recorded_at, method, recorded_by,
                                          moved_from_site_id, current)
                     select ?, d.conference_id, d.id, d.site, ?, ?, ?, ?, null, true from d
                     where exists (select 1 from conference_site cs
                                   where cs.conference_id = d.conference_id and cs.site_id = d.site)
                     on conflict (delegate_id) where current do nothing
                     returning site_id)
                 select created.site_id, d.assigned from created, d""")) {
            ps.setObject(1, siteId);
            ps.setObject(2, delegateId);
            ps.setObject(3, conferenceId);
            ps.setBoolean(4, allowEnded);
            ps.setObject(5, id);
            ps.setTimestamp(6, Timestamp.from(when));
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setString(8, method.name());
            ps.setString(9, by);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                CheckIn created = new CheckIn(
                        id,
                        conferenceId,
                        delegateId,
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        when,
                        now,
                        method,
                        by,
                        null,
                        true);
                updates.changed(conferenceId);
                return new Outcome(created, true);
            }
        }
    }

    /** The delegate is already checked in, or a rule is broken: decided with the delegate locked. */
    @Transactional(dontRollbackOn = ApiException.class)
    Outcome checkInLocked(
            UUID conferenceId, UUID delegateId, UUID siteId, Instant at, Method method, String by, boolean allowEnded) {
        try (Connection c = dataSource.getConnection()) {
            State state = read(c, conferenceId, delegateId, siteId);
            if (state == null) {
                throw ApiException.notFound("delegate", delegateId);
            }
            boolean open = state.status.equals("SCHEDULED")
                    || state.status.equals("LIVE")
                    || (allowEnded && state.status.equals("ENDED"));
            if (!open) {
                throw ApiException.conflict(
                                "conference-closed",
                                "check-ins are taken while the conference is SCHEDULED or LIVE; it is " + state.status)
                        .with("currentStatus", state.status);
            }
            UUID site = siteId != null ? siteId : state.assignedSiteId;
            if (!state.siteTakesPart) {
                throw ApiException.badRequest("siteId", "site " + site + " does not take part in this conference");
            }
            CheckIn current = state.current;
            if (current != null && current.siteId().equals(site)) {
                return new Outcome(current, false);
            }
            Instant now = clock.instant();
            Instant when = at != null ? at : now;
            // an entry older than the current check-in (offline) is history: it does not move the delegate
            boolean moves = current == null || !when.isBefore(current.at());
            CheckIn created = new CheckIn(
                    UUID.randomUUID(),
                    conferenceId,
                    delegateId,
                    site,
                    state.assignedSiteId,
                    when,
                    now,
                    method,
                    by,
                    moves && current != null ? current.siteId() : null,
                    moves);
            if (current != null && moves) {
                try (PreparedStatement ps = c.prepareStatement("update checkin set current = false where id = ?")) {
                    ps.setObject(1, current.id());
                    ps.executeUpdate();
                }
            }
            insert(c, created);
            updates.changed(conferenceId);
            audited(created);
            return new Outcome(created, true);
        } catch (SQLException e) {
            throw new IllegalStateException("check-in failed: " + e.getMessage(), e);
        }
    }

    /** The delegate's current check-in, if any. */
    @Transactional
    public CheckIn current(UUID conferenceId, UUID delegateId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        SELECT_ALL + " where ci.delegate_id = ? and ci.conference_id = ? and ci.current")) {
            ps.setObject(1, delegateId);
            ps.setObject(2, conferenceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? checkIn(rs, 1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SELECT_ALL = """
            select ci.id, ci.conference_id, ci.delegate_id, ci.site_id, d.site_id, ci.at, ci.recorded_at, ci.method,
                   ci.recorded_by, ci.moved_from_site_id, ci.current
            from checkin ci join delegate d on d.id = ci.delegate_id""";

    private record State(UUID assignedSiteId, String status, boolean siteTakesPart, CheckIn current) {}

    /** Locks the delegate; reads its assigned site, the conference's status, the site's participation, its current check-in. */
    private static State read(Connection c, UUID conferenceId, UUID delegateId, UUID siteId) throws SQLException {
        try (PreparedStatement lock =
                c.prepareStatement("select 1 from delegate where id = ? and conference_id = ? for update")) {
            lock.setObject(1, delegateId);
            lock.setObject(2, conferenceId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select ci.id, ci.conference_id, ci.delegate_id, ci.site_id, d.site_id, ci.at, ci.recorded_at, ci.method,
                       ci.recorded_by, ci.moved_from_site_id, ci.current,
                       conf.status,
                       exists (select 1 from conference_site cs
                               where cs.conference_id = d.conference_id and cs.site_id = coalesce(?, d.site_id)
                               for key share) -- so that the participation is not removed before the check-in commits
                from delegate d
                join conference conf on conf.id = d.conference_id
                left join checkin ci on ci.delegate_id = d.id and ci.current
                where d.id = ? and d.conference_id = ?""")) {
            ps.setObject(1, siteId);
            ps.setObject(2, delegateId);
            ps.setObject(3, conferenceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                CheckIn current = rs.getObject(1) == null ? null : checkIn(rs, 1);
                return new State(rs.getObject(5, UUID.class), rs.getString(12), rs.getBoolean(13), current);
            }
        }
    }

    private static void insert(Connection c, CheckIn ci) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into checkin (id, conference_id, delegate_id, site_id, at, recorded_at, method, recorded_by,
                                     moved_from_site_id, current)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, ci.id());
            ps.setObject(2, ci.conferenceId());
            ps.setObject(3, ci.delegateId());
            ps.setObject(4, ci.siteId());
            ps.setTimestamp(5, Timestamp.from(ci.at()));
            ps.setTimestamp(6, Timestamp.from(ci.recordedAt()));
            ps.setString(7, ci.method().name());
            ps.setString(8, ci.recordedBy());
            ps.setObject(9, ci.movedFromSiteId());
            ps.setBoolean(10, ci.current());
            ps.executeUpdate();
        }
    }

    static CheckIn checkIn(ResultSet rs, int first) throws SQLException {
        return new CheckIn(
                rs.getObject(first, UUID.class),
                rs.getObject(first + 1, UUID.class),
                rs.getObject(first + 2, UUID.class),
                rs.getObject(first + 3, UUID.class),
                rs.getObject(first + 4, UUID.class),
                rs.getTimestamp(first + 5).toInstant(),
                rs.getTimestamp(first + 6).toInstant(),
                Method.valueOf(rs.getString(first + 7)),
                rs.getString(first + 8),
                rs.getObject(first + 9, UUID.class),
                rs.getBoolean(first + 10));
    }
}
