package bridgepoint.live;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many streams are open on this instance per token and per client address, within their caps. A stream is
 * admitted only while both of its counts are below their caps (taken together, atomically per key), and gives them
 * back once when it closes. Per instance: behind a load balancer a client may reach the cap on each one.
 */
final class SocketLimits {

    /**
     * What a stream was given: a place within both caps (given back once, by {@link #release}), or the cap it is
     * over ({@link #over}) and nothing to give back.
     */
    static final class Slot {
        private final String token;
        private final String address;
        private final Over over;
        private boolean released;

        private Slot(String token, String address, Over over) {
            this.token = token;
            this.address = address;
            this.over = over;
            this.released = over != null;
        }

        /** Null when admitted; else the cap it is over. */
        Over over() {
            return over;
        }
    }

    /** Which cap a refused stream is over. */
    enum Over {
        TOKEN,
        ADDRESS
    }

    private final int perToken;
    private final int perAddress;
    private final ConcurrentHashMap<String, Integer> byToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();

    SocketLimits(int perToken, int perAddress) {
        this.perToken = perToken;
        this.perAddress = perAddress;
    }

    /**
     * Admits a stream of this token ({@code jti}) from this address (null when unknown: only the token's cap applies),
     * or tells which cap it is over.
     */
    Slot admit(String token, String address) {
        if (!take(byToken, token, perToken)) {
            return new Slot(token, address, Over.TOKEN);
        }
        if (address != null && !take(byAddress, address, perAddress)) {
            give(byToken, token);
            return new Slot(token, address, Over.ADDRESS);
        }
        return new Slot(token, address, null);
    }

    /** Gives back what the stream held (again: nothing). */
    void release(Slot slot) {
        synchronized (slot) {
            if (slot.released) {
                return;
            }
            slot.released = true;
        }
        give(byToken, slot.token);
        if (slot.address != null) {
            give(byAddress, slot.address);
        }
    }

    private static boolean take(ConcurrentHashMap<String, Integer> counts, String key, int cap) {
        boolean[] taken = {false};
        counts.compute(key, (k, open) -> {
            int now = open == null ? 0 : open;
            if (now >= cap) {
                return open;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private static void give(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, open) -> open <= 1 ? null : open - 1);
    }
}
