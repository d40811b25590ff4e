package bridgepoint.launch;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the embedded PostgreSQL when no external database is configured, then the service.
 * Not used by {@code @QuarkusTest}: tests bring their own database.
 */
@QuarkusMain
public class BridgepointMain {

    public static void main(String... args) {
        try {
            EmbeddedDatabase.startIfNoDatabaseConfigured();
        } catch (EmbeddedDatabase.StartFailure e) {
            System.err.println("Bridgepoint cannot start: " + e.getMessage());
            System.exit(1);
        }
        Quarkus.run(args);
    }
}
