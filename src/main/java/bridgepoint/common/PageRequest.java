package bridgepoint.common;

/** {@code ?page=} (0-based) and {@code ?size=} (1 to 500, default 50), checked. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public static PageRequest of(String page, String size) {
        int p = QueryParams.integer("page", page, 0, 0, Integer.MAX_VALUE / MAX_SIZE);
        int s = QueryParams.integer("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        return new PageRequest(p, s);
    }

    public int offset() {
        return page * size;
    }
}
