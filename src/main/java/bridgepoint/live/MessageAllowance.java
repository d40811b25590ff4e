package bridgepoint.live;

/**
 * How many messages a client may still send on its stream: a token bucket of a minute's worth, refilled evenly.
 * Touched only on the connection's event loop.
 */
final class MessageAllowance {

    private final int perMinute;
    private final double refillPerNano;
    private double tokens;
    private long last;

    MessageAllowance(int perMinute) {
        this(perMinute, System.nanoTime());
    }

    MessageAllowance(int perMinute, long now) {
        this.perMinute = perMinute;
        this.refillPerNano = perMinute / 60e9;
        this.tokens = perMinute;
        this.last = now;
    }

    boolean take() {
        return take(System.nanoTime());
    }

    /** Whether one more message may be sent at {@code now} (nanoTime); takes it if so. */
    boolean take(long now) {
        tokens = Math.min(perMinute, tokens + (now - last) * refillPerNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
