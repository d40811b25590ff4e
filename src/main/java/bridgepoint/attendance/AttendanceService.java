package bridgepoint.attendance;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.TimeZones;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ConferenceStatus;
import bridgepoint.conference.ParticipationService;
import bridgepoint.live.LiveSnapshots;
import bridgepoint.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Head counts and the attendance roll-up. Numbers are computed by PostgreSQL from the check-ins and reports
 * as they are, never kept as counters: a delegate counts once, at the site of its current check-in.
 */
@ApplicationScoped
public class AttendanceService implements LiveSnapshots.AttendancePart {

    @Schema(name = "SiteAttendance")
    public record SiteNumbers(
            UUID siteId,
            String name,
            @Schema(enumeration = {"HOST", "REMOTE"}) String role,
            long registered,
            long checkedIn,
            @Schema(nullable = true) Integer reportedPresent,
            @Schema(nullable = true) OffsetDateTime reportedAt,
            boolean online) {}

    @Schema(
            name = "AttendanceTotals",
            description = "Each person once: `checkedIn` counts current check-ins; "
                    + "`reportedPresent` sums the latest report of each site that reported (null before any report).")
    public record Totals(
            long registered,
            long checkedIn,
            @Schema(nullable = true) Long reportedPresent,
            int sites,
            int sitesReported,
            int sitesOnline) {}

    @Schema(name = "AttendanceNumbers")
    public record Numbers(List<SiteNumbers> sites, Totals totals) {}

    @Schema(
            name = "AttendanceAnomaly",
            description = "`CHECKED_IN_AT_OTHER_SITE`: a delegate is checked in at a site "
                    + "other than the one assigned; `HEAD_COUNT_BELOW_CHECKED_IN`: a site reported fewer people present than "
                    + "are checked in there.")
    public record Anomaly(
            @Schema(enumeration = {"CHECKED_IN_AT_OTHER_SITE", "HEAD_COUNT_BELOW_CHECKED_IN"})
            String type,

            @Schema(nullable = true) UUID siteId,
            @Schema(nullable = true) UUID delegateId,
            @Schema(nullable = true) String delegateName,
            @Schema(nullable = true) UUID assignedSiteId,
            @Schema(nullable = true) Long checkedIn,
            @Schema(nullable = true) Integer reportedPresent) {}

    @Schema(name = "Attendance")
    public record RollUp(UUID conferenceId, List<SiteNumbers> sites, Totals totals, List<Anomaly> anomalies) {}

    @Schema(name = "AttendanceReport")
    public record Report(
            UUID id,
            UUID siteId,
            int present,
            @Schema(nullable = true) String note,
            String reportedBy,
            OffsetDateTime reportedAt) {}

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
    AttendanceUpdates updates;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    /** A host site reports how many people are in its room; every report is kept, the latest counts. */
    @Transactional
    public Report report(UUID conferenceId, UUID siteId, int present, String note) {
        Conference c = siteOfCaller(conferenceId, siteId, "you can report the attendance of your own sites only");
        if (c.status != ConferenceStatus.SCHEDULED
                && c.status != ConferenceStatus.LIVE
                && c.status != ConferenceStatus.ENDED) {
            throw ApiException.conflict(
                            "conference-closed",
                            "attendance is reported for SCHEDULED, LIVE or ENDED conferences; " + "this one is "
                                    + c.status)
                    .with("currentStatus", c.status);
        }
        requireParticipation(conferenceId, siteId);
        Report report = new Report(
                UUID.randomUUID(), siteId, present, note, caller.name(), TimeZones.at(clock.instant(), c.timeZone));
        em.createNativeQuery("""
                        insert into attendance_report (id, conference_id, site_id, present, note, reported_by, reported_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, report.id())
                .setParameter(2, conferenceId)
                .setParameter(3, siteId)
                .setParameter(4, present)
                .setParameter(5, note)
                .setParameter(6, report.reportedBy())
                .setParameter(7, report.reportedAt().toInstant())
                .executeUpdate();
        updates.changed(conferenceId);
        audit.record("headcount.reported", conferenceId, "attendanceReport", report.id(), null, report);
        return report;
    }

    /** A site's head-count reports, newest first: organizers, and the hosts of that site. */
    @Transactional
    public Page<Report> reports(UUID conferenceId, UUID siteId, PageRequest page) {
        Conference c = siteOfCaller(conferenceId, siteId, "you can read the head counts of your own sites only");
        requireParticipation(conferenceId, siteId);
        long total = ((Number) em.createNativeQuery(
                                "select count(*) from attendance_report where conference_id = ?1 and site_id = ?2")
                        .setParameter(1, conferenceId)
                        .setParameter(2, siteId)
                        .getSingleResult())
                .longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, present, note, reported_by, reported_at from attendance_report
                        where conference_id = ?1 and site_id = ?2
                        order by reported_at desc, id limit ?3 offset ?4""")
                .setParameter(1, conferenceId)
                .setParameter(2, siteId)
                .setParameter(3, page.size())
                .setParameter(4, page.offset())
                .getResultList();
        List<Report> items = new ArrayList<>();
        for (Object[] r : rows) {
            items.add(new Report(
                    (UUID) r[0],
                    siteId,
                    ((Number) r[1]).intValue(),
                    (String) r[2],
                    (String) r[3],
                    TimeZones.at(toInstant(r[4]), c.timeZone)));
        }
        return new Page<>(items, total, page.page(), page.size());
    }

    /** The conference (404 if there is none), for an organizer or the host of {@code siteId} (403 otherwise). */
    private Conference siteOfCaller(UUID conferenceId, UUID siteId, String refusal) {
        Conference c = conferences.find(conferenceId);
        if (!caller.isOrganizer() && !caller.hostsSite(siteId)) {
            throw ApiException.forbidden(refusal);
        }
        return c;
    }

    private void requireParticipation(UUID conferenceId, UUID siteId) {
        if (!participations.takesPart(conferenceId, siteId)) {
            throw ApiException.notFound("participation of site", siteId);
        }
    }

    /** The roll-up with its anomalies. Site hosts see the anomalies of their own sites only. */
    @Transactional
    public RollUp rollUp(UUID conferenceId) {
        access.readable(conferenceId);
        if (caller.isDelegate()) {
            throw ApiException.forbidden("delegates follow attendance through GET .../live");
        }
        Numbers numbers = numbers(conferenceId);
        List<Anomaly> anomalies = new ArrayList<>();
        Set<UUID> visible = caller.isOrganizer() ? null : caller.hostedSites();
        @SuppressWarnings("unchecked")
        List<Object[]> elsewhere =
                em.createNativeQuery("""
                        select ci.site_id, d.id, d.full_name, d.site_id
                        from checkin ci join delegate d on d.id = ci.delegate_id
                        where ci.conference_id = ?1 and ci.current and ci.site_id <> d.site_id
                        order by d.full_name, d.id limit 1000""").setParameter(1, conferenceId).getResultList();
        for (Object[] r : elsewhere) {
            UUID site = (UUID) r[0];
            if (visible == null || visible.contains(site) || visible.contains((UUID) r[3])) {
                anomalies.add(new Anomaly(
                        "CHECKED_IN_AT_OTHER_SITE", site, (UUID) r[1], (String) r[2], (UUID) r[3], null, null));
            }
        }
        for (SiteNumbers site : numbers.sites()) {
            if (site.reportedPresent() != null
                    && site.reportedPresent() < site.checkedIn()
                    && (visible == null || visible.contains(site.siteId()))) {
                anomalies.add(new Anomaly(
                        "HEAD_COUNT_BELOW_CHECKED_IN",
                        site.siteId(),
                        null,
                        null,
                        null,
                        site.checkedIn(),
                        site.reportedPresent()));
            }
        }
        return new RollUp(conferenceId, numbers.sites(), numbers.totals(), anomalies);
    }

    @Override
    public Object of(UUID conferenceId) {
        return numbers(conferenceId);
    }

    /** Per site and in total: registered, checked in, reported present, presence. */
    @Transactional
    public Numbers numbers(UUID conferenceId) {
        String zone = (String) em.createNativeQuery("select time_zone from conference where id = ?1")
                .setParameter(1, conferenceId)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery("""
                        select cs.site_id, s.name, cs.role,
                               (select count(*) from delegate d where d.conference_id = cs.conference_id and d.site_id = cs.site_id),
                               (select count(*) from checkin ci
                                 where ci.conference_id = cs.conference_id and ci.site_id = cs.site_id and ci.current),
                               r.present, r.reported_at, coalesce(p.online, false)
                        from conference_site cs
                        join site s on s.id = cs.site_id
                        left join lateral (select present, reported_at from attendance_report ar
                                           where ar.conference_id = cs.conference_id and ar.site_id = cs.site_id
                                           order by reported_at desc, id limit 1) r on true
                        left join site_presence p on p.conference_id = cs.conference_id and p.site_id = cs.site_id
                        where cs.conference_id = ?1
                        order by case when cs.role = 'HOST' then 0 else 1 end, cs.added_at, s.name""").setParameter(1, conferenceId).getResultList();
        List<SiteNumbers> sites = new ArrayList<>();
        long registered = 0;
        long checkedIn = 0;
        long present = 0;
        int reported = 0;
        int online = 0;
        for (Object[] r : rows) {
            Integer reportedPresent = r[5] == null ? null : ((Number) r[5]).intValue();
            Instant reportedAt = r[6] == null ? null : toInstant(r[6]);
            SiteNumbers site = new SiteNumbers(
                    (UUID) r[0],
                    (String) r[1],
                    (String) r[2],
                    ((Number) r[3]).longValue(),
                    ((Number) r[4]).longValue(),
                    reportedPresent,
                    TimeZones.at(reportedAt, zone),
                    (Boolean) r[7]);
            sites.add(site);
            registered += site.registered();
            checkedIn += site.checkedIn();
            if (reportedPresent != null) {
                present += reportedPresent;
                reported++;
            }
            if (site.online()) {
                online++;
            }
        }
        return new Numbers(
                sites,
                new Totals(registered, checkedIn, reported == 0 ? null : present, sites.size(), reported, online));
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected time " + value);
    }
}
