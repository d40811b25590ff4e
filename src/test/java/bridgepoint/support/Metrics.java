package bridgepoint.support;

/** Reading samples out of the Prometheus text of {@code /q/metrics}. */
public final class Metrics {

    private Metrics() {}

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    public static double value(String text, String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (matches(line, name, labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Whether {@code name} has a sample whose labels contain every one of {@code labels}. */
    public static boolean has(String text, String name, String... labels) {
        return text.lines().anyMatch(line -> matches(line, name, labels));
    }

    private static boolean matches(String line, String name, String... labels) {
        if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
            return false;
        }
        for (String label : labels) {
            if (!line.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
