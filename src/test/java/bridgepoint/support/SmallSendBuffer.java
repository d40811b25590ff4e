package bridgepoint.support;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Tests give the server's sockets a small send buffer, as on a real network where a stuck client's data piles
 * up in the server rather than in the kernel: on the loopback the kernel grows a socket's send buffer to about
 * 4 MB, which would take a whole burst of events for a client that stopped reading, so the server would never
 * see it fall behind (SlowConsumerTest). A fixed SO_SNDBUF also turns that growth off.
 */
@Singleton
public class SmallSendBuffer implements HttpServerOptionsCustomizer {

    public static final int SEND_BUFFER = 16 * 1024;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(SEND_BUFFER);
    }
}
