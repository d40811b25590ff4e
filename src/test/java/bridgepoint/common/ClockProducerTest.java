package bridgepoint.common;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production clock keeps no more than PostgreSQL does (microseconds), and still moves on. */
class ClockProducerTest {

    @Test
    void theServiceClockTicksInMicroseconds() {
        Clock clock = new ClockProducer().clock();
        Instant first = clock.instant();
        Instant last = first;
        for (int i = 0; i < 1000; i++) {
            last = clock.instant();
            assertEquals(0, last.getNano() % 1_000, "more precise than PostgreSQL: " + last);
        }
        assertFalse(last.isBefore(first));
        assertTrue(Math.abs(last.toEpochMilli() - System.currentTimeMillis()) < 5_000, "not the real time: " + last);
    }
}
