package bridgepoint.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The gate of every request body under {@code /api/}, and the one place that reads bodies from Vert.x: nothing is
 * read before the caller is known, and the instance takes in only as many bytes as it may hold.
 *
 * <ol>
 *   <li>The route (method and path template, {@link ApiRoutes}) says who may call it. Unless it is open (login, join,
 *       password) the request needs a bearer token that stands ({@link RequestCallers}), else {@code 401}, and a role
 *       the route allows, else {@code 403}: answered at once, the body unread, the connection closed. Finer rules (a
 *       host at its own sites) are the services', after the body. A path no route has goes on to the REST layer
 *       (404, 405).
 *   <li>A declared {@code Content-Length} over the limit is refused ({@code 413}) unread: CSV uploads to an import
 *       ({@code text/csv} to a route that consumes it) up to {@code bridgepoint.http.max-csv-body}, any other body
 *       up to {@code bridgepoint.http.max-json-body}. A body without a length is cut off as soon as it passes it.
 *   <li>The body's bytes are held against {@code bridgepoint.http.max-bytes-in-flight} ({@link BodyBudget}): the
 *       declared length before anything is read, or each chunk as it comes; beyond, {@code 503} with
 *       {@code Retry-After}, unread. They are given back when the request ends, however it ends (answered, refused,
 *       its connection gone).
 *   <li>A CSV upload is written to a file as it arrives (the request paused while the disk catches up) and handed to
 *       the resource as a {@link CsvUpload} ({@link #csvUpload()}); any other body is read into memory and handed to
 *       the REST layer as the request's body.
 * </ol>
 */
@ApplicationScoped
public class RequestBodies {

    private static final Logger LOG = Logger.getLogger(RequestBodies.class);
    private static final Set<HttpMethod> WITHOUT_BODY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final String UPLOAD = RequestBodies.class.getName() + ".upload";

    @Inject
    HttpLimits limits;

    @Inject
    ObjectMapper mapper;

    @Inject
    RequestCallers callers;

    @Inject
    BeanManager beans;

    @Inject
    CurrentVertxRequest current;

    @Inject
    MeterRegistry registry;

    private ApiRoutes routes;
    private BodyBudget budget;
    private Path uploads;
    private Counter busy;

    void install(@Observes Router router) {
        routes = ApiRoutes.of(resourceClasses());
        if (routes.routes().isEmpty()) {
            throw new IllegalStateException("no REST resource found: the callers of requests could not be checked");
        }
        budget = new BodyBudget(limits.maxBytesInFlight().asLongValue());
        if (limits.maxBytesInFlight().asLongValue() < limits.maxCsvBody().asLongValue()) {
            LOG.warnf(
                    "bridgepoint.http.max-bytes-in-flight (%s) is below bridgepoint.http.max-csv-body (%s): the largest"
                            + " uploads will always be refused (503)",
                    limits.maxBytesInFlight(), limits.maxCsvBody());
        }
        Gauge.builder("bridgepoint.http.body.bytes.in.flight", budget, BodyBudget::held)
                .description("Bytes of request bodies held now (bridgepoint.http.max-bytes-in-flight)")
                .register(registry);
        busy = Counter.builder("bridgepoint.http.bodies.busy")
                .description("Request bodies refused unread with 503: beyond bridgepoint.http.max-bytes-in-flight")
                .register(registry);
        uploads = UploadFolder.prepare();
        router.route("/api/*").order(-1000).handler(this::gate);
    }

    /** The CSV file uploaded with the current request (to a route that consumes {@code text/csv}). */
    public CsvUpload csvUpload() {
        CsvUpload upload = current.getCurrent().get(UPLOAD);
        if (upload == null) {
            throw new IllegalStateException("this request has no CSV upload");
        }
        return upload;
    }

    private List<Class<?>> resourceClasses() {
        return beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass)
                .filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class))
                .distinct()
                .toList();
    }

    private void gate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (WITHOUT_BODY.contains(request.method())) {
            ctx.next();
            return;
        }
        request.pause(); // Quarkus pauses every request; this keeps it so until the caller is known
        ApiRoutes.Route route = routes.find(request.method().name(), ctx.normalizedPath());
        if (route == null || route.open()) {
            take(ctx, route);
            return;
        }
        callers.role(request)
                .subscribe()
                .with(
                        role -> {
                            if (role == null) {
                                refuse(ctx, ApiException.tokenRequired());
                            } else if (!route.allows(role)) {
                                refuse(ctx, ApiException.roleForbidden());
                            } else {
                                take(ctx, route);
                            }
                        },
                        failure -> {
                            ApiException refusal = ApiException.among(failure);
                            if (refusal != null) {
                                refuse(ctx, refusal);
                            } else {
                                ctx.fail(failure);
                            }
                        });
    }

    /** Reads the body of a request whose caller may send it, within its limit and the budget. */
    private void take(RoutingContext ctx, ApiRoutes.Route route) {
        HttpServerRequest request = ctx.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean upload = route != null && route.upload();
        boolean csv = upload && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/csv");
        long limit = (csv ? limits.maxCsvBody() : limits.maxJsonBody()).asLongValue();
        long declared = declaredLength(request);
        if (declared > limit) {
            refuse(ctx, tooLarge("has " + declared, limit));
            return;
        }
        Intake intake = new Intake(ctx, limit, declared >= 0);
        ctx.addEndHandler(ended -> intake.release());
        if (declared > 0 && !intake.hold(declared)) {
            intake.stop(ApiException.bodiesInFlight());
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        if (upload) {
            toFile(ctx, intake, new CsvUpload(uploads.resolve(UUID.randomUUID() + ".csv"), type));
        } else {
            inMemory(ctx, intake);
        }
    }

    private void inMemory(RoutingContext ctx, Intake intake) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (intake.accept(chunk)) {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ended -> {
            if (!intake.refused) {
                ((RoutingContextInternal) ctx).setBody(body);
                ctx.next();
            }
        });
        request.exceptionHandler(intake::brokenOff);
        request.resume();
    }

    private void toFile(RoutingContext ctx, Intake intake, CsvUpload upload) {
        HttpServerRequest request = ctx.request();
        String path = upload.file().toString();
        AsyncFile[] opened = {null};
        ctx.addEndHandler(ended -> {
            intake.over = true;
            if (opened[0] != null) {
                opened[0].close();
            }
            if (!upload.kept()) {
                ctx.vertx().fileSystem().delete(path);
            }
        });
        ctx.vertx()
                .fileSystem()
                .open(path, new OpenOptions().setWrite(true).setCreateNew(true))
                .onFailure(intake::failed)
                .onSuccess(file -> {
                    opened[0] = file;
                    if (intake.over) { // the request ended meanwhile
                        file.close()
                                .onComplete(closed -> ctx.vertx().fileSystem().delete(path));
                        return;
                    }
                    request.handler(chunk -> {
                        if (intake.accept(chunk)) {
                            file.write(chunk).onFailure(intake::failed);
                            if (file.writeQueueFull()) {
                                request.pause();
                                file.drainHandler(drained -> request.resume());
                            }
                        }
                    });
                    request.endHandler(ended -> {
                        if (!intake.refused) {
                            file.close().onFailure(intake::failed).onSuccess(closed -> {
                                opened[0] = null;
                                ctx.put(UPLOAD, upload);
                                ((RoutingContextInternal) ctx).setBody(Buffer.buffer());
                                ctx.next();
                            });
                        }
                    });
                    request.exceptionHandler(intake::brokenOff);
                    request.resume();
                });
    }

    private void refuse(RoutingContext ctx, ApiException refusal) {
        RouteProblems.answer(ctx, refusal, mapper);
    }

    private static ApiException tooLarge(String has, long limit) {
        return ApiException.payloadTooLarge(
                "the request body " + has + " bytes; at most " + limit + " are accepted here");
    }

    /** The declared Content-Length; -1 when there is none (chunked) or it is not a number. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * One request's body as it comes in (on its event loop): its bytes counted against its limit and, when its length
     * was not declared, against the budget as they arrive; what it holds of the budget given back once.
     */
    private final class Intake {

        private final RoutingContext ctx;
        private final long limit;
        private final boolean declared;
        private long received;
        private long held;
        boolean refused;
        boolean over;

        Intake(RoutingContext ctx, long limit, boolean declared) {
            this.ctx = ctx;
            this.limit = limit;
            this.declared = declared;
        }

        boolean hold(long bytes) {
            if (!budget.tryHold(bytes)) {
                return false;
            }
            held += bytes;
            return true;
        }

        /** Whether to keep this chunk; if it passes the limit or the budget, the request is refused instead. */
        boolean accept(Buffer chunk) {
            if (refused) {
                return false;
            }
            received += chunk.length();
            if (received > limit) {
                stop(tooLarge("has more than " + limit, limit));
                return false;
            }
            if (!declared && !hold(chunk.length())) {
                stop(ApiException.bodiesInFlight());
                return false;
            }
            return true;
        }

        /** The body could not be kept (its file could not be written): an error of ours (500). */
        void failed(Throwable failure) {
            if (!refused) {
                refused = true;
                ctx.request().pause();
                ctx.fail(failure);
            }
        }

        /** The request broke off (the client went away, or sent what HTTP cannot read): nothing to answer. */
        void brokenOff(Throwable failure) {
            refused = true;
            ctx.request().connection().close();
        }

        void release() {
            budget.release(held);
            held = 0;
        }

        void stop(ApiException refusal) {
            refused = true;
            ctx.request().pause();
            if (refusal.status() == 503) {
                busy.increment();
            }
            refuse(ctx, refusal);
        }
    }
}
