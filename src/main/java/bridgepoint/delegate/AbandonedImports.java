package bridgepoint.delegate;

import bridgepoint.common.DaemonThreads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every instance looks now and then for imports whose instance stopped, and ends them as FAILED. */
@ApplicationScoped
public class AbandonedImports {

    private static final Logger LOG = Logger.getLogger(AbandonedImports.class);

    @Inject
    ImportJobs jobs;

    @Inject
    ImportConfig config;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        long every = Math.max(1000, config.staleAfter().toMillis() / 4);
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("abandoned-imports"));
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void sweep() {
        try {
            int ended = jobs.failAbandoned(config.staleAfter());
            if (ended > 0) {
                LOG.warnf("Ended %d import job(s) whose instance stopped", ended);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Could not look for abandoned imports: %s", e.getMessage());
        }
    }
}
