package bridgepoint.common;

import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that the service refuses, with the status and problem it answers. Thrown from services;
 * {@link ProblemMapper} turns it into problem+json. The transaction it is thrown in rolls back.
 *
 * <p>Created only through the factory methods below, so that each kind of refusal has one slug and one title.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    private static ApiException of(int status, String slug, String title, String detail) {
        return new ApiException(status, slug, title, detail, null);
    }

    // ---- 400 ---------------------------------------------------------------------------------------

    public static ApiException badRequest(String field, String message) {
        return new ApiException(
                400, "validation", "Invalid request", field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiException badRequest(List<FieldError> errors) {
        String detail = errors.stream()
                .map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        return new ApiException(400, "validation", "Invalid request", detail, errors);
    }

    /** A body that is not JSON, or not of the expected shape as a whole. */
    public static ApiException malformedJson(String detail) {
        return of(400, "malformed-json", "Malformed JSON", detail);
    }

    /** An uploaded file that is not CSV, or not text in its charset. */
    public static ApiException malformedCsv(String detail) {
        return of(400, "malformed-csv", "Malformed CSV", detail);
    }

    /** Any other 400 (e.g. a request the HTTP layer could not read). */
    public static ApiException badRequest(String detail) {
        return of(400, "bad-request", "Bad Request", detail);
    }

    // ---- 401, 403, 404 -----------------------------------------------------------------------------

    /** No caller known, or not the one it claims to be; the answer asks for a bearer token. */
    public static ApiException unauthorized(String detail) {
        return of(401, "unauthorized", "Unauthorized", detail).header("WWW-Authenticate", "Bearer");
    }

    /** A request without a bearer token to an endpoint that needs one. */
    public static ApiException tokenRequired() {
        return unauthorized("a valid bearer token is required");
    }

    /** A bearer token that does not stand (bad signature, expired, revoked) or is not good for this request. */
    public static ApiException tokenRefused() {
        return unauthorized("the bearer token is invalid or has expired");
    }

    /** A caller whose role is not among those the endpoint allows. */
    public static ApiException roleForbidden() {
        return forbidden("this role may not use this endpoint");
    }

    public static ApiException forbidden(String detail) {
        return of(403, "forbidden", "Forbidden", detail);
    }

    public static ApiException notFound(String what, Object id) {
        return of(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    /** No resource at this path at all (as opposed to an unknown id). */
    public static ApiException noResource(String path) {
        return of(404, "not-found", "Not Found", "no resource at " + path);
    }

    // ---- 409, 412 ----------------------------------------------------------------------------------

    public static ApiException conflict(String slug, String detail) {
        return of(409, slug, "Conflict", detail);
    }

    public static ApiException preconditionFailed(long currentVersion) {
        return preconditionFailed("the resource has changed: its current version is " + currentVersion
                        + "; read it again and retry with If-Match: \"" + currentVersion + "\"")
                .with("currentVersion", currentVersion);
    }

    public static ApiException preconditionFailed(String detail) {
        return of(412, "precondition-failed", "Precondition failed", detail);
    }

    /**
     * Another request changed the resource at the same time: {@code 412} for a client that sent {@code If-Match}
     * (its condition no longer holds), {@code 409} otherwise.
     */
    public static ApiException concurrentChange(boolean conditional) {
        return conditional
                ? preconditionFailed("the resource was changed by another request; read it again and retry")
                : conflict(
                        "concurrent-modification",
                        "the resource was changed by another request at the same time; read it again and retry");
    }

    // ---- other statuses ----------------------------------------------------------------------------

    public static ApiException payloadTooLarge(String detail) {
        return of(413, "payload-too-large", "Payload too large", detail);
    }

    /** Refused by the throttle of logins, joins and reset codes: {@code detail} says what failed too often. */
    public static ApiException tooManyAttempts(String detail, long retryAfterSeconds) {
        return of(429, "too-many-attempts", "Too many attempts", detail)
                .header("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** The instance is stopping: the request was not taken; another instance will take it. */
    public static ApiException shuttingDown() {
        return of(503, "shutting-down", "Service unavailable", "this instance is shutting down; retry")
                .header("Retry-After", "1");
    }

    /**
     * The instance holds as many request bodies as it may ({@code bridgepoint.http.max-bytes-in-flight}): this one
     * was not read; another instance, or this one a moment later, will take it.
     */
    public static ApiException bodiesInFlight() {
        return of(
                        503,
                        "busy",
                        "Service unavailable",
                        "this instance is receiving as many request bodies as it can hold; retry in a few seconds")
                .header("Retry-After", "5");
    }

    public static ApiException databaseUnavailable() {
        return of(
                        503,
                        "database-unavailable",
                        "Service unavailable",
                        "the database cannot be reached right now; retry shortly")
                .header("Retry-After", "2");
    }

    public static ApiException internal(String reference) {
        return of(500, "internal", "Internal error", "an unexpected error occurred; reference " + reference);
    }

    /** A refusal of the HTTP layer (unknown path, wrong method or media type) with the status it chose. */
    public static ApiException http(int status, String detail) {
        String slug = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "bad-request";
        };
        Response.Status s = Response.Status.fromStatusCode(status);
        return of(status, slug, s != null ? s.getReasonPhrase() : "Error", detail);
    }

    /** The first {@code ApiException} among {@code failure} and its causes, or null. */
    public static ApiException among(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    // ---- members -----------------------------------------------------------------------------------

    /** An extension member of the problem, e.g. the conflicting resource. */
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

    /** The problem's kind, the last part of its {@code type} (e.g. {@code conference-closed}). */
    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(slug, title, status, getMessage(), instance, errors, extensions);
    }
}
