package bridgepoint.bench;

import bridgepoint.support.ServiceProcess;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The reference of the fan-out benchmark: a bare WebSocket broadcaster on Vert.x (the server the service runs on),
 * without database, authentication or anything else of the service. A client connecting to
 * {@code /ws/conferences/{id}} (any id, any query) gets a small snapshot; each {@code POST
 * /api/conferences/{id}/announcements} {@code {"text"}} becomes one event of the service's shape ({@code seq},
 * {@code type} announcement, {@code at}, {@code epoch}, {@code data} {text, siteId, by}) written to every open
 * connection, and is answered 201 with the event. As in the service, the HTTP server runs on every event loop
 * (Vert.x's default count, as Quarkus's), connections belong to the loop that accepted them, and each loop writes an
 * event to its own connections in one task. Also answers {@code GET /q/health/ready}.
 *
 * <p>Run as its own process ({@link #start}) with the service's JVM options; its port comes from
 * {@code QUARKUS_HTTP_PORT}.
 */
public final class BareBroadcaster {

    private static final Pattern ANNOUNCE = Pattern.compile("/api/conferences/[^/]+/announcements");
    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** The connections of one event loop; touched only on that loop. */
    private static final class Loop {
        final Context context;
        final List<ServerWebSocket> sockets = new ArrayList<>();

        Loop(Context context) {
            this.context = context;
        }
    }

    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private final String epoch = UUID.randomUUID().toString();
    /** Who announces: the service puts the organizer's user name there. */
    private final String by = "admin";
    /** The last event's seq; 1 at start, as a conference whose stream already has its first event. */
    private long seq = 1;

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("QUARKUS_HTTP_PORT", "8080"));
        BareBroadcaster broadcaster = new BareBroadcaster();
        Vertx vertx = Vertx.vertx();
        int instances = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        vertx.deployVerticle(() -> broadcaster.new Server(port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println(
                        "bare broadcaster listening on port " + port + " on " + instances + " event loops"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    /**
     * Starts it as a process like the service ({@link ServiceProcess}): this JVM's {@code java}, {@code jvmOptions},
     * and this JVM's class path, which in a failsafe (or surefire) fork is the whole test class path (test classes
     * and every test-scoped dependency, Vert.x among them), though the fork itself starts from a manifest-only jar.
     */
    static ServiceProcess start(String name, List<String> jvmOptions) {
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains("test-classes")) {
            throw new IllegalStateException("java.class.path lacks the test classes: " + classPath);
        }
        return ServiceProcess.launch(
                name, Map.of(), jvmOptions, List.of("-cp", classPath, BareBroadcaster.class.getName()));
    }

    /** One instance of the HTTP server, on one event loop. */
    private final class Server extends AbstractVerticle {
        private final int port;

        Server(int port) {
            this.port = port;
        }

        @Override
        public void start(Promise<Void> started) {
            Loop loop = new Loop(context);
            loops.add(loop);
            vertx.createHttpServer(new HttpServerOptions()
                            .setPort(port)
                            .setHost("127.0.0.1")
                            .setAcceptBacklog(8192)
                            .setTcpNoDelay(true)
                            .setPerMessageWebSocketCompressionSupported(false)
                            .setMaxWebSocketMessageSize(4096)
                            .setWebSocketSubProtocols(List.of("bridgepoint"))) // the handshake the service does
                    .webSocketHandler(ws -> connected(loop, ws))
                    .requestHandler(this::request)
                    .listen()
                    .<Void>mapEmpty()
                    .onComplete(started);
        }

        private void connected(Loop loop, ServerWebSocket ws) {
            if (!ws.path().startsWith("/ws/conferences/")) {
                ws.close((short) 1008, "unknown path");
                return;
            }
            loop.sockets.add(ws);
            ws.closeHandler(v -> loop.sockets.remove(ws));
            ws.exceptionHandler(e -> loop.sockets.remove(ws));
            ws.writeTextMessage(snapshot());
        }

        private void request(HttpServerRequest req) {
            if (req.method() == HttpMethod.POST && ANNOUNCE.matcher(req.path()).matches()) {
                req.body().onSuccess(body -> {
                    String event = announce(body.toJsonObject().getString("text"));
                    req.response()
                            .setStatusCode(201)
                            .putHeader("Content-Type", "application/json")
                            .end(event);
                });
            } else if (req.method() == HttpMethod.GET && req.path().equals("/q/health/ready")) {
                req.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}");
            } else {
                req.response().setStatusCode(404).end();
            }
        }
    }

    private synchronized String snapshot() {
        return new JsonObject()
                .put("type", "snapshot")
                .put("seq", seq)
                .put("epoch", epoch)
                .put("status", "LIVE")
                .put("agenda", List.of())
                .encode();
    }

    /** Makes the event and hands it to every loop, in seq order on each. */
    private synchronized String announce(String text) {
        seq++;
        String event = new JsonObject()
                .put("seq", seq)
                .put("type", "announcement")
                .put(
                        "at",
                        OffsetDateTime.now(ZONE).truncatedTo(ChronoUnit.MICROS).toString())
                .put("epoch", epoch)
                .put(
                        "data",
                        new JsonObject().put("text", text).putNull("siteId").put("by", by))
                .encode();
        for (Loop loop : loops) {
            loop.context.runOnContext(v -> {
                // backwards: a connection whose write fails leaves the list
                for (int i = loop.sockets.size() - 1; i >= 0; i--) {
                    loop.sockets.get(i).writeTextMessage(event);
                }
            });
        }
        return event;
    }
}
