package bridgepoint.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the lean NIO WebSocket clients of the benchmarks and the deployment proof share: a canned upgrade request, the
 * server's answer, its frames (the server's are never masked), and the {@code seq} of a stream message, read without
 * a WebSocket library or a JSON parser so that thousands of clients take little of the machine.
 */
public final class RawWebSocket {

    public static final int TEXT = 1;
    public static final int CLOSE = 8;

    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SNAPSHOT = "\"snapshot\"".getBytes(StandardCharsets.US_ASCII);

    /** One frame, its payload at {@code a[from .. from + length)}; false to stop reading. */
    public interface FrameHandler {
        boolean frame(int opcode, byte[] a, int from, int length);
    }

    private RawWebSocket() {}

    /**
     * The upgrade request for {@code pathAndQuery} on {@code host:port}, with the token offered as a subprotocol as the
     * pages offer it ({@code bridgepoint, bridgepoint.bearer.<token>}).
     */
    public static byte[] upgradeRequest(String host, int port, String pathAndQuery, String token) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\n"
                        + "Host: " + host + ":" + port + "\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Protocol: bridgepoint, bridgepoint.bearer." + token + "\r\n"
                        + "Sec-WebSocket-Key: YmVuY2htYXJrLWNsaWVudA==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Where the HTTP answer's head ends in {@code in} (from its position), or -1 while it is incomplete. */
    public static int headerEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** Whether the answer at {@code in}'s position is {@code 101 Switching Protocols}. */
    public static boolean switched(ByteBuffer in) {
        return in.remaining() >= 12
                && new String(in.array(), in.position(), 12, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101");
    }

    /**
     * Hands the complete frames in {@code in} (position to limit) to {@code handler}, leaving {@code in} at the first
     * incomplete one. A frame larger than the buffer gets a larger buffer, which is returned (else {@code in}).
     */
    public static ByteBuffer frames(ByteBuffer in, FrameHandler handler) {
        while (in.remaining() >= 2) {
            int start = in.position();
            int opcode = in.get(start) & 0x0F;
            int len = in.get(start + 1) & 0x7F;
            int header = 2;
            if (len == 126) {
                if (in.remaining() < 4) {
                    return in;
                }
                len = ((in.get(start + 2) & 0xFF) << 8) | (in.get(start + 3) & 0xFF);
                header = 4;
            } else if (len == 127) {
                if (in.remaining() < 10) {
                    return in;
                }
                len = (int) in.getLong(start + 2);
                header = 10;
            }
            if (in.remaining() < header + len) {
                if (header + len > in.capacity()) {
                    ByteBuffer bigger = ByteBuffer.allocate(header + len + 1024);
                    bigger.put(in);
                    bigger.flip();
                    return bigger;
                }
                return in;
            }
            in.position(start + header + len);
            if (!handler.frame(opcode, in.array(), start + header, len)) {
                return in;
            }
        }
        return in;
    }

    /** The {@code seq} of a stream message (an event or a snapshot), or -1 (an error message). */
    public static long seq(byte[] a, int from, int length) {
        int at = find(a, from, from + length, SEQ);
        if (at < 0) {
            return -1;
        }
        long seq = 0;
        for (int i = at + SEQ.length; i < from + length && a[i] >= '0' && a[i] <= '9'; i++) {
            seq = seq * 10 + (a[i] - '0');
        }
        return seq;
    }

    /** Whether a stream message is a snapshot ({@code {"type":"snapshot",...}}). */
    public static boolean snapshot(byte[] a, int from, int length) {
        return find(a, from, Math.min(from + length, from + 24), SNAPSHOT) >= 0;
    }

    /** Where {@code needle} first occurs in {@code a[from .. to)}, or -1. */
    public static int find(byte[] a, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
