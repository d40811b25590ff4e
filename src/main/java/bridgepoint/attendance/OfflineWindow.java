package bridgepoint.attendance;

import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * When an offline check-in belongs to its conference: its time {@code at} lies between the start (planned or actual,
 * whichever is earlier) and the end, each widened by {@code bridgepoint.attendance.offline-grace} (doors open before
 * the start; device clocks drift); and it is uploaded no later than {@code bridgepoint.attendance.offline-upload-deadline}
 * after the conference ended. Until the conference has ended, the end is open (it may run late). After the deadline
 * the record is official and no longer changes.
 *
 * @param opens the earliest {@code at} taken
 * @param closes the latest {@code at} taken; null while the conference has not ended
 * @param uploadsUntil the last moment an upload is taken; null while the conference has not ended
 */
record OfflineWindow(Instant opens, Instant closes, Instant uploadsUntil) {

    static OfflineWindow of(Conference c, AttendanceConfig config) {
        return of(
                c.status,
                c.startsAt,
                c.startedAt,
                c.endsAt,
                c.endedAt,
                config.offlineGrace(),
                config.offlineUploadDeadline());
    }

    static OfflineWindow of(
            ConferenceStatus status,
            Instant startsAt,
            Instant startedAt,
            Instant endsAt,
            Instant endedAt,
            Duration grace,
            Duration uploadDeadline) {
        Instant start = startedAt != null && startedAt.isBefore(startsAt) ? startedAt : startsAt;
        if (status != ConferenceStatus.ENDED) {
            return new OfflineWindow(start.minus(grace), null, null);
        }
        Instant end = endedAt != null ? endedAt : endsAt;
        return new OfflineWindow(start.minus(grace), end.plus(grace), end.plus(uploadDeadline));
    }

    boolean takes(Instant at) {
        return !at.isBefore(opens) && (closes == null || !at.isAfter(closes));
    }

    /** Whether an upload arriving {@code now} comes too late. */
    boolean closedAt(Instant now) {
        return uploadsUntil != null && now.isAfter(uploadsUntil);
    }

    String describe() {
        return "from " + opens + (closes == null ? "" : " to " + closes);
    }
}
