package bridgepoint.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The settings of the live streams and site presence ({@code bridgepoint.live.*}; see README, Live). */
@ConfigMapping(prefix = "bridgepoint.live")
public interface LiveConfig {

    /** {@code cache-size}: recent events kept rendered per conference, so that resuming clients need no query. */
    @WithDefault("4096")
    int cacheSize();

    /**
     * {@code max-pending-messages}: unwritten messages a client may have; one that takes none of them while more than
     * that many new events come is closed ({@link CloseCodes#TOO_SLOW}).
     */
    @WithDefault("1000")
    int maxPendingMessages();

    /** {@code poll-interval}: how often each followed conference reads the event table (the delay of a lost notification). */
    @WithDefault("PT5S")
    Duration pollInterval();

    /** {@code offline-after}: a site with no heartbeat for this long goes {@code site.offline}. */
    @WithDefault("PT30S")
    Duration offlineAfter();

    /**
     * {@code client-messages-per-minute}: messages a client may send on its stream (heartbeats: 6 a minute); one that
     * sends more is closed ({@link CloseCodes#POLICY_VIOLATION}).
     */
    @WithDefault("60")
    int clientMessagesPerMinute();

    /**
     * {@code listener-ping}: how often the notification listener sends itself a notification; with no reply for
     * twice this long its connection counts as dead and is replaced (readiness is down meanwhile).
     */
    @WithDefault("PT5S")
    Duration listenerPing();

    /**
     * {@code max-sockets-per-token}: open streams one token (by its id) may have on this instance; more are closed at
     * once ({@link CloseCodes#TOO_MANY_SOCKETS}).
     */
    @WithDefault("8")
    int maxSocketsPerToken();

    /**
     * {@code max-sockets-per-address}: open streams one client address may have on this instance (a hall's delegates
     * share one NAT address); more are closed at once ({@link CloseCodes#TOO_MANY_SOCKETS}).
     */
    @WithDefault("2000")
    int maxSocketsPerAddress();

    /** {@code presence-sweep}: how often the sites whose heartbeats stopped are looked for. */
    @WithDefault("PT5S")
    Duration presenceSweep();

    /**
     * {@code conference-gauges}: how many conferences (those with the most clients here) get a gauge of their own,
     * {@code bridgepoint_live_conference_connections}; bounds the metric's series.
     */
    @WithDefault("20")
    int conferenceGauges();
}
