package bridgepoint.common;

import java.util.Arrays;
import java.util.List;

/**
 * Free-text search terms. Each word of {@code q} must occur in the row's {@code search_text}, a column
 * that PostgreSQL fills with {@code bp_fold(...)}: lower case, without diacritics, đ as d
 * (see V1 migration). The terms are folded by the same function in the query.
 */
public final class Search {

    private Search() {}

    /** The words of {@code q} as LIKE patterns ({@code %word%}, wildcards escaped), empty when blank. */
    public static List<String> patterns(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        StorableText.check("q", q);
        if (q.length() > 200) {
            throw ApiException.badRequest("q", "must be at most 200 characters");
        }
        return Arrays.stream(q.trim().split("\\s+"))
                .limit(8)
                .map(w -> "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .toList();
    }

    /**
     * An HQL condition requiring every pattern, with parameters named {@code q0, q1, ...}; the caller binds
     * them from {@link #patterns(String)}.
     */
    public static String condition(String column, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(" and ");
            }
            // "as String": Hibernate cannot know the SQL function's type, and LIKE needs a string.
            sb.append(column)
                    .append(" like function('bp_fold' as String, :q")
                    .append(i)
                    .append(") escape '\\'");
        }
        return sb.toString();
    }
}
