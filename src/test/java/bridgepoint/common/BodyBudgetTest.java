package bridgepoint.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes of bodies an instance holds: what fits is held, what does not is refused, and released bytes come back. */
class BodyBudgetTest {

    @Test
    void holdsWhatFitsAndRefusesTheRest() {
        BodyBudget budget = new BodyBudget(100);

        assertTrue(budget.tryHold(60));
        assertTrue(budget.tryHold(40));
        assertFalse(budget.tryHold(1), "full");
        assertEquals(100, budget.held(), "a refusal holds nothing");
        budget.release(60);
        assertFalse(budget.tryHold(61));
        assertTrue(budget.tryHold(60));
        assertFalse(budget.tryHold(Long.MAX_VALUE), "no overflow");
        assertTrue(budget.tryHold(0));
    }

    @Test
    void concurrentHoldersNeverPassTheCapacity() throws Exception {
        BodyBudget budget = new BodyBudget(1000);
        AtomicInteger held = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        if (budget.tryHold(7)) {
                            assertTrue(held.addAndGet(7) <= 1000);
                            held.addAndGet(-7);
                            budget.release(7);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, budget.held());
    }
}
