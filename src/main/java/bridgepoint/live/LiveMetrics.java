package bridgepoint.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/** Prometheus metrics of the live streams ({@code bridgepoint_live_*} at /q/metrics). */
@ApplicationScoped
public class LiveMetrics {

    @Inject
    MeterRegistry registry;

    private Counter fetched;
    private Counter connects;
    private Counter disconnects;
    private Counter slow;
    private Timer push;

    void register(EventFeed feed) {
        Gauge.builder("bridgepoint.live.connections", feed, EventFeed::connections)
                .description("WebSocket clients of live streams on this instance")
                .register(registry);
        fetched = Counter.builder("bridgepoint.live.events.fetched")
                .description("Events read into the live caches")
                .register(registry);
        connects = Counter.builder("bridgepoint.live.subscriptions")
                .description("Clients subscribed")
                .register(registry);
        disconnects = Counter.builder("bridgepoint.live.unsubscriptions")
                .description("Clients gone")
                .register(registry);
        slow = Counter.builder("bridgepoint.live.too.slow")
                .description("Clients closed for falling behind (4000)")
                .register(registry);
        push = Timer.builder("bridgepoint.live.push")
                .description("Time an event loop spends pushing new events to its clients")
                .register(registry);
    }

    void eventsFetched(int n) {
        if (fetched != null) {
            fetched.increment(n);
        }
    }

    void connected() {
        if (connects != null) {
            connects.increment();
        }
    }

    void disconnected() {
        if (disconnects != null) {
            disconnects.increment();
        }
    }

    void tooSlow() {
        if (slow != null) {
            slow.increment();
        }
    }

    void pushed(long nanos) {
        if (push != null) {
            push.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
