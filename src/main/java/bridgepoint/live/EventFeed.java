package bridgepoint.live;

import bridgepoint.common.DaemonThreads;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This instance's side of the live streams: a {@link ConferenceChannel} per conference that has clients
 * here, fed from the event table when this instance commits an event, when another instance's commit is
 * notified ({@link EventNotifications}), and by a periodic poll that makes a lost notification harmless.
 */
@ApplicationScoped
public class EventFeed {

    private static final Logger LOG = Logger.getLogger(EventFeed.class);

    @Inject
    LiveConfig config;

    @Inject
    EventLog log;

    @Inject
    LiveSnapshots snapshots;

    @Inject
    LiveMetrics metrics;

    @Inject
    EntityManager em;

    private final ConcurrentHashMap<UUID, CompletableFuture<ConferenceChannel>> channels = new ConcurrentHashMap<>();
    /** Written by the shutdown observers; read by the WebSocket upgrade checks. */
    private volatile boolean shuttingDown;

    private ExecutorService workers;
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        workers = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), DaemonThreads.named("live-feed"));
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("live-feed-timer"));
        long every = config.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::housekeeping, every, every, TimeUnit.MILLISECONDS);
        metrics.register(this);
    }

    /**
     * First thing on shutdown, before the HTTP server stops (quarkus.shutdown.delay): clients are told to
     * reconnect elsewhere ({@link CloseCodes#GOING_AWAY}) and resume.
     */
    void goingAway(@Observes ShutdownDelayInitiatedEvent event) {
        shuttingDown = true;
        closeClients();
    }

    /** True once shutdown has begun: new clients are refused (503) so that they connect elsewhere. */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
        closeClients();
        if (timer != null) {
            timer.shutdownNow();
        }
        if (workers != null) {
            workers.shutdown();
        }
    }

    private void closeClients() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (CompletableFuture<ConferenceChannel> f : channels.values()) {
            ConferenceChannel channel = f.getNow(null);
            if (channel != null) {
                closing.add(channel.closeAll(CloseCodes.GOING_AWAY, "server shutting down; reconnect and resume"));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("Not every WebSocket client was told of the shutdown: %s", e.toString());
        }
    }

    // ---- the stream grows --------------------------------------------------------------------------

    /** After this instance committed {@code event}: its channel may take it as it is, without reading it. */
    void committed(LiveEvent event) {
        ConferenceChannel channel = ready(event.conferenceId());
        if (channel != null) {
            channel.committed(event);
        }
    }

    /** Some instance committed event {@code seq}: fetch it if this instance has clients of that conference. */
    public void notified(UUID conferenceId, long seq) {
        ConferenceChannel channel = ready(conferenceId);
        if (channel != null) {
            channel.advanceTo(seq);
        }
    }

    /** After notifications may have been missed (the listener reconnected): every channel reads what is new. */
    public void pollAll() {
        for (CompletableFuture<ConferenceChannel> f : channels.values()) {
            ConferenceChannel channel = f.getNow(null);
            if (channel != null) {
                channel.poll();
            }
        }
    }

    // ---- subscribers -------------------------------------------------------------------------------

    /** Call on the subscriber's event loop. */
    public void subscribe(Subscriber s, Long after, UUID epoch) {
        ConferenceChannel channel = ready(s.conferenceId);
        if (channel != null) {
            join(channel, s, after, epoch);
            return;
        }
        channel(s.conferenceId)
                .whenComplete((c, failure) -> s.context.runOnContext(v -> {
                    if (failure != null) {
                        LOG.warnf(failure, "Cannot open the stream of conference %s", s.conferenceId);
                        s.sink.close(CloseCodes.UNAVAILABLE, "stream unavailable, reconnect");
                    } else if (!s.closed) {
                        join(c, s, after, epoch);
                    }
                }));
    }

    /** A channel taken out of service meanwhile refuses the subscriber, which then joins a new one. */
    private void join(ConferenceChannel channel, Subscriber s, Long after, UUID epoch) {
        if (!channel.subscribe(s, after, epoch)) {
            channels.computeIfPresent(channel.conferenceId, (id, f) -> f.getNow(null) == channel ? null : f);
            subscribe(s, after, epoch);
        }
    }

    /** Call on the subscriber's event loop. */
    public void unsubscribe(Subscriber s) {
        if (s.channel != null) {
            s.channel.unsubscribe(s);
        } else {
            s.closed = true;
        }
    }

    /** Whether this instance already follows the conference (so it is known to exist). */
    public boolean follows(UUID conferenceId) {
        return ready(conferenceId) != null;
    }

    private ConferenceChannel ready(UUID conferenceId) {
        CompletableFuture<ConferenceChannel> f = channels.get(conferenceId);
        return f == null ? null : f.getNow(null);
    }

    private CompletableFuture<ConferenceChannel> channel(UUID conferenceId) {
        return channels.computeIfAbsent(conferenceId, id -> {
            CompletableFuture<ConferenceChannel> f = new CompletableFuture<>();
            worker(() -> {
                try {
                    ConferenceChannel c = open(id);
                    f.complete(c);
                    c.poll(); // events committed while it was being opened
                } catch (RuntimeException e) {
                    channels.remove(id, f);
                    f.completeExceptionally(e);
                }
            });
            return f;
        });
    }

    /** Opens a channel with the most recent events already cached, so that resuming clients need no query. */
    @Transactional
    ConferenceChannel open(UUID conferenceId) {
        String zone = (String) em.createNativeQuery("select time_zone from conference where id = ?1")
                .setParameter(1, conferenceId)
                .getSingleResult();
        EventLog.Position position = log.position(conferenceId);
        int cacheSize = config.cacheSize();
        List<LiveEvent> recent =
                log.read(conferenceId, Math.max(0, position.lastSeq() - cacheSize), position.lastSeq(), cacheSize);
        return new ConferenceChannel(conferenceId, this, zone, position, recent, cacheSize);
    }

    /** The stream was reset: its clients reconnect and get a snapshot of the new stream. */
    void reset(ConferenceChannel channel) {
        channels.remove(channel.conferenceId);
        channel.closeAll(CloseCodes.STREAM_RESET, "the event stream was reset; reconnect");
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    void worker(Runnable task) {
        workers.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Live feed task failed", e);
            }
        });
    }

    void retryLater(ConferenceChannel channel) {
        timer.schedule(channel::poll, 1, TimeUnit.SECONDS);
    }

    /**
     * Polls the followed conferences; forgets the ones nobody has watched here for ten minutes; updates the gauges
     * of the conferences with the most clients.
     */
    private void housekeeping() {
        long idleLimit = System.nanoTime() - TimeUnit.MINUTES.toNanos(10);
        Map<UUID, Integer> watched = new HashMap<>();
        for (var entry : channels.entrySet()) {
            ConferenceChannel channel = entry.getValue().getNow(null);
            if (channel == null) {
                continue;
            }
            int subscribers = channel.subscriberCount();
            if (subscribers > 0) {
                watched.put(entry.getKey(), subscribers);
                channel.poll();
            } else if (channel.retireIfIdle(idleLimit)) {
                channels.remove(entry.getKey(), entry.getValue());
            }
        }
        metrics.conferenceConnections(largest(watched, config.conferenceGauges()));
    }

    /** The {@code n} conferences with the most clients. */
    static Map<UUID, Integer> largest(Map<UUID, Integer> clients, int n) {
        Map<UUID, Integer> top = new HashMap<>();
        clients.entrySet().stream()
                .sorted(Map.Entry.<UUID, Integer>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    int connections() {
        int n = 0;
        for (CompletableFuture<ConferenceChannel> f : channels.values()) {
            ConferenceChannel c = f.getNow(null);
            if (c != null) {
                n += c.subscriberCount();
            }
        }
        return n;
    }

    EventLog log() {
        return log;
    }

    LiveSnapshots snapshots() {
        return snapshots;
    }

    LiveMetrics metrics() {
        return metrics;
    }

    int maxPending() {
        return config.maxPendingMessages();
    }
}
