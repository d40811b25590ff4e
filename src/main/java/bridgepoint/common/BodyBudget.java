package bridgepoint.common;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies an instance holds at once ({@code bridgepoint.http.max-bytes-in-flight}): a body is
 * taken in only if its bytes fit beside those already held, and gives them back when its request is done.
 */
final class BodyBudget {

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Holds {@code bytes} if they fit; false (nothing held) if not. */
    boolean tryHold(long bytes) {
        while (true) {
            long now = held.get();
            if (bytes > capacity - now) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }
}
