package bridgepoint.common;

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
        return RestResponse.ResponseBuilder.ok(body).tag(Versions.etag(version)).build();
    }
}
