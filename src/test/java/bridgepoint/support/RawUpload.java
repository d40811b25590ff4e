package bridgepoint.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request with a body sent by hand over a socket, as an attacker or a slow client sends it: the head first, then
 * the body as the test decides (a little, all of it at a given rate, or nothing), while watching for the answer. The
 * server may answer before the body is all sent, and close the connection.
 */
public final class RawUpload implements AutoCloseable {

    /** An answer: its status, headers (names in lower case) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawUpload(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection to {@code port} and sends the head of {@code method path} with these headers ({@code Host}
     * added), then {@code firstBytes} of the body.
     */
    public static RawUpload start(
            int port, String method, String path, Map<String, String> headers, byte[] firstBytes) {
        try {
            RawUpload upload = new RawUpload(new Socket("localhost", port));
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            upload.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            upload.out.write(firstBytes);
            upload.out.flush();
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends more of the body; false if the server no longer takes it (it answered and closed). */
    public boolean send(byte[] bytes) {
        return send(bytes, 0, bytes.length);
    }

    /** Sends {@code length} bytes of {@code bytes} from {@code offset}; false if the server no longer takes them. */
    public boolean send(byte[] bytes, int offset, int length) {
        try {
            out.write(bytes, offset, length);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether some of the answer has arrived, without waiting. */
    public boolean answering() {
        try {
            return received.size() > 0 || in.available() > 0;
        } catch (IOException e) {
            return true; // a reset: whatever was answered can still be read
        }
    }

    /** Whether the server said {@code 100 Continue} within {@code wait} (it is ready to read the body). */
    public boolean continued(Duration wait) {
        String head = head(wait);
        if (head == null || !head.startsWith("HTTP/1.1 100")) {
            return false;
        }
        consume(head.length() + 4);
        return true;
    }

    /** The answer, if it came within {@code wait} (after any {@code 100 Continue}); null if it did not. */
    public Answer answer(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        String head = head(wait);
        while (head != null && head.startsWith("HTTP/1.1 100")) {
            consume(head.length() + 4);
            head = head(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        int start = head.length() + 4;
        while (received.size() < start + length && read(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
            // reading the body
        }
        byte[] all = received.toByteArray();
        String body = new String(all, start, Math.min(length, all.length - start), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    /** Whether the server closed the connection within {@code wait} (nothing more to read, or a reset). */
    public boolean closedByServer(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Drops the connection at once (a reset), as a client that gives up does. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** Forgets the first {@code n} bytes received. */
    private void consume(int n) {
        byte[] rest = received.toByteArray();
        received.reset();
        received.write(rest, n, rest.length - n);
    }

    /** The head received so far (up to the blank line), reading until it is complete or {@code wait} passes. */
    private String head(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                return text.substring(0, end);
            }
            if (!read(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                return null;
            }
        }
    }

    /** Reads what arrives within {@code wait}; false if nothing does (or the connection is over). */
    private boolean read(Duration wait) {
        byte[] buffer = new byte[8192];
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            int n = in.read(buffer);
            if (n < 0) {
                return false;
            }
            received.write(buffer, 0, n);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
