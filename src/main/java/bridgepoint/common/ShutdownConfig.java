package bridgepoint.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How an instance stops on {@code SIGTERM} ({@code bridgepoint.shutdown.*}; see README, Deploying): readiness goes
 * down and WebSocket clients are told to go (1001) for {@link #delay()}, then the requests still running get up to
 * {@link #timeout()} to finish before the server and the database pool close.
 */
@ConfigMapping(prefix = "bridgepoint.shutdown")
public interface ShutdownConfig {

    /** {@code delay}: how long readiness is down, and clients are told to go, before the server stops (quarkus.shutdown.delay). */
    @WithDefault("PT1S")
    Duration delay();

    /** {@code timeout}: how long the requests still running after the delay may take to finish. */
    @WithDefault("PT20S")
    Duration timeout();
}
