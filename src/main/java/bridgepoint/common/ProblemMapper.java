package bridgepoint.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The one place where exceptions become RFC 9457 problem+json responses. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /**
     * Unique constraints whose violation (a lost race with a concurrent request) is a 409, with the same problem
     * type as the check that the request would have failed had it come a moment later.
     */
    private static final Map<String, Clash> CONSTRAINT_MESSAGES = Map.of(
            "app_user_username_key", new Clash("duplicate-username", "a user with this username already exists"),
            "site_name_key", new Clash("duplicate-name", "a site with this name already exists"),
            "delegate_email_key", new Clash("duplicate-email", "a delegate with this email already takes part in this conference"),
            "conference_site_one_host", new Clash("host-exists", "this conference already has a HOST site"));

    private record Clash(String slug, String message) {
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Problem problem = e.toProblem(path(uri));
        Response.ResponseBuilder builder = Response.status(problem.status).type(Problem.MEDIA_TYPE).entity(problem);
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return respond(ApiException.badRequest(errors).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        return respond(new ApiException(400, "malformed-json", "Malformed JSON",
                "the request body is not valid JSON: " + e.getOriginalMessage(), null).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(fromJson(e).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response instantiation(ValueInstantiationException e, UriInfo uri) {
        return respond(fromJson(e).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        return respond(fromJson(e).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(new ApiException(400, "malformed-json", "Malformed JSON",
                "the request body could not be read: " + e.getOriginalMessage(), null).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri, "a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri, "the bearer token is invalid or has expired");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ApiException.forbidden("this role may not use this endpoint").toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // Quarkus REST wraps unreadable JSON bodies (bad syntax, trailing tokens) in a plain 400
        if (status == 400 && e.getCause() instanceof JsonProcessingException cause) {
            return cause instanceof JsonParseException parse ? malformed(parse, uri)
                    : cause instanceof JsonMappingException mapping ? jsonMapping(mapping, uri)
                    : json(cause, uri);
        }
        if (status >= 500) {
            return internal(e, uri);
        }
        String slug = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "bad-request";
        };
        Response.Status s = Response.Status.fromStatusCode(status);
        String title = s != null ? s.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "no resource at " + path(uri);
            case 415 -> "unsupported Content-Type: send application/json";
            default -> e.getMessage();
        };
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new ApiException(status, slug, title, detail, null).toProblem(path(uri)));
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            builder.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response optimisticLock(OptimisticLockException e, UriInfo uri, HttpHeaders headers) {
        return concurrentChange(uri, headers);
    }

    @ServerExceptionMapper
    public Response staleState(StaleStateException e, UriInfo uri, HttpHeaders headers) {
        return concurrentChange(uri, headers);
    }

    @ServerExceptionMapper
    public Response other(Throwable e, UriInfo uri, HttpHeaders headers) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api(api, uri);
            }
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return concurrentChange(uri, headers);
            }
            if (t instanceof org.hibernate.exception.JDBCConnectionException || t instanceof java.sql.SQLTransientConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                LOG.warnf("Database unavailable on %s: %s", path(uri), t.getMessage());
                return api(new ApiException(503, "database-unavailable", "Service unavailable",
                        "the database cannot be reached right now; retry shortly", null).header("Retry-After", "2"), uri);
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve && cve.getConstraintName() != null) {
                Clash clash = CONSTRAINT_MESSAGES.get(cve.getConstraintName());
                if (clash != null) {
                    return respond(ApiException.conflict(clash.slug(), clash.message()).toProblem(path(uri)));
                }
            }
        }
        return internal(e, uri);
    }

    private Response internal(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Internal error %s on %s", reference, path(uri));
        return respond(new ApiException(500, "internal", "Internal error",
                "an unexpected error occurred; reference " + reference, null).toProblem(path(uri)));
    }

    private Response concurrentChange(UriInfo uri, HttpHeaders headers) {
        boolean conditional = headers != null && headers.getHeaderString(HttpHeaders.IF_MATCH) != null;
        ApiException e = conditional
                ? new ApiException(412, "precondition-failed", "Precondition failed",
                "the resource was changed by another request; read it again and retry", null)
                : new ApiException(409, "concurrent-modification", "Conflict",
                "the resource was changed by another request at the same time; read it again and retry", null);
        return respond(e.toProblem(path(uri)));
    }

    private Response unauthenticated(UriInfo uri, String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(ApiException.unauthorized(detail).toProblem(path(uri))).build();
    }

    static ApiException fromJson(JsonMappingException e) {
        String field = jsonPath(e);
        String message;
        if (e instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
            message = "must be one of " + java.util.Arrays.toString(ife.getTargetType().getEnumConstants());
        } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            message = "must be " + describe(mie.getTargetType());
        } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
            message = e.getCause().getMessage();
        } else {
            message = "has an invalid value";
        }
        if (field.isEmpty()) {
            return new ApiException(400, "malformed-json", "Malformed JSON",
                    "the request body does not have the expected shape: " + message, null);
        }
        return ApiException.badRequest(field, message);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time with offset, e.g. 2021-12-22T08:00:00+07:00";
        }
        if (type == java.time.LocalDate.class) {
            return "a date, e.g. 2021-12-22";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The property path of a violation without the method and parameter names of the resource method. */
    static String fieldOf(Path path) {
        StringBuilder sb = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // the index also when the body itself is a list: "[3].nonce", as for JSON errors
            if (node.isInIterable() && (node.getIndex() != null || node.getKey() != null)) {
                sb.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        if (sb.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return sb.toString();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
