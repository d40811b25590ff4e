package bridgepoint.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Background threads of the service's own timers and workers: named, and never holding the JVM up at exit. */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Threads called {@code name-1}, {@code name-2}, … */
    public static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
