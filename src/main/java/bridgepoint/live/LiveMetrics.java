package bridgepoint.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Prometheus metrics of the live streams ({@code bridgepoint_live_*} at /q/metrics; see README, Operations). */
@ApplicationScoped
public class LiveMetrics {

    @Inject
    MeterRegistry registry;

    private Counter published;
    private Counter fetched;
    private Counter fromMemory;
    private Counter connects;
    private Counter disconnects;
    private Counter slow;
    private Counter listenerReconnects;
    private Counter overTokenCap;
    private Counter overAddressCap;
    private Timer push;
    private Timer delivery;
    private MultiGauge perConference;

    @PostConstruct
    void create() {
        published = Counter.builder("bridgepoint.live.events.published")
                .description("Events committed by this instance")
                .register(registry);
        fetched = Counter.builder("bridgepoint.live.events.fetched")
                .description("Events read into the live caches")
                .register(registry);
        fromMemory = Counter.builder("bridgepoint.live.events.unread")
                .description("Of the events in the live caches, those this instance committed and took as they were, "
                        + "without reading them back")
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
        overTokenCap = overCap("token");
        overAddressCap = overCap("address");
        listenerReconnects = Counter.builder("bridgepoint.live.listener.reconnects")
                .description("Times the notification listener connected again after losing its connection")
                .register(registry);
        push = Timer.builder("bridgepoint.live.push")
                .description("Time an event loop spends pushing new events to its clients")
                .register(registry);
        delivery = Timer.builder("bridgepoint.live.delivery")
                .description("From an event's time (set in the committing transaction) to its write to the clients"
                        + " of an event loop")
                .serviceLevelObjectives(
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
        perConference = MultiGauge.builder("bridgepoint.live.conference.connections")
                .description("WebSocket clients of a conference on this instance (the conferences with the most)")
                .register(registry);
    }

    private Counter overCap(String cap) {
        return Counter.builder("bridgepoint.live.over.cap")
                .description("Sockets closed as they opened for being over a cap of this instance (4029)")
                .tag("cap", cap)
                .register(registry);
    }

    void register(EventFeed feed) {
        Gauge.builder("bridgepoint.live.connections", feed, EventFeed::connections)
                .description("WebSocket clients of live streams on this instance")
                .register(registry);
    }

    void register(EventNotifications listener) {
        Gauge.builder("bridgepoint.live.listener.connected", listener, l -> l.connected() ? 1 : 0)
                .description("1 while the notification listener is connected to PostgreSQL")
                .register(registry);
    }

    void published() {
        published.increment();
    }

    void eventsFetched(int n, boolean unread) {
        fetched.increment(n);
        if (unread) {
            fromMemory.increment(n);
        }
    }

    void connected() {
        connects.increment();
    }

    void disconnected() {
        disconnects.increment();
    }

    void tooSlow() {
        slow.increment();
    }

    void overCap(SocketLimits.Over over) {
        (over == SocketLimits.Over.TOKEN ? overTokenCap : overAddressCap).increment();
    }

    void listenerReconnected() {
        listenerReconnects.increment();
    }

    void pushed(long nanos) {
        push.record(nanos, TimeUnit.NANOSECONDS);
    }

    void delivered(long eventTimeMillis) {
        delivery.record(Math.max(0, System.currentTimeMillis() - eventTimeMillis), TimeUnit.MILLISECONDS);
    }

    /** Replaces the per-conference gauges: one row per conference given (the caller keeps the list short). */
    void conferenceConnections(Map<UUID, Integer> clients) {
        List<MultiGauge.Row<?>> rows = clients.entrySet().stream()
                .<MultiGauge.Row<?>>map(
                        e -> MultiGauge.Row.of(Tags.of("conference", e.getKey().toString()), e.getValue()))
                .toList();
        perConference.register(rows, true);
    }
}
