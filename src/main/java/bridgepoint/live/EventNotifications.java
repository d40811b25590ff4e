package bridgepoint.live;

import bridgepoint.security.TokenSubjects;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.security.Principal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/**
 * Listens on PostgreSQL's {@code bridgepoint_events} channel, where every commit of an event says
 * "conference X has events up to seq N", and tells the {@link EventFeed}; and on {@link TokenSubjects#CHANNEL},
 * where a removed account or delegate (or a replaced join code) is named, and tells {@link TokenSubjects}; and on
 * {@link SiteDepartures#CHANNEL}, where a site that left a conference is named, and tells {@link SiteDepartures}. One
 * connection of its own, outside the pool; when it breaks (a database restart) it reconnects with back-off and
 * then has every channel poll and every token subject read again, since notifications sent meanwhile are lost.
 */
@ApplicationScoped
public class EventNotifications {

    private static final Logger LOG = Logger.getLogger(EventNotifications.class);

    /** Where the listener sends itself a notification now and then, to know that its connection still works. */
    static final String PING_CHANNEL = "bridgepoint_ping";

    /** The listening connection's {@code application_name}. */
    public static final String APPLICATION_NAME = "bridgepoint-listener";

    /** The pool's own settings: the listener connects where, and as whom, the application does. */
    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventFeed feed;

    @Inject
    TokenSubjects subjects;

    @Inject
    SiteDepartures departures;

    @Inject
    LiveConfig config;

    @Inject
    LiveMetrics metrics;

    /** Written by the startup and shutdown observers; the listener thread stops once it is false. */
    private volatile boolean running;
    /** Written by the listener thread. */
    private volatile boolean connected;

    private Thread thread;

    void start(@Observes StartupEvent event) {
        metrics.register(this);
        running = true;
        thread = new Thread(this::listen, "event-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Whether the listener is connected (the readiness check reports it). */
    public boolean connected() {
        return connected;
    }

    private void listen() {
        long backoff = 250;
        boolean warned = false;
        boolean connectedBefore = false;
        while (running) {
            try (Connection connection = connect()) {
                try (Statement st = connection.createStatement()) {
                    st.execute("LISTEN " + EventLog.CHANNEL);
                    st.execute("LISTEN " + TokenSubjects.CHANNEL);
                    st.execute("LISTEN " + SiteDepartures.CHANNEL);
                    st.execute("LISTEN " + PING_CHANNEL);
                }
                Ping ping = new Ping(config.listenerPing().toNanos());
                connected = true;
                if (connectedBefore) {
                    metrics.listenerReconnected();
                }
                connectedBefore = true;
                if (warned) {
                    LOG.info("Listening for events again");
                }
                warned = false;
                backoff = 250;
                feed.pollAll();
                subjects.forgetAll();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    ping.sendIfDue(connection);
                    PGNotification[] notifications = pg.getNotifications(ping.waitMillis());
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            if (TokenSubjects.CHANNEL.equals(n.getName())) {
                                revoked(n.getParameter());
                            } else if (SiteDepartures.CHANNEL.equals(n.getName())) {
                                departures.notified(n.getParameter());
                            } else if (PING_CHANNEL.equals(n.getName())) {
                                ping.heard(n.getParameter());
                            } else {
                                dispatch(n.getParameter());
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (!running) {
                    return;
                }
                if (!warned) {
                    LOG.warnf("Event notifications interrupted (%s); reconnecting", e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(backoff); // back-off between reconnection attempts, not a wait for a condition
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        connected = false;
    }

    /** A connection of its own (LISTEN holds it for good), with the pool's URL and credentials. */
    private Connection connect() throws SQLException {
        AgroalConnectionFactoryConfiguration factory =
                dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration();
        Principal principal = factory.principal();
        String password = null;
        for (Object credential : factory.credentials()) {
            if (credential instanceof SimplePassword simple) {
                password = simple.getWord();
            }
        }
        Properties properties = new Properties();
        properties.putAll(factory.jdbcProperties()); // e.g. TLS settings given to the pool
        if (principal != null) {
            properties.setProperty("user", principal.getName());
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // how operators tell this connection from the pool's in pg_stat_activity
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        // a statement on a dead connection (the ping) fails after this, instead of waiting for TCP to give up
        properties.setProperty(
                "socketTimeout",
                Long.toString(Math.max(1, 2 * config.listenerPing().toSeconds())));
        return DriverManager.getConnection(factory.jdbcUrl(), properties);
    }

    private void revoked(String subject) {
        try {
            subjects.forget(UUID.fromString(subject));
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring a malformed revocation '%s'", subject);
        }
    }

    /**
     * A round trip through the server on the listening connection itself: a connection that went silently dead (a
     * hung backend, a network path that drops packets without a reset) does not fail a read, but its pings stop
     * coming back; after two intervals without one it is given up and a new one is opened (readiness is down
     * meanwhile). The ping's statement runs under a timeout, so a dead connection cannot hold it either.
     */
    private static final class Ping {
        private final long intervalNanos;
        private final String prefix = UUID.randomUUID() + ":";
        private long sent;
        private long lastHeard = System.nanoTime();
        private long nextAt = System.nanoTime();

        Ping(long intervalNanos) {
            this.intervalNanos = intervalNanos;
        }

        void sendIfDue(Connection connection) throws SQLException {
            long now = System.nanoTime();
            if (now - lastHeard > 2 * intervalNanos) {
                throw new SQLException("no reply to the listener's own notification for "
                        + Duration.ofNanos(now - lastHeard).toMillis() + " ms");
            }
            if (now >= nextAt) {
                try (PreparedStatement ps = connection.prepareStatement("select pg_notify(?, ?)")) {
                    ps.setQueryTimeout(
                            (int) Math.max(1, Duration.ofNanos(intervalNanos).toSeconds()));
                    ps.setString(1, PING_CHANNEL);
                    ps.setString(2, prefix + (++sent));
                    ps.execute();
                }
                nextAt = now + intervalNanos;
            }
        }

        void heard(String payload) {
            if (payload.startsWith(prefix)) {
                lastHeard = System.nanoTime();
            }
        }

        int waitMillis() {
            long untilNext = nextAt - System.nanoTime();
            return (int) Math.max(1, Math.min(1000, untilNext / 1_000_000));
        }
    }

    private void dispatch(String payload) {
        int colon = payload.lastIndexOf(':');
        try {
            feed.notified(UUID.fromString(payload.substring(0, colon)), Long.parseLong(payload.substring(colon + 1)));
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring a malformed notification '%s'", payload);
        }
    }
}
