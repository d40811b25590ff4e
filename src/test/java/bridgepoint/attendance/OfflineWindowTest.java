package bridgepoint.attendance;

import bridgepoint.conference.ConferenceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When an offline check-in belongs to its conference (no Quarkus: the rule alone). */
class OfflineWindowTest {

    private static final Instant STARTS = Instant.parse("2026-12-08T01:00:00Z");
    private static final Instant ENDS = Instant.parse("2026-12-08T04:30:00Z");
    private static final Duration GRACE = Duration.ofHours(2);
    private static final Duration DEADLINE = Duration.ofDays(3);

    private static OfflineWindow window(ConferenceStatus status, Instant startedAt, Instant endedAt) {
        return OfflineWindow.of(status, STARTS, startedAt, ENDS, endedAt, GRACE, DEADLINE);
    }

    @Test
    void beforeTheEndTheWindowOpensAGraceBeforeThePlannedStartAndStaysOpen() {
        OfflineWindow w = window(ConferenceStatus.SCHEDULED, null, null);
        assertFalse(w.takes(STARTS.minus(GRACE).minusSeconds(1)));
        assertTrue(w.takes(STARTS.minus(GRACE)));
        assertTrue(w.takes(ENDS.plus(Duration.ofHours(5))), "a conference that runs late is still on");
        assertNull(w.closes());
        assertFalse(w.closedAt(ENDS.plus(Duration.ofDays(30))));
    }

    @Test
    void anEarlyActualStartOpensItEarlier() {
        Instant early = STARTS.minus(Duration.ofHours(1));
        OfflineWindow w = window(ConferenceStatus.LIVE, early, null);
        assertTrue(w.takes(early.minus(GRACE)));
        assertFalse(w.takes(early.minus(GRACE).minusSeconds(1)));
        // a late start does not move the opening
        assertTrue(window(ConferenceStatus.LIVE, STARTS.plusSeconds(3600), null).takes(STARTS.minus(GRACE)));
    }

    @Test
    void afterTheEndItClosesAGraceAfterTheActualEndAndTakesUploadsForTheDeadline() {
        Instant ended = ENDS.plus(Duration.ofMinutes(40)); // ran over
        OfflineWindow w = window(ConferenceStatus.ENDED, STARTS, ended);
        assertTrue(w.takes(ended.plus(GRACE)));
        assertFalse(w.takes(ended.plus(GRACE).plusSeconds(1)));
        assertFalse(w.closedAt(ended.plus(DEADLINE)));
        assertTrue(w.closedAt(ended.plus(DEADLINE).plusSeconds(1)));
    }
}
