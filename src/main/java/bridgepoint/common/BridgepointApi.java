package bridgepoint.common;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

/** The OpenAPI document's header; the error answers of every endpoint are added by {@link OpenApiErrors}. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Bridgepoint API",
                        version = "see quarkus.smallrye-openapi.info-version",
                        description =
                                "Hybrid, multi-site conferences: sites (bridge points), conferences, delegates, agenda, "
                                        + "live run-of-show and attendance. JSON in and out; times are ISO-8601 with offset, shown in the "
                                        + "conference's time zone; every mutable resource has `version` and an `ETag`, and writes accept "
                                        + "`If-Match` (stale: 412). Lists are `{items,total,page,size}` with `page` (0-based) and `size` "
                                        + "(1-500, default 50). Errors are RFC 9457 `application/problem+json`.",
                        license = @License(name = "Apache-2.0", identifier = "Apache-2.0")))
public class BridgepointApi extends Application {}
