package bridgepoint.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An embedded PostgreSQL that a test stops under running instances and starts again, on the same port with the same
 * data: the database going away and coming back, as the instances see it.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path data;
    private final int port = ServiceProcess.freePort();
    private EmbeddedPostgres postgres;

    public RestartablePostgres(Path directory) {
        data = directory.resolve("pg");
        start();
    }

    public void start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running server. */
    public EmbeddedPostgres embedded() {
        return postgres;
    }

    /** An instance's environment for this database, with {@code more}. */
    public Map<String, String> serviceEnv(Map<String, String> more) {
        return ServiceProcess.database(postgres, more);
    }

    @Override
    public void close() {
        stop();
    }
}
