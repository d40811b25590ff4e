package bridgepoint.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
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

        /**
         * The signing keys: {@code kid=secret} entries separated by commas (secret: base64 or base64url of at least 32
         * random bytes). One signs new tokens ({@link #signingKey()}), the others still verify the tokens they signed.
         */
        Optional<String> keys();

        /** A file of {@code kid=secret} lines (e.g. a Kubernetes Secret mounted as a file), added to {@link #keys()}. */
        Optional<Path> keysFile();

        /** The kid of the key that signs new tokens; by default the first key listed ({@link #keys()} before the file). */
        Optional<String> signingKey();

        /**
         * With no key configured, sign with a key generated into the database (table {@code token_key}). Meant for the
         * embedded database only, whose launcher sets it (and dev mode): anyone with a dump of the database could sign
         * tokens with it. Without keys and without this, the service does not start.
         */
        @WithDefault("false")
        boolean databaseKey();
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
