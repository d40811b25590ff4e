package bridgepoint.live;

/** The close codes of the event stream's WebSocket, as documented to clients (README, Live). */
public final class CloseCodes {

    /** The instance is shutting down: reconnect, to any instance, with {@code after} and resume. */
    public static final int GOING_AWAY = 1001;
    /** The client sent more messages than it may ({@code bridgepoint.live.client-messages-per-minute}). */
    public static final int POLICY_VIOLATION = 1008;

    /** A message larger than the server takes ({@code quarkus.websockets-next.server.max-message-size}), by Vert.x. */
    public static final int MESSAGE_TOO_BIG = 1009;

    /** A server-side failure (the database, a snapshot): reconnect. */
    public static final int UNAVAILABLE = 1011;
    /** The client fell too far behind: reconnect with {@code after=<last seq>}. */
    public static final int TOO_SLOW = 4000;
    /** The stored stream was reset: reconnect with {@code after} and {@code epoch}; a snapshot follows. */
    public static final int STREAM_RESET = 4001;
    /** The client's token expired: sign in (or join) again, then reconnect with {@code after}. */
    public static final int EXPIRED = 4002;
    /**
     * The client's token was revoked (a logout; its account signed out everywhere, given other sites or another role,
     * disabled or deleted; its delegate removed or given a new join code): do not reconnect with it.
     */
    public static final int REVOKED = 4003;
    /** The caller's site no longer takes part in the conference: do not reconnect to it. */
    public static final int SITE_LEFT = 4004;
    /**
     * Too many open sockets on this instance for the client's token or address
     * ({@code bridgepoint.live.max-sockets-per-token}, {@code -per-address}): close another, or wait before trying.
     */
    public static final int TOO_MANY_SOCKETS = 4029;

    private CloseCodes() {}
}
