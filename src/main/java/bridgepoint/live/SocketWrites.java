package bridgepoint.live;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import org.jboss.logging.Logger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Writes the live stream's messages straight to the connection's Vert.x WebSocket. Sending through {@link
 * WebSocketConnection#sendText(String)} wraps every write in a Mutiny {@code Uni} and its subscription; an event sent to
 * thousands of clients pays that thousands of times, for nothing we use (the stream keeps its own window). The socket
 * is reached through websockets-next's own accessor, which is not public API: when it is not there (another version),
 * messages go through {@code sendText} as before, and the log says so once.
 */
final class SocketWrites {

    private static final Logger LOG = Logger.getLogger(SocketWrites.class);
    private static final MethodHandle WEB_SOCKET = find();

    private SocketWrites() {}

    /** The connection's Vert.x socket, or null when it cannot be reached (then use {@code sendText}). */
    static WebSocketBase socketOf(WebSocketConnection connection) {
        if (WEB_SOCKET == null) {
            return null;
        }
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (Throwable e) {
            return null;
        }
    }

    static boolean direct() {
        return WEB_SOCKET != null;
    }

    private static MethodHandle find() {
        try {
            Class<?> base = Class.forName(
                    "io.quarkus.websockets.next.runtime.WebSocketConnectionBase",
                    false,
                    SocketWrites.class.getClassLoader());
            Method m = base.getDeclaredMethod("webSocket");
            m.setAccessible(true);
            return MethodHandles.lookup()
                    .unreflect(m)
                    .asType(MethodType.methodType(WebSocketBase.class, WebSocketConnection.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf(
                    "Live messages go through WebSocketConnection.sendText: the connection's socket cannot be reached (%s)",
                    e);
            return null;
        }
    }
}
