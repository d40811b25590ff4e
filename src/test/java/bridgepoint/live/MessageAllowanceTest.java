package bridgepoint.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageAllowanceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aMinutesWorthAtOnceThenOneMorePerSecondAtSixtyAMinute() {
        MessageAllowance allowance = new MessageAllowance(60, 0);
        for (int i = 0; i < 60; i++) {
            assertTrue(allowance.take(0), "message " + i);
        }
        assertFalse(allowance.take(0));
        assertFalse(allowance.take(SECOND / 2));
        assertTrue(allowance.take(SECOND));
        assertFalse(allowance.take(SECOND));
    }

    @Test
    void aQuietClientSavesUpNoMoreThanAMinutesWorth() {
        MessageAllowance allowance = new MessageAllowance(6, 0);
        int sent = 0;
        while (allowance.take(3600 * SECOND)) {
            sent++;
        }
        assertTrue(sent == 6, "sent " + sent);
    }
}
