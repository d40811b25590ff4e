package bridgepoint.bench;

import bridgepoint.support.RawWebSocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.awaitility.Awaitility.await;

/**
 * Thousands of WebSocket clients of one conference stream for the benchmark, written on plain NIO so that they
 * take as little as possible of the two cores the service under test also runs on: a canned handshake, frames
 * read without a WebSocket library, and of each message only {@code seq} and {@code at} looked at. Per seq it
 * records when each client received it.
 */
final class LeanClients implements AutoCloseable {

    private volatile InetSocketAddress server;
    private final String path;
    private final List<String> tokens;
    private final int n;
    private final Loop[] loops;
    private final SocketChannel[] channels;
    private final AtomicLongArray lastSeq;
    final AtomicInteger upgraded = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    /** seq -> event time (micros since epoch, from the event's "at"). */
    private final Map<Long, Long> eventAt = new ConcurrentHashMap<>();
    /** seq -> arrival micros ({@link #nowMicros}), one slot per client. */
    private final Map<Long, AtomicLongArray> arrivals = new ConcurrentHashMap<>();
    /** The last message client 0 received, to show what the stream sends. */
    private volatile String sample;

    private static final long WALL_MICROS = micros(Instant.now());
    private static final long NANOS = System.nanoTime();

    /** Client {@code i} connects with {@code tokens.get(i % tokens.size())}. */
    LeanClients(int port, String conference, List<String> tokens, int n, int threads) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.path = "/ws/conferences/" + conference;
        this.tokens = List.copyOf(tokens);
        this.n = n;
        this.channels = new SocketChannel[n];
        this.lastSeq = new AtomicLongArray(n);
        this.loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop("lean-client-" + i);
            loops[i].start();
        }
    }

    /** The next connections go to the service on this port (another instance). */
    void retarget(int port) {
        server = new InetSocketAddress("127.0.0.1", port);
    }

    /** Opens every client at once ({@code after} null: a snapshot first; else each resumes after its seq). */
    void connectAll(long[] after) {
        upgraded.set(0);
        failed.set(0);
        for (int i = 0; i < n; i++) {
            byte[] request = RawWebSocket.upgradeRequest(
                    server.getHostString(),
                    server.getPort(),
                    path + (after == null ? "" : "?after=" + after[i]),
                    tokens.get(i % tokens.size()));
            loops[i % loops.length].open(i, request);
        }
    }

    void awaitUpgraded(Duration max) {
        await("all clients upgraded or failed")
                .atMost(max)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> upgraded.get() + failed.get() >= n);
        if (failed.get() > 0) {
            throw new AssertionError(failed.get() + " clients failed to connect");
        }
    }

    /** Waits until every client has received seq {@code seq} (at least 1: a snapshot). */
    void awaitAll(long seq, Duration max) {
        await("every client at seq " + seq)
                .atMost(max)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    for (int i = 0; i < n; i++) {
                        if (lastSeq.get(i) < Math.max(seq, 1)) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    long lastSeqOf(int client) {
        return lastSeq.get(client);
    }

    long[] lastSeqs() {
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = lastSeq.get(i);
        }
        return seqs;
    }

    /** Every delivery's latency (arrival minus the event's time), sorted. */
    long[] latenciesMicros(long first, long last) {
        List<Long> all = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            AtomicLongArray a = arrivals.get(seq);
            Long at = eventAt.get(seq);
            if (a == null || at == null) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (a.get(i) > 0) {
                    all.add(a.get(i) - at);
                }
            }
        }
        return sorted(all);
    }

    /** Per event, the latency to the last client that received it, sorted. */
    long[] lastClientLatenciesMicros(long first, long last) {
        List<Long> worst = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            AtomicLongArray a = arrivals.get(seq);
            Long at = eventAt.get(seq);
            if (a == null || at == null) {
                continue;
            }
            long max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, a.get(i));
            }
            worst.add(max - at);
        }
        return sorted(worst);
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /**
     * When the last client received seq {@code seq}, on the clock of {@link #nowMicros}; -1 while some client has
     * not received it.
     */
    long lastArrivalMicros(long seq) {
        AtomicLongArray a = arrivals.get(seq);
        if (a == null) {
            return -1;
        }
        long max = 0;
        for (int i = 0; i < n; i++) {
            long t = a.get(i);
            if (t == 0) {
                return -1;
            }
            max = Math.max(max, t);
        }
        return max;
    }

    /** When the first client received seq {@code seq} (as {@link #lastArrivalMicros}), or -1. */
    long firstArrivalMicros(long seq) {
        AtomicLongArray a = arrivals.get(seq);
        long min = Long.MAX_VALUE;
        for (int i = 0; a != null && i < n; i++) {
            long t = a.get(i);
            if (t > 0) {
                min = Math.min(min, t);
            }
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    /** The last message client 0 received (a snapshot or an event). */
    String sample() {
        return sample;
    }

    /**
     * The clock of the arrival times: microseconds since the epoch, but advancing with {@link System#nanoTime()}
     * (monotonic), so that an interval measured against it with this method is exact.
     */
    static long nowMicros() {
        return WALL_MICROS + (System.nanoTime() - NANOS) / 1000;
    }

    /** Drops every connection (TCP close, no closing handshake), as when a load balancer reloads. */
    void dropAll() throws InterruptedException {
        for (Loop loop : loops) {
            loop.submit(loop::dropAll);
        }
        for (Loop loop : loops) {
            loop.awaitIdle();
        }
    }

    @Override
    public void close() throws InterruptedException {
        dropAll();
        for (Loop loop : loops) {
            loop.interrupt();
        }
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
    }

    /** One selector thread and its connections. */
    private final class Loop extends Thread {
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final List<Integer> mine = new ArrayList<>();
        private volatile boolean idle;

        Loop(String name) throws IOException {
            super(name);
            setDaemon(true);
            selector = Selector.open();
        }

        void open(int client, byte[] request) {
            submit(() -> {
                try {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    Conn conn = new Conn(client, ByteBuffer.wrap(request));
                    channels[client] = ch;
                    mine.add(client);
                    if (ch.connect(server)) {
                        ch.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, conn);
                    } else {
                        ch.register(selector, SelectionKey.OP_CONNECT, conn);
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            });
        }

        void submit(Runnable task) {
            idle = false;
            tasks.add(task);
            selector.wakeup();
        }

        void awaitIdle() throws InterruptedException {
            CountDownLatchTask done = new CountDownLatchTask();
            submit(done);
            done.await();
        }

        void dropAll() {
            for (int client : mine) {
                try {
                    SocketChannel ch = channels[client];
                    if (ch != null) {
                        ch.close();
                    }
                } catch (IOException ignored) {
                    // closing anyway
                }
                channels[client] = null;
            }
            mine.clear();
        }

        @Override
        public void run() {
            try {
                while (!isInterrupted()) {
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        task.run();
                    }
                    idle = true;
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        handle(key);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void handle(SelectionKey key) {
            Conn conn = (Conn) key.attachment();
            SocketChannel ch = (SocketChannel) key.channel();
            try {
                if (key.isValid() && key.isConnectable() && ch.finishConnect()) {
                    key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                }
                if (key.isValid() && key.isWritable()) {
                    ch.write(conn.request);
                    if (!conn.request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    int read = ch.read(conn.in);
                    if (read < 0) {
                        key.cancel();
                        ch.close();
                        return;
                    }
                    conn.in.flip();
                    conn.consume();
                    conn.in.compact();
                }
            } catch (IOException e) {
                key.cancel();
                if (!conn.upgraded) {
                    failed.incrementAndGet();
                }
            }
        }
    }

    private static final class CountDownLatchTask implements Runnable {
        private final CountDownLatch latch = new CountDownLatch(1);

        @Override
        public void run() {
            latch.countDown();
        }

        void await() throws InterruptedException {
            latch.await();
        }
    }

    /** One connection's parsing state. */
    private final class Conn {
        final int client;
        final ByteBuffer request;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        boolean upgraded;

        Conn(int client, ByteBuffer request) {
            this.client = client;
            this.request = request;
        }

        void consume() {
            if (!upgraded) {
                int end = RawWebSocket.headerEnd(in);
                if (end < 0) {
                    return;
                }
                if (!RawWebSocket.switched(in)) {
                    failed.incrementAndGet();
                    in.position(in.limit());
                    return;
                }
                in.position(end);
                upgraded = true;
                upgraded();
            }
            in = RawWebSocket.frames(in, (opcode, a, from, length) -> {
                if (opcode == RawWebSocket.TEXT) {
                    message(a, from, length);
                }
                return true;
            });
        }

        private void upgraded() {
            LeanClients.this.upgraded.incrementAndGet();
        }

        /** Reads {@code seq} (and, for events, {@code at}) out of a JSON message without parsing it. */
        private void message(byte[] a, int from, int length) {
            long now = nowMicros();
            if (client == 0) {
                sample = new String(a, from, length, StandardCharsets.UTF_8);
            }
            long seq = RawWebSocket.seq(a, from, length);
            if (seq < 0) {
                return;
            }
            boolean snapshot = RawWebSocket.snapshot(a, from, length);
            if (!snapshot) {
                int atAt = RawWebSocket.find(a, from, from + length, AT);
                if (atAt >= 0) {
                    int s = atAt + AT.length;
                    int e = s;
                    while (e < from + length && a[e] != '"') {
                        e++;
                    }
                    String at = new String(a, s, e - s, StandardCharsets.US_ASCII);
                    eventAt.computeIfAbsent(
                            seq, k -> micros(OffsetDateTime.parse(at).toInstant()));
                }
                arrivals.computeIfAbsent(seq, k -> new AtomicLongArray(n)).set(client, now);
            }
            long s = seq;
            lastSeq.accumulateAndGet(client, s, Math::max);
        }
    }

    private static final byte[] AT = "\"at\":\"".getBytes(StandardCharsets.US_ASCII);
}
