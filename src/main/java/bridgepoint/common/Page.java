package bridgepoint.common;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {"items", "total", "page", "size"}}. */
public record Page<T>(List<T> items, long total, int page, int size) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, page, size);
    }
}
