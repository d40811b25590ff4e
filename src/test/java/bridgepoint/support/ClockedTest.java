package bridgepoint.support;

import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

/**
 * A base for {@code @QuarkusTest} classes that stop the service's clock at times of a setup's day; the clock
 * runs normally again after each test.
 */
public abstract class ClockedTest {

    @Inject
    protected TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Stops the service's clock at {@code hhmm} of the setup's day (Hà Nội time). */
    protected void at(Api.Setup s, String hhmm) {
        clock.freeze(Live.instant(s, hhmm));
    }

    /** Stops the clock at {@code hhmm} of the setup's day, then publishes and starts the conference. */
    protected void liveAt(Api.Setup s, String hhmm) {
        at(s, hhmm);
        Api.advance(s.conference(), "publish", "start");
    }
}
