package bridgepoint.deploy;

import bridgepoint.support.RawWebSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.awaitility.Awaitility.await;

/**
 * Many WebSocket clients of one conference stream, as the web client behaves: each starts from a snapshot and, when
 * its connection ends (a close frame, or the TCP connection lost with its instance), connects again with
 * {@code after=<the last seq it got>} after a short random pause, until it is connected. Each client checks what it
 * receives: every event must be the one after the previous ({@code seq} + 1); one already seen is a duplicate, one
 * further on a gap. Plain NIO ({@code threads} selector threads, {@link RawWebSocket}), so that thousands of clients
 * cost the machine little; of each message only {@code seq} and the snapshot type are read.
 */
final class ResumingClients implements AutoCloseable {

    /** What the clients saw, in all. */
    record Tally(
            int clients,
            long events,
            long duplicates,
            long gaps,
            int reconnectedClients,
            long reconnects,
            long refusedAttempts,
            long unexpected) {}

    private final InetSocketAddress server;
    private final String path;
    private final String token;
    private final int n;
    private final Loop[] loops;

    /** Seq of the snapshot a client started from; -1 before it. */
    private final AtomicLongArray firstSeq;
    /** Seq of the last message in order; -1 before the snapshot. */
    private final AtomicLongArray lastSeq;

    private final AtomicIntegerArray events;
    private final AtomicIntegerArray duplicates;
    private final AtomicIntegerArray gaps;
    private final AtomicIntegerArray upgrades;
    private final AtomicInteger refused = new AtomicInteger();
    /** Clients connected right now. */
    private final AtomicInteger open = new AtomicInteger();

    private final AtomicInteger unexpected = new AtomicInteger();
    private volatile boolean closing;

    ResumingClients(int port, String conference, String token, int n, int threads) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.path = "/ws/conferences/" + conference;
        this.token = token;
        this.n = n;
        this.firstSeq = filled(n);
        this.lastSeq = filled(n);
        this.events = new AtomicIntegerArray(n);
        this.duplicates = new AtomicIntegerArray(n);
        this.gaps = new AtomicIntegerArray(n);
        this.upgrades = new AtomicIntegerArray(n);
        this.loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop("resuming-client-" + i);
            loops[i].start();
        }
    }

    private static AtomicLongArray filled(int n) {
        AtomicLongArray a = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) {
            a.set(i, -1);
        }
        return a;
    }

    void connectAll() {
        for (int i = 0; i < n; i++) {
            int client = i;
            loops[i % loops.length].submit(() -> loops[client % loops.length].open(client));
        }
    }

    /** Waits until every client has its snapshot. */
    void awaitStarted(Duration max) {
        await("every client has its snapshot")
                .atMost(max)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    for (int i = 0; i < n; i++) {
                        if (firstSeq.get(i) < 0) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** Waits until every client has received everything up to {@code seq}. */
    void awaitAllAt(long seq, Duration max) {
        await("every client at seq " + seq)
                .atMost(max)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> lowestSeq() >= seq);
    }

    /** Waits until every client is connected (again). */
    void awaitAllConnected(Duration max) {
        await("every client connected")
                .atMost(max)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> open.get() == n);
    }

    long lowestSeq() {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            lowest = Math.min(lowest, lastSeq.get(i));
        }
        return lowest;
    }

    /** Clients whose every message up to {@code finalSeq} came once and in order: the ones that are not are listed. */
    String problems(long finalSeq) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            long expected = finalSeq - firstSeq.get(i);
            if (lastSeq.get(i) != finalSeq || events.get(i) != expected || duplicates.get(i) > 0 || gaps.get(i) > 0) {
                sb.append(String.format(
                        "client %d: from snapshot %d to seq %d, %d events (expected %d), %d duplicates, %d gaps%n",
                        i, firstSeq.get(i), lastSeq.get(i), events.get(i), expected, duplicates.get(i), gaps.get(i)));
            }
        }
        return sb.toString();
    }

    Tally tally() {
        long ev = 0;
        long dup = 0;
        long gap = 0;
        int reconnected = 0;
        long reconnects = 0;
        for (int i = 0; i < n; i++) {
            ev += events.get(i);
            dup += duplicates.get(i);
            gap += gaps.get(i);
            if (upgrades.get(i) > 1) {
                reconnected++;
                reconnects += upgrades.get(i) - 1;
            }
        }
        return new Tally(n, ev, dup, gap, reconnected, reconnects, refused.get(), unexpected.get());
    }

    @Override
    public void close() {
        closing = true;
        for (Loop loop : loops) {
            loop.interrupt();
        }
    }

    // ---- one selector thread and its connections ---------------------------------------------------------------

    private final class Loop extends Thread {
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        /** Reconnections due later: {time in nanos, client}. Loop-confined. */
        private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));

        Loop(String name) throws IOException {
            super(name);
            setDaemon(true);
            selector = Selector.open();
        }

        void submit(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        void open(int client) {
            if (closing) {
                return;
            }
            long after = lastSeq.get(client);
            byte[] request = RawWebSocket.upgradeRequest(
                    server.getHostString(), server.getPort(), path + (after >= 0 ? "?after=" + after : ""), token);
            Conn conn = new Conn(client, ByteBuffer.wrap(request));
            try {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (ch.connect(server)) {
                    ch.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, conn);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, conn);
                }
            } catch (IOException e) {
                lost(conn, null);
            }
        }

        /** The connection ended: the client connects again after a pause (longer after a refused attempt). */
        private void lost(Conn conn, SelectionKey key) {
            if (key != null) {
                key.cancel();
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            if (conn.upgraded) {
                open.decrementAndGet();
            } else {
                refused.incrementAndGet();
            }
            long pause = conn.upgraded
                    ? ThreadLocalRandom.current().nextLong(20, 200)
                    : ThreadLocalRandom.current().nextLong(200, 700);
            due.add(new long[] {System.nanoTime() + pause * 1_000_000, conn.client});
        }

        @Override
        public void run() {
            try {
                while (!isInterrupted()) {
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        task.run();
                    }
                    long now = System.nanoTime();
                    while (!due.isEmpty() && due.peek()[0] <= now) {
                        open((int) due.poll()[1]);
                    }
                    long wait = due.isEmpty() ? 100 : Math.max(1, (due.peek()[0] - now) / 1_000_000);
                    selector.select(Math.min(wait, 100));
                    for (SelectionKey key : selector.selectedKeys()) {
                        handle(key);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    try {
                        key.channel().close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
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
                    if (ch.read(conn.in) < 0) {
                        lost(conn, key);
                        return;
                    }
                    conn.in.flip();
                    boolean open = conn.consume();
                    conn.in.compact();
                    if (!open) {
                        lost(conn, key);
                    }
                }
            } catch (IOException e) {
                lost(conn, key);
            }
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

        /** Reads what arrived; false once the connection is to be closed (refused, or a close frame). */
        boolean consume() {
            if (!upgraded) {
                int end = RawWebSocket.headerEnd(in);
                if (end < 0) {
                    return true;
                }
                if (!RawWebSocket.switched(in)) {
                    in.position(in.limit());
                    return false;
                }
                in.position(end);
                upgraded = true;
                upgrades.incrementAndGet(client);
                open.incrementAndGet();
            }
            boolean[] closed = {false};
            in = RawWebSocket.frames(in, (opcode, a, from, length) -> {
                if (opcode == RawWebSocket.CLOSE) {
                    closed[0] = true; // the instance is going away (1001): reconnect and resume
                    return false;
                }
                if (opcode == RawWebSocket.TEXT) {
                    message(a, from, length);
                }
                return true;
            });
            return !closed[0];
        }

        private void message(byte[] a, int from, int length) {
            long seq = RawWebSocket.seq(a, from, length);
            if (seq < 0) {
                unexpected.incrementAndGet(); // an error message
                return;
            }
            boolean snapshot = RawWebSocket.snapshot(a, from, length);
            long last = lastSeq.get(client);
            if (snapshot) {
                if (last < 0) {
                    firstSeq.set(client, seq);
                    lastSeq.set(client, seq);
                } else {
                    unexpected.incrementAndGet(); // a resuming client must get events, not a new snapshot
                }
            } else if (seq == last + 1) {
                events.incrementAndGet(client);
                lastSeq.set(client, seq);
            } else if (seq <= last) {
                duplicates.incrementAndGet(client);
            } else {
                gaps.incrementAndGet(client);
                lastSeq.set(client, seq);
            }
        }
    }
}
