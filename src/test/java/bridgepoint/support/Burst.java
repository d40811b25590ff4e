package bridgepoint.support;

import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Requests {@code 0..n-1} sent in the background from a few threads (each thread takes the next index), as a
 * burst of changes from several organizers' clients. {@link #statuses()} waits for all of them.
 */
public final class Burst implements AutoCloseable {

    private final ExecutorService pool;
    private final CompletableFuture<Void> done;
    private final int[] statuses;
    private final String[] failures;
    private final AtomicInteger sent = new AtomicInteger();

    private Burst(int n, int threads, IntFunction<Response> request) {
        statuses = new int[n];
        failures = new String[n];
        pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            Response r = request.apply(i);
                            statuses[i] = r.statusCode();
                            if (r.statusCode() >= 300) {
                                failures[i] = r.asString();
                            }
                            sent.incrementAndGet();
                        }
                    },
                    pool));
        }
        done = CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new));
    }

    public static Burst start(int n, int threads, IntFunction<Response> request) {
        return new Burst(n, threads, request);
    }

    /** How many requests have been answered so far. */
    public int answered() {
        return sent.get();
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** Waits for every request; their statuses in index order. */
    public List<Integer> statuses() {
        try {
            done.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the burst did not complete: " + e, e);
        }
        List<Integer> list = new ArrayList<>();
        for (int s : statuses) {
            list.add(s);
        }
        return list;
    }

    /** Waits for every request, which must all have succeeded (2xx). */
    public void assertAllSucceeded() {
        List<Integer> all = statuses();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) >= 300) {
                throw new AssertionError("request " + i + " of the burst answered " + all.get(i) + ": " + failures[i]);
            }
        }
    }

    /** The body of request {@code i} if it failed. */
    public String failure(int i) {
        return failures[i];
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
