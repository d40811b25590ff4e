package bridgepoint.support;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The service's clock in tests (it replaces the default {@code Clock} bean): the real time, shifted by an
 * offset that a test may move, so that time-dependent rules (projected starts, presence) are tested without
 * waiting. Tests that move it put it back with {@link #reset()}. Like the service's own clock it ticks in
 * microseconds, the precision PostgreSQL keeps.
 */
@Singleton
public class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozen;

    @Override
    public Instant instant() {
        Instant f = frozen;
        return (f != null ? f : Instant.now().plus(offset)).truncatedTo(ChronoUnit.MICROS);
    }

    /** Stops the clock at this instant. */
    public void freeze(Instant at) {
        frozen = at;
    }

    /** Moves the clock on (frozen or running). */
    public void advance(Duration by) {
        Instant f = frozen;
        if (f != null) {
            frozen = f.plus(by);
        } else {
            offset = offset.plus(by);
        }
    }

    public void reset() {
        frozen = null;
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
