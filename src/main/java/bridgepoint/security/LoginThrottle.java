package bridgepoint.security;

import bridgepoint.common.ApiException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refuses ({@code 429}) a client that has failed to log in or join too often: after
 * {@code bridgepoint.auth.failure-limit} failures within {@code bridgepoint.auth.failure-window}, every
 * attempt from it is refused until the window since its last failure has passed. Counted per instance;
 * with join codes of 80 bits this only has to make guessing pointless, not impossible.
 */
@ApplicationScoped
public class LoginThrottle {

    @ConfigProperty(name = "bridgepoint.auth.failure-limit")
    int limit;

    @ConfigProperty(name = "bridgepoint.auth.failure-window")
    Duration window;

    private Cache<String, AtomicInteger> failures;

    @PostConstruct
    void init() {
        failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(1_000_000).build();
    }

    public void checkAllowed(String client) {
        AtomicInteger count = failures.getIfPresent(client);
        if (count != null && count.get() >= limit) {
            throw new ApiException(429, "too-many-attempts", "Too many attempts",
                    "too many failed attempts from this client; try again later", null)
                    .header("Retry-After", Long.toString(window.toSeconds()));
        }
    }

    public void recordFailure(String client) {
        // Re-inserting restarts the window: a client that keeps failing stays refused.
        AtomicInteger count = failures.get(client, k -> new AtomicInteger());
        count.incrementAndGet();
        failures.put(client, count);
    }
}
