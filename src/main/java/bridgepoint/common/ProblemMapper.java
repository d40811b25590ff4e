package bridgepoint.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            "delegate_email_key",
                    new Clash("duplicate-email", "a delegate with this email already takes part in this conference"),
            "conference_site_one_host", new Clash("host-exists", "this conference already has a HOST site"));

    private record Clash(String slug, String message) {}

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Problem problem = e.toProblem(path(uri));
        Response.ResponseBuilder builder =
                Response.status(problem.status).type(Problem.MEDIA_TYPE).entity(problem);
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(JsonProblems.fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return respond(ApiException.badRequest(errors).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        return respond(ApiException.malformedJson("the request body is not valid JSON: " + e.getOriginalMessage())
                .toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(JsonProblems.fromJson(e).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response instantiation(ValueInstantiationException e, UriInfo uri) {
        return respond(JsonProblems.fromJson(e).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        return respond(JsonProblems.fromJson(e).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(ApiException.malformedJson("the request body could not be read: " + e.getOriginalMessage())
                .toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return api(ApiException.tokenRequired(), uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        ApiException api = ApiException.among(e.getCause());
        if (api != null) {
            return api(api, uri); // the token could not be checked, e.g. the database is away: 503
        }
        return api(ApiException.tokenRefused(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ApiException.roleForbidden().toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // Quarkus REST wraps unreadable JSON bodies (bad syntax, trailing tokens) in a plain 400
        if (status == 400 && e.getCause() instanceof JsonProcessingException cause) {
            return cause instanceof JsonParseException parse
                    ? malformed(parse, uri)
                    : cause instanceof JsonMappingException mapping ? jsonMapping(mapping, uri) : json(cause, uri);
        }
        if (status >= 500) {
            return internal(e, uri);
        }
        String detail = switch (status) {
            case 404 -> "no resource at " + path(uri);
            case 415 -> "unsupported Content-Type: send application/json";
            default -> e.getMessage();
        };
        Response.ResponseBuilder builder = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(ApiException.http(status, detail).toProblem(path(uri)));
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
            if (connectionFailure(t)) {
                return databaseUnavailable(t, uri);
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve
                    && cve.getConstraintName() != null) {
                Clash clash = CONSTRAINT_MESSAGES.get(cve.getConstraintName());
                if (clash != null) {
                    return respond(
                            ApiException.conflict(clash.slug(), clash.message()).toProblem(path(uri)));
                }
            }
        }
        // A commit that failed as the connection was lost (a failover): the transaction manager gives the driver's
        // error as a suppressed exception. Whether it committed is unknown; the client retries.
        Throwable lost = connectionFailureAmong(e);
        if (lost != null) {
            return databaseUnavailable(lost, uri);
        }
        return internal(e, uri);
    }

    private static boolean connectionFailure(Throwable t) {
        return t instanceof JDBCConnectionException
                || t instanceof SQLTransientConnectionException
                || (t instanceof SQLException sql && databaseUnavailable(sql.getSQLState()));
    }

    /** A connection failure among {@code e}, its causes and their suppressed exceptions (and theirs). */
    static Throwable connectionFailureAmong(Throwable e) {
        Set<Throwable> seen = new HashSet<>();
        Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (connectionFailure(t)) {
                return t;
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        return null;
    }

    private Response databaseUnavailable(Throwable cause, UriInfo uri) {
        LOG.warnf("Database unavailable on %s: %s", path(uri), cause.getMessage());
        return api(ApiException.databaseUnavailable(), uri);
    }

    /**
     * Connection failures (class 08), the server shutting down, crashing or starting up (57P01–57P03, e.g. a primary
     * stopped for a failover), and a write on a connection to a server that has become a standby (25006, a demoted
     * primary): the request may be retried, on this instance or another.
     */
    static boolean databaseUnavailable(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08")
                        || sqlState.equals("57P01")
                        || sqlState.equals("57P02")
                        || sqlState.equals("57P03")
                        || sqlState.equals("25006"));
    }

    private Response internal(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Internal error %s on %s", reference, path(uri));
        return respond(ApiException.internal(reference).toProblem(path(uri)));
    }

    private Response concurrentChange(UriInfo uri, HttpHeaders headers) {
        boolean conditional = headers != null && headers.getHeaderString(HttpHeaders.IF_MATCH) != null;
        ApiException e = ApiException.concurrentChange(conditional);
        return respond(e.toProblem(path(uri)));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status)
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
