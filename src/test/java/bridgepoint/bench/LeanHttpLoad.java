package bridgepoint.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP/1.1 load generator on plain NIO (one thread, keep-alive connections, each sending its next
 * request when the previous answer is in), so that the load takes as little as possible of the CPU the service
 * under test also runs on. Records every request's latency and non-2xx answers.
 */
final class LeanHttpLoad {

    /** The result of a run. */
    record Result(long[] sortedLatencyMicros, long errors, int nextRequest) {}

    private LeanHttpLoad() {}

    /**
     * Runs {@code connections} clients for {@code length}, each sending its next request as soon as the previous one
     * is answered (the most the service can do); request {@code i} (counting from {@code first}) is
     * {@code request.apply(i)}, a complete HTTP request.
     */
    static Result run(int port, int connections, Duration length, int first, IntFunction<byte[]> request)
            throws IOException {
        return run(port, connections, length, first, request, 0);
    }

    /**
     * As {@link #run(int, int, Duration, int, IntFunction)} at a fixed total rate ({@code perSecond}, 0: as fast as
     * possible). Each connection has a schedule; a request sent late because the previous answer was late counts
     * from its scheduled time, so that a slow service cannot hide its delays by slowing the load down.
     */
    static Result run(int port, int connections, Duration length, int first, IntFunction<byte[]> request, int perSecond)
            throws IOException {
        AtomicLong next = new AtomicLong(first);
        List<Long> latencies = new ArrayList<>();
        long errors = 0;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long interval = perSecond > 0 ? 1_000_000_000L * connections / perSecond : 0;
        List<SelectionKey> waiting = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn conn = new Conn();
                conn.due = start + (interval * i) / connections;
                SelectionKey key = ch.register(selector, 0, conn);
                waiting.add(key);
            }
            int open = connections;
            while (open > 0) {
                long now = System.nanoTime();
                long nextDue = Long.MAX_VALUE;
                for (int i = waiting.size() - 1; i >= 0; i--) {
                    SelectionKey key = waiting.get(i);
                    Conn conn = (Conn) key.attachment();
                    if (conn.due <= now) {
                        conn.send(request.apply((int) next.getAndIncrement()));
                        conn.sent = interval > 0 ? conn.due : now;
                        key.interestOps(SelectionKey.OP_WRITE);
                        waiting.remove(i);
                    } else {
                        nextDue = Math.min(nextDue, conn.due);
                    }
                }
                long waitMs = nextDue == Long.MAX_VALUE ? 1000 : Math.max(1, (nextDue - now) / 1_000_000);
                selector.select(waitMs);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn conn = (Conn) key.attachment();
                    SocketChannel ch = (SocketChannel) key.channel();
                    if (key.isWritable()) {
                        ch.write(conn.out);
                        if (!conn.out.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        if (ch.read(conn.in) < 0) {
                            throw new IOException("the service closed a connection");
                        }
                        int status = conn.response();
                        if (status == 0) {
                            continue;
                        }
                        latencies.add((System.nanoTime() - conn.sent) / 1000);
                        if (status < 200 || status > 299) {
                            errors++;
                        }
                        if (System.nanoTime() > end) {
                            ch.close();
                            open--;
                        } else {
                            conn.due = interval > 0 ? conn.due + interval : System.nanoTime();
                            key.interestOps(0);
                            waiting.add(key);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(sorted, errors, (int) next.get());
    }

    private static final class Conn {
        ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        /** When the request counts as sent (its scheduled time, at a fixed rate). */
        long sent;
        /** When the next request is due. */
        long due;

        void send(byte[] request) {
            out = ByteBuffer.wrap(request);
            in.clear();
            sent = System.nanoTime();
        }

        /** The status of the complete response read so far, or 0 if it is not complete yet. */
        int response() {
            byte[] a = in.array();
            int n = in.position();
            int headerEnd = -1;
            for (int i = 0; i + 3 < n; i++) {
                if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                    headerEnd = i + 4;
                    break;
                }
            }
            if (headerEnd < 0) {
                return 0;
            }
            String head = new String(a, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase();
            int length = 0;
            int cl = head.indexOf("content-length:");
            if (cl >= 0) {
                length = Integer.parseInt(
                        head.substring(cl + 15, head.indexOf('\r', cl)).trim());
            } else if (head.contains("transfer-encoding: chunked")) {
                String body = new String(a, headerEnd, n - headerEnd, StandardCharsets.US_ASCII);
                if (!body.endsWith("0\r\n\r\n")) {
                    return 0;
                }
                length = n - headerEnd;
            }
            if (n < headerEnd + length) {
                return 0;
            }
            return Integer.parseInt(head.substring(9, 12));
        }
    }
}
