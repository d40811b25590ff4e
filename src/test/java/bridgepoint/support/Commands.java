package bridgepoint.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Tools the tests run as processes (jcmd, nginx, kubectl, PostgreSQL's own): each to its end, for its output. */
public final class Commands {

    private Commands() {}

    public static String output(Duration max, String... command) {
        return output(new ProcessBuilder(command), null, max);
    }

    public static String output(Duration max, List<String> command) {
        return output(new ProcessBuilder(command), null, max);
    }

    /**
     * Runs {@code builder}'s command with {@code input} (or none) on its standard input; its output, standard error
     * included. Fails with that output unless it exits with 0 within {@code max}.
     */
    public static String output(ProcessBuilder builder, String input, Duration max) {
        String command = String.join(" ", builder.command());
        try {
            Process p = builder.redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + max + ":\n" + output);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + p.exitValue() + "):\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command, e);
        }
    }
}
