package bridgepoint.delegate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** CSV imports ({@code bridgepoint.import.*}). */
@ConfigMapping(prefix = "bridgepoint.import")
public interface ImportConfig {

    /**
     * A running import that has shown no progress for this long is taken for one whose instance stopped, and marked
     * FAILED by any instance (a chunk of 500 rows takes well under a second).
     */
    @WithDefault("PT2M")
    Duration staleAfter();
}
