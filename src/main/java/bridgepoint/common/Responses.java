package bridgepoint.common;

import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Responses with the ETag of the resource they carry. */
public final class Responses {

    private Responses() {
    }

    public static Response created(URI location, long version, Object body) {
        return Response.created(location).tag(Versions.etag(version)).entity(body).build();
    }

    public static Response ok(long version, Object body) {
        return Response.ok(body).tag(Versions.etag(version)).build();
    }
}
