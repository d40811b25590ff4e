package bridgepoint.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that the service refuses, with the status and problem it answers. Thrown from services;
 * {@link ProblemMapper} turns it into problem+json. The transaction it is thrown in rolls back.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "validation", "Invalid request", field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    public static ApiException badRequest(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return new ApiException(400, "validation", "Invalid request", detail, errors);
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, "not-found", "Not found", what + " " + id + " does not exist", null);
    }

    public static ApiException conflict(String slug, String detail) {
        return new ApiException(409, slug, "Conflict", detail, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, null);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, null);
    }

    public static ApiException preconditionFailed(long currentVersion) {
        return new ApiException(412, "precondition-failed", "Precondition failed",
                "the resource has changed: its current version is " + currentVersion
                        + "; read it again and retry with If-Match: \"" + currentVersion + "\"", null)
                .with("currentVersion", currentVersion);
    }

    public ApiException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    /** A response header to send with the problem, e.g. {@code Retry-After}. */
    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(slug, title, status, getMessage(), instance, errors, extensions);
    }
}
