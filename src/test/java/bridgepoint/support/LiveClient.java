package bridgepoint.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A client of {@code /ws/conferences/{id}}, as the web client is: it connects with a token (offered as the
 * subprotocol {@code bridgepoint.bearer.<token>} beside {@code bridgepoint}, as browsers do) and, to resume, the last
 * seq and epoch it saw; it collects every message in order.
 */
public final class LiveClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The close code reported for a connection lost without a close frame (RFC 6455). */
    public static final short ABNORMAL = 1006;
    /** The subprotocol the service selects. */
    public static final String SUBPROTOCOL = "bridgepoint";

    private final WebSocket ws;
    private final WebSocketClient client;
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> firstMessage = new CompletableFuture<>();
    private final List<Long> received = Collections.synchronizedList(new ArrayList<>());
    private volatile long lastSeq = -1;
    private volatile String epoch;
    /** Messages that do not match the document's LiveMessage schema: the test fails at its next read or close. */
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    private LiveClient(WebSocketClient client, WebSocket ws, OpenApiContract contract) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(text -> {
            try {
                JsonNode message = JSON.readTree(text);
                List<String> mismatches =
                        contract.mismatches("live message", "/components/schemas/LiveMessage", message);
                if (!mismatches.isEmpty()) {
                    violations.add(text + " → " + String.join("; ", mismatches));
                }
                if (message.has("seq")) {
                    lastSeq = message.get("seq").asLong();
                    received.add(lastSeq);
                    epoch = message.path("epoch").asText(null);
                }
                messages.add(message);
                firstMessage.complete(null);
            } catch (Exception e) {
                messages.add(JSON.createObjectNode().put("type", "unparseable").put("text", text));
            }
        });
        // A close frame is handed on after the messages that came before it (also when the client was paused);
        // the close handler runs as soon as it is read, so it only reports a connection lost without one.
        ws.endHandler(v -> closed.complete(ws.closeStatusCode()));
        ws.closeHandler(v -> {
            if (ws.closeStatusCode() == null) {
                closed.complete(ABNORMAL);
            }
        });
    }

    public static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    public static LiveClient connect(String conferenceId, String token) {
        return connect(base(), conferenceId, token, null, null, 0);
    }

    public static LiveClient resume(String conferenceId, String token, long after, String epoch) {
        return connect(base(), conferenceId, token, after, epoch, 0);
    }

    /** Reconnects as this client left off: {@code after} its last seq, with its epoch. */
    public LiveClient reconnect(String conferenceId, String token) {
        return resume(conferenceId, token, lastSeq, epoch);
    }

    /** Connects as a client at {@code address} behind the proxy that the test profile trusts (X-Forwarded-For). */
    public static LiveClient connectFrom(String address, String conferenceId, String token) {
        return connect(base(), conferenceId, token, null, null, 0, address);
    }

    /**
     * Connects; {@code receiveBuffer} &gt; 0 gives the socket a small receive buffer (a client on a poor link).
     */
    public static LiveClient connect(
            String baseUrl, String conferenceId, String token, Long after, String epoch, int receiveBuffer) {
        return connect(baseUrl, conferenceId, token, after, epoch, receiveBuffer, null);
    }

    private static LiveClient connect(
            String baseUrl,
            String conferenceId,
            String token,
            Long after,
            String epoch,
            int receiveBuffer,
            String forwardedFor) {
        WebSocketClientOptions options = new WebSocketClientOptions().setMaxFrameSize(1 << 20);
        if (receiveBuffer > 0) {
            options.setReceiveBufferSize(receiveBuffer);
        }
        WebSocketClient client = VERTX.createWebSocketClient(options);
        try {
            // The handlers must be set on the connection's own context as it completes: Vert.x delivers the
            // messages read meanwhile in a later task there, and a message with no handler yet is lost (the
            // server may send the snapshot at once). Connecting from a context of our own binds the connection to
            // it; connect(options) from this thread would complete its future on another context, too late.
            OpenApiContract contract = OpenApiContract.forService(baseUrl);
            CompletableFuture<LiveClient> connected = new CompletableFuture<>();
            VERTX.getOrCreateContext()
                    .runOnContext(v -> client.connect(
                            connectOptions(baseUrl, conferenceId, token, after, epoch, forwardedFor), ar -> {
                                if (ar.succeeded()) {
                                    connected.complete(new LiveClient(client, ar.result(), contract));
                                } else {
                                    connected.completeExceptionally(ar.cause());
                                }
                            }));
            return connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw new AssertionError("could not connect: " + e, e);
        }
    }

    /** The HTTP status with which the server refused the upgrade (fails if it accepted). */
    public static int refusal(String conferenceId, String token, String query) {
        return refusal(base(), conferenceId, token, query);
    }

    /** The HTTP status with which the instance at {@code baseUrl} refused the upgrade (fails if it accepted). */
    public static int refusal(String baseUrl, String conferenceId, String token, String query) {
        int status = handshake(baseUrl, conferenceId, query, null, token == null ? List.of() : offering(token));
        if (status == 101) {
            throw new AssertionError("the upgrade was accepted");
        }
        return status;
    }

    /**
     * The status of an upgrade with this query and, if not null, this {@code Authorization} header: 101 when it was
     * accepted (the connection is closed at once), else the refusal's.
     */
    public static int handshake(String baseUrl, String conferenceId, String query, String authorization) {
        return handshake(baseUrl, conferenceId, query, authorization, List.of());
    }

    /** The subprotocols a browser offers with this token: {@code bridgepoint, bridgepoint.bearer.<token>}. */
    public static List<String> offering(String token) {
        return List.of(SUBPROTOCOL, SUBPROTOCOL + ".bearer." + token);
    }

    /** As {@link #handshake(String, String, String, String)}, offering these subprotocols. */
    public static int handshake(
            String baseUrl, String conferenceId, String query, String authorization, List<String> subprotocols) {
        WebSocketClient client = VERTX.createWebSocketClient();
        try {
            URI uri = URI.create(baseUrl);
            WebSocketConnectOptions options = new WebSocketConnectOptions()
                    .setHost(uri.getHost())
                    .setPort(uri.getPort())
                    .setURI("/ws/conferences/" + conferenceId + "?" + query)
                    .setSubProtocols(subprotocols.isEmpty() ? null : subprotocols);
            if (authorization != null) {
                options.addHeader("Authorization", authorization);
            }
            client.connect(options)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .close();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError("unexpected failure: " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            client.close();
        }
    }

    private static WebSocketConnectOptions connectOptions(
            String baseUrl, String conferenceId, String token, Long after, String epoch, String forwardedFor) {
        URI uri = URI.create(baseUrl);
        List<String> query = new ArrayList<>();
        if (after != null) {
            query.add("after=" + after);
        }
        if (epoch != null) {
            query.add("epoch=" + epoch);
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(uri.getHost())
                .setPort(uri.getPort())
                .setURI("/ws/conferences/" + conferenceId + (query.isEmpty() ? "" : "?" + String.join("&", query)))
                .setSubProtocols(offering(token));
        if (forwardedFor != null) {
            options.addHeader("X-Forwarded-For", forwardedFor);
        }
        return options;
    }

    /** The subprotocol the service selected. */
    public String subprotocol() {
        return ws.subProtocol();
    }

    /** The next message, waiting for it. */
    public JsonNode next() {
        requireValidMessages();
        try {
            JsonNode message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(
                    message,
                    () -> "no message within " + WAIT + " (last seq " + lastSeq + ", "
                            + (closed.isDone() ? "closed with " + closed.getNow(null) : "still open") + ")");
            return message;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Skips messages until one matches; fails after the wait. */
    public JsonNode until(Predicate<JsonNode> wanted) {
        while (true) {
            JsonNode m = next();
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    public JsonNode nextOfType(String type) {
        return until(m -> type.equals(m.path("type").asText()));
    }

    /**
     * The events up to and including the one with this seq: each message taken must be an event (it has a seq and
     * is neither a snapshot nor an error).
     */
    public List<JsonNode> eventsUpTo(long seq) {
        List<JsonNode> got = upTo(seq);
        for (JsonNode m : got) {
            if (!m.has("seq")
                    || "snapshot".equals(m.path("type").asText())
                    || "error".equals(m.path("type").asText())) {
                fail("expected only events up to seq " + seq + ", got " + m);
            }
        }
        return got;
    }

    /** Every message up to and including the one with this seq. */
    public List<JsonNode> upTo(long seq) {
        List<JsonNode> got = new ArrayList<>();
        while (lastSeqTaken(got) < seq) {
            got.add(next());
        }
        return got;
    }

    private static long lastSeqTaken(List<JsonNode> got) {
        for (int i = got.size() - 1; i >= 0; i--) {
            if (got.get(i).has("seq")) {
                return got.get(i).get("seq").asLong();
            }
        }
        return -1;
    }

    /** Messages already received and not yet taken. */
    public List<JsonNode> drain() {
        List<JsonNode> got = new ArrayList<>();
        messages.drainTo(got);
        return got;
    }

    public void send(String json) {
        ws.writeTextMessage(json).toCompletionStage().toCompletableFuture().join();
    }

    /** Stops reading: the server's messages pile up in the network buffers, as with a stuck client. */
    public void pause() {
        ws.pause();
    }

    public void resume() {
        ws.resume();
    }

    /** The close code sent by the server, waiting for the close. */
    public int awaitClose() {
        try {
            Short code = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return code == null ? -1 : code;
        } catch (Exception e) {
            fail("the connection was not closed: " + e);
            return -1;
        }
    }

    /** Whether the stream was let in: its first message came, rather than a close before any (waiting for either). */
    public boolean admitted() {
        try {
            CompletableFuture.anyOf(firstMessage, closed).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("neither a message nor a close within " + WAIT, e);
        }
        return firstMessage.isDone();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The seqs of every snapshot and event received so far, in the order received (taken or not). */
    public List<Long> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Seq of the last event (or snapshot) received. */
    public long lastSeq() {
        return lastSeq;
    }

    public String epoch() {
        return epoch;
    }

    /** Drops the connection without a closing handshake, as a network failure does. */
    public void drop() {
        try {
            // closes the TCP connection without a close frame
            client.close().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not drop the connection: " + e, e);
        }
        awaitClose();
    }

    @Override
    public void close() {
        if (!ws.isClosed()) {
            ws.close();
        }
        client.close();
        requireValidMessages();
    }

    private void requireValidMessages() {
        synchronized (violations) {
            if (!violations.isEmpty()) {
                fail("live messages that do not match the OpenAPI document's LiveMessage schema:\n"
                        + String.join("\n", violations));
            }
        }
    }
}
