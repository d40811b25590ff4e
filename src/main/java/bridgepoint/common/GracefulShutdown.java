package bridgepoint.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * How an instance stops on {@code SIGTERM}, before Quarkus closes the server and the database pool:
 *
 * <ol>
 *   <li>readiness goes down (this check), and the live streams tell their clients to go (1001, {@code live.EventFeed},
 *       which observes the same event first); requests are still served, so that the load balancer has
 *       {@code bridgepoint.shutdown.delay} to stop sending any;
 *   <li>then new requests are refused ({@code 503 shutting-down} with {@code Retry-After}), and those still running
 *       get up to {@code bridgepoint.shutdown.timeout} to finish: their transactions commit and they are answered.
 * </ol>
 *
 * <p>Quarkus's own wait ({@code quarkus.shutdown.timeout}) is not used: it counts a WebSocket upgrade as a request
 * that never ends, so an instance that ever had a WebSocket client would always wait the whole timeout. WebSocket
 * connections are not counted here.
 */
@Readiness
@ApplicationScoped
public class GracefulShutdown implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    @Inject
    ShutdownConfig config;

    @Inject
    ObjectMapper mapper;

    /** Set once shutdown begins; read by the readiness check. */
    private volatile boolean stopping;
    /** Set once the delay is over; read on the event loops for every request. */
    private volatile boolean draining;

    private int running;

    void register(@Observes Filters filters) {
        filters.register(this::handle, 2000);
    }

    private void handle(RoutingContext rc) {
        if (rc.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            rc.next(); // refused while stopping by the WebSocket endpoint's own check
            return;
        }
        if (draining && !rc.request().path().startsWith("/q/")) { // health and metrics answer to the end
            refuse(rc);
            return;
        }
        started();
        rc.addEndHandler(done -> ended());
        rc.next();
    }

    private void refuse(RoutingContext rc) {
        RouteProblems.answer(rc, ApiException.shuttingDown(), mapper);
    }

    private synchronized void started() {
        running++;
    }

    private synchronized void ended() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Accepting requests").status(!stopping).build();
    }

    /** On SIGTERM, after the live streams have told their clients to go; Quarkus stops the server once this returns. */
    void stop(@Observes @Priority(5000) ShutdownDelayInitiatedEvent event) throws InterruptedException {
        stopping = true;
        long delay = config.delay().toMillis();
        if (delay > 0) {
            LOG.infof("Shutting down: not ready, still serving for %s", config.delay());
            Thread.sleep(delay); // the load balancer's time to notice; not a wait for a condition
        }
        draining = true;
        awaitRunning();
    }

    private synchronized void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        if (running > 0) {
            LOG.infof("Shutting down: waiting for %d running requests", running);
        }
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warnf("%d requests still running after %s; stopping anyway", running, config.timeout());
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
