package bridgepoint.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Who may sign in, for how long, and how often they may fail ({@code bridgepoint.token.*}, {@code .auth.*}, {@code .admin.*}). */
@ConfigMapping(prefix = "bridgepoint")
public interface AuthConfig {

    Token token();

    Auth auth();

    Admin admin();

    interface Token {
        /** Lifetime of the access tokens issued to organizers, site hosts and delegates. */
        @WithDefault("PT12H")
        Duration ttl();

        /**
         * Lifetime of a delegate's read-only calendar token (calendar apps poll with it for a long time; replacing
         * the join code or removing the delegate revokes it earlier).
         */
        @WithDefault("P366D")
        Duration calendarTtl();
    }

    interface Auth {
        /** Failed logins or joins from one client within {@link #failureWindow()} before it is refused with 429. */
        @WithDefault("10")
        int failureLimit();

        /** How long failures are counted, and how long a refused client waits after its last failure. */
        @WithDefault("PT5M")
        Duration failureWindow();

        /** How long a password reset code given out by an organizer can be used (once). */
        @WithDefault("PT24H")
        Duration resetCodeTtl();
    }

    interface Admin {
        /** The first organizer account, created when the database has no account at all. */
        @WithDefault("admin")
        String username();

        /** Its password; the prod profile refuses to start without one. */
        Optional<String> password();
    }
}
