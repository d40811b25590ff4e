package bridgepoint.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The figures a benchmark or a proof reports: lines printed as they come ({@code [kind] …}) and kept for
 * {@code target/<kind>/<name>.txt}.
 */
public final class Report {

    private final String kind;
    private final StringBuilder text = new StringBuilder();

    public Report(String kind) {
        this.kind = kind;
    }

    public void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println("[" + kind + "] " + s);
        text.append(s).append('\n');
    }

    public void save(String name) throws IOException {
        Path out = Path.of("target", kind, name + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text.toString());
    }
}
