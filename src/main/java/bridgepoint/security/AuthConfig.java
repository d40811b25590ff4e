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
        /** Logins ({@code POST /api/auth/token}, a password change with the current password), per account name. */
        Login login();

        /** Joins and reset codes, per client address. */
        Address address();

        /** How long a password reset code given out by an organizer can be used (once). */
        @WithDefault("PT24H")
        Duration resetCodeTtl();
    }

    /**
     * Failed logins of one account name, from any address: the first {@link #freeFailures()} cost nothing, then each
     * attempt waits {@link #backoff()} after the last failure, doubled per further failure up to {@link
     * #maxBackoff()}. A successful login clears them.
     */
    interface Login {
        /** Failed logins of an account that are not followed by any wait. */
        @WithDefault("5")
        int freeFailures();

        /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
        @WithDefault("PT1S")
        Duration backoff();

        /** The longest wait between two attempts on one account. */
        @WithDefault("PT15M")
        Duration maxBackoff();

        /** Failures of an account with no further failure for this long are forgotten. */
        @WithDefault("P1D")
        Duration forgetAfter();
    }

    /**
     * Failed joins and failed reset codes of one client address (each kind on its own), counted in a fixed window
     * from the first failure: at the budget, every attempt of that kind from the address is refused until the window
     * ends. Successes are not counted and do not move the window.
     */
    interface Address {
        /** Failures of one kind from one address within {@link #window()} before its attempts are refused (429). */
        @WithDefault("100")
        int failureBudget();

        /** The window, from an address's first failure. */
        @WithDefault("PT15M")
        Duration window();
    }

    interface Admin {
        /** The first organizer account, created when the database has no account at all. */
        @WithDefault("admin")
        String username();

        /** Its password; the prod profile refuses to start without one. */
        Optional<String> password();
    }
}
