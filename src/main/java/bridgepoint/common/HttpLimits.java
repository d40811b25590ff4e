package bridgepoint.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How large a request body may be ({@code 413} beyond), by content type. */
@ConfigMapping(prefix = "bridgepoint.http")
public interface HttpLimits {

    /** Largest JSON request body. */
    @WithDefault("1M")
    MemorySize maxJsonBody();

    /** Largest CSV upload (imports); Quarkus's own limit, {@code quarkus.http.limits.max-body-size}, is set from it. */
    @WithDefault("20M")
    MemorySize maxCsvBody();
}
