package bridgepoint.common;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * The service's clock; tests replace it to control time. It ticks in microseconds, the precision PostgreSQL
 * keeps: a time written to the database and answered at once (or put in an event) reads back the same.
 */
public class ClockProducer {

    static final Duration TICK = Duration.ofNanos(1_000);

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), TICK);
    }
}
