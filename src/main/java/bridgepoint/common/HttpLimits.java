package bridgepoint.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How large a request body may be ({@code 413} beyond), by content type, and how many bytes of bodies an instance
 * takes in at once ({@code 503} beyond); see {@link RequestBodies}.
 */
@ConfigMapping(prefix = "bridgepoint.http")
public interface HttpLimits {

    /** Largest JSON request body. */
    @WithDefault("1M")
    MemorySize maxJsonBody();

    /** Largest CSV upload (imports); Quarkus's own limit, {@code quarkus.http.limits.max-body-size}, is set from it. */
    @WithDefault("20M")
    MemorySize maxCsvBody();

    /**
     * Bytes of request bodies the instance holds at once, counted from their declared length (or as they arrive)
     * until their request is answered; a body beyond is refused unread. At least {@link #maxCsvBody()}.
     */
    @WithDefault("64M")
    MemorySize maxBytesInFlight();
}
