package bridgepoint.attendance;

import bridgepoint.common.ApiException;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Check-ins captured by a host site while it was offline, uploaded later. Each entry is applied once per
 * {@code nonce}, in its own transaction, with its original time: a retried upload finds its nonces already
 * processed and changes nothing (an entry that was created answers {@code duplicate}; one that was rejected,
 * {@code rejected} again with the same reason).
 */
@ApplicationScoped
public class OfflineBatchService {

    /** Clocks of offline devices drift; an entry may be this far in the future. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    @Schema(name = "BatchResult")
    public record Result(
            String nonce,

            @Schema(enumeration = {"created", "duplicate", "rejected"})
            String result,

            @Schema(nullable = true, description = "Why it was rejected or a duplicate, in English")
            String reason,

            @Schema(
                    nullable = true,
                    description = "The reason as a code, for a page to say in its own language (null when created, "
                            + "and for entries stored before codes existed)",
                    enumeration = {
                        REASON_NOT_YOUR_SITE,
                        REASON_IN_THE_FUTURE,
                        REASON_OUTSIDE_CONFERENCE,
                        REASON_UPLOADED_TOO_LATE,
                        REASON_ALREADY_CHECKED_IN,
                        REASON_UPLOADED_BEFORE,
                        REASON_DELEGATE_NOT_FOUND,
                        REASON_CONFERENCE_CLOSED,
                        REASON_SITE_NOT_PARTICIPATING,
                        REASON_INVALID
                    })
            String reasonCode,

            @Schema(nullable = true) CheckInView checkIn) {}

    static final String REASON_NOT_YOUR_SITE = "not-your-site";
    static final String REASON_IN_THE_FUTURE = "in-the-future";
    static final String REASON_OUTSIDE_CONFERENCE = "outside-conference-window";
    static final String REASON_UPLOADED_TOO_LATE = "uploaded-too-late";
    static final String REASON_ALREADY_CHECKED_IN = "already-checked-in";
    static final String REASON_UPLOADED_BEFORE = "uploaded-before";
    static final String REASON_DELEGATE_NOT_FOUND = "delegate-not-found";
    static final String REASON_CONFERENCE_CLOSED = "conference-closed";
    static final String REASON_SITE_NOT_PARTICIPATING = "site-not-participating";
    static final String REASON_INVALID = "invalid";

    @Inject
    EntityManager em;

    @Inject
    CheckInService checkIns;

    @Inject
    ConferenceAccess access;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Inject
    AttendanceConfig config;

    public List<Result> apply(UUID conferenceId, List<CheckInResource.BatchEntry> entries) {
        Conference conference = QuarkusTransaction.requiringNew().call(() -> access.readable(conferenceId));
        String zone = conference.timeZone;
        OfflineWindow window = OfflineWindow.of(conference, config);
        String by = caller.name();
        boolean organizer = caller.isOrganizer();
        Set<UUID> hosted = caller.hostedSites();
        List<Result> results = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (CheckInResource.BatchEntry entry : entries) {
            if (!seen.add(entry.nonce())) {
                results.add(new Result(
                        entry.nonce(),
                        "duplicate",
                        "the same nonce appears earlier in this upload",
                        REASON_UPLOADED_BEFORE,
                        null));
                continue;
            }
            results.add(QuarkusTransaction.requiringNew()
                    .call(() -> applyOne(conferenceId, entry, by, organizer, hosted, zone, window)));
        }
        return results;
    }

    private Result applyOne(
            UUID conferenceId,
            CheckInResource.BatchEntry entry,
            String by,
            boolean organizer,
            Set<UUID> hosted,
            String zone,
            OfflineWindow window) {
        Instant now = clock.instant();
        int fresh = em.createNativeQuery("""
                        insert into checkin_batch_entry (conference_id, nonce, delegate_id, site_id, at, result, processed_at)
                        values (?1, ?2, ?3, ?4, ?5, 'rejected', ?6) on conflict (conference_id, nonce) do nothing""")
                .setParameter(1, conferenceId)
                .setParameter(2, entry.nonce())
                .setParameter(3, entry.delegateId())
                .setParameter(4, entry.siteId())
                .setParameter(5, entry.at().toInstant())
                .setParameter(6, now)
                .executeUpdate();
        if (fresh == 0) {
            Object[] stored =
                    (Object[]) em.createNativeQuery("select result, reason, reason_code from checkin_batch_entry "
                                    + "where conference_id = ?1 and nonce = ?2")
                            .setParameter(1, conferenceId)
                            .setParameter(2, entry.nonce())
                            .getSingleResult();
            return "rejected".equals(stored[0])
                    ? new Result(entry.nonce(), "rejected", (String) stored[1], (String) stored[2], null)
                    : new Result(
                            entry.nonce(), "duplicate", "this entry was uploaded before", REASON_UPLOADED_BEFORE, null);
        }
        String result;
        String reason = null;
        String code = null;
        CheckInService.CheckIn checkIn = null;
        if (!organizer && !hosted.contains(entry.siteId())) {
            result = "rejected";
            reason = "site " + entry.siteId() + " is not one of your sites";
            code = REASON_NOT_YOUR_SITE;
        } else if (entry.at().toInstant().isAfter(now.plus(FUTURE_TOLERANCE))) {
            result = "rejected";
            reason = "the check-in time is in the future";
            code = REASON_IN_THE_FUTURE;
        } else if (!window.takes(entry.at().toInstant())) {
            result = "rejected";
            reason = "the check-in time lies outside the conference (" + window.describe() + ")";
            code = REASON_OUTSIDE_CONFERENCE;
        } else if (window.closedAt(now)) {
            result = "rejected";
            reason = "offline check-ins are taken until " + window.uploadsUntil() + ", "
                    + config.offlineUploadDeadline() + " after the conference ended";
            code = REASON_UPLOADED_TOO_LATE;
        } else {
            try {
                CheckInService.Outcome outcome = checkIns.checkIn(
                        conferenceId,
                        entry.delegateId(),
                        entry.siteId(),
                        entry.at().toInstant(),
                        CheckInService.Method.OFFLINE,
                        by,
                        true);
                checkIn = outcome.checkIn();
                result = outcome.created() ? "created" : "duplicate";
                if (!outcome.created()) {
                    reason = "the delegate was already checked in at this site";
                    code = REASON_ALREADY_CHECKED_IN;
                }
            } catch (ApiException e) {
                result = "rejected";
                reason = e.getMessage();
                code = codeOf(e);
            }
        }
        em.createNativeQuery("update checkin_batch_entry set result = ?3, reason = ?4, checkin_id = ?5, "
                        + "reason_code = ?6 where conference_id = ?1 and nonce = ?2")
                .setParameter(1, conferenceId)
                .setParameter(2, entry.nonce())
                .setParameter(3, result)
                .setParameter(4, reason)
                .setParameter(5, checkIn == null ? null : checkIn.id())
                .setParameter(6, code)
                .executeUpdate();
        return new Result(entry.nonce(), result, reason, code, checkIn == null ? null : CheckInView.of(checkIn, zone));
    }

    /** What a refused check-in of {@link CheckInService} means for the entry. */
    private static String codeOf(ApiException e) {
        if (e.status() == 404) {
            return REASON_DELEGATE_NOT_FOUND;
        }
        if (REASON_CONFERENCE_CLOSED.equals(e.slug())) {
            return REASON_CONFERENCE_CLOSED;
        }
        if (e.status() == 400 && e.getMessage().contains("does not take part")) {
            return REASON_SITE_NOT_PARTICIPATING;
        }
        return REASON_INVALID;
    }
}
