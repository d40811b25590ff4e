package bridgepoint.common;

import jakarta.ws.rs.core.EntityTag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/** Typed responses carrying the ETag of the resource in them (typed, so that OpenAPI knows the body). */
public final class Responses {

    private Responses() {}

    public static <T> RestResponse<T> created(URI location, long version, T body) {
        return RestResponse.ResponseBuilder.<T>created(location)
                .tag(Versions.etag(version))
                .entity(body)
                .build();
    }

    public static <T> RestResponse<T> ok(long version, T body) {
        return ok(Versions.etag(version), body);
    }

    /** 200 with this entity tag (for a resource whose tag is not a version number, such as the agenda's order). */
    public static <T> RestResponse<T> ok(EntityTag tag, T body) {
        return RestResponse.ResponseBuilder.ok(body).tag(tag).build();
    }
}
