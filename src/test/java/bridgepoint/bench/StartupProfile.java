package bridgepoint.bench;

import bridgepoint.support.Report;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a start-up's time went, from a JFR recording ({@code settings=profile}) of it, up to readiness: the methods
 * most often on top of the sampled Java stacks (self), the application and framework methods most often anywhere in
 * them (inclusive: the phases of the start-up), the packages on top, the threads sampled, and the garbage collections
 * and classes loaded by then.
 */
final class StartupProfile {

    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> inclusive = new HashMap<>();
    private final Map<String, Integer> packages = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    private final Map<String, Integer> phases = new HashMap<>();
    private final Map<String, Integer> threads = new HashMap<>();
    private final Map<String, Integer> nativeThreads = new HashMap<>();
    private int samples;
    private int nativeSamples;
    private int collections;
    private Duration collectionPauses = Duration.ZERO;
    private long classesLoaded = -1;

    private StartupProfile() {}

    /** The samples and events of {@code recording} up to {@code until}. */
    static StartupProfile of(Path recording, Instant until) throws IOException {
        StartupProfile p = new StartupProfile();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (e.getStartTime().isAfter(until)) {
                continue;
            }
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> p.sample(e);
                case "jdk.NativeMethodSample" -> {
                    p.nativeSamples++;
                    p.nativeThreads.merge(thread(e), 1, Integer::sum);
                }
                case "jdk.GarbageCollection" -> {
                    p.collections++;
                    p.collectionPauses = p.collectionPauses.plus(e.getDuration("sumOfPauses"));
                }
                case "jdk.ClassLoadingStatistics" ->
                    p.classesLoaded = Math.max(p.classesLoaded, e.getLong("loadedClassCount"));
                default -> {
                    // not used
                }
            }
        }
        return p;
    }

    private void sample(RecordedEvent e) {
        if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        RecordedMethod top = frames.get(0).getMethod();
        self.merge(name(top), 1, Integer::sum);
        String type = top.getType().getName();
        packages.merge(type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : "", 1, Integer::sum);
        threads.merge(thread(e), 1, Integer::sum);
        step(frames);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
            String type2 = f.getMethod().getType().getName();
            if (!type2.startsWith("java.") && !type2.startsWith("jdk.") && !type2.startsWith("sun.")) {
                String name = name(f.getMethod());
                if (seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
        }
    }

    /**
     * Counts the sample for its phase (Quarkus's static init, runtime init, or neither) and for the recorded build
     * step it is in ({@code io.quarkus.runner.recorded.<processor>$<step>}), the outermost one on the stack.
     */
    private void step(List<RecordedFrame> frames) {
        String phase = "outside the application's static and runtime init (JVM, bootstrap, config, other threads)";
        String step = null;
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            String method = f.getMethod().getName();
            if (type.startsWith("io.quarkus.runner.recorded.")) {
                step = type.substring("io.quarkus.runner.recorded.".length()).replaceAll("[0-9]+$", "");
            }
            if (type.equals("io.quarkus.runner.ApplicationImpl")) {
                if (method.equals("<clinit>")) {
                    phase = "static init (ApplicationImpl.<clinit>)";
                } else if (method.equals("doStart")) {
                    phase = "runtime init (ApplicationImpl.doStart)";
                }
            }
        }
        phases.merge(phase, 1, Integer::sum);
        if (step != null) {
            steps.merge((phase.startsWith("static") ? "static  " : "runtime ") + step, 1, Integer::sum);
        }
    }

    private static String thread(RecordedEvent e) {
        RecordedThread thread = e.getThread("sampledThread");
        return thread == null ? "?" : String.valueOf(thread.getJavaName());
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    void print(Report report, int top) {
        report.line(
                "JFR profile of the service's start-up, up to readiness: %d samples of threads running Java code "
                        + "(JFR samples only those: not the JVM's own work such as loading and linking classes or "
                        + "compiling), %d of threads in native code; %d garbage collections by then (pauses %d ms in "
                        + "all); %s classes loaded",
                samples,
                nativeSamples,
                collections,
                collectionPauses.toMillis(),
                classesLoaded < 0 ? "?" : Long.toString(classesLoaded));
        table(report, "threads sampled running Java code", threads, 10);
        table(
                report,
                "threads sampled in native code (waiting on I/O and locks included)",
                nativeThreads,
                10,
                nativeSamples);
        table(report, "phases of the start-up (samples of all threads)", phases, 10);
        table(report, "Quarkus's recorded start-up steps (static or runtime init)", steps, top);
        table(report, "hottest methods (self: on top of the stack)", self, top);
        table(report, "packages on top of the stack", packages, top);
        table(
                report,
                "application and framework methods anywhere on the stack (inclusive; no java.*, jdk.*)",
                inclusive,
                top);
    }

    private void table(Report report, String title, Map<String, Integer> counts, int top) {
        table(report, title, counts, top, samples);
    }

    private static void table(Report report, String title, Map<String, Integer> counts, int top, int total) {
        report.line("");
        report.line("%s:", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .forEach(c -> report.line(
                        "  %6d  %5.1f %%  %s", c.getValue(), 100.0 * c.getValue() / Math.max(1, total), c.getKey()));
    }
}
