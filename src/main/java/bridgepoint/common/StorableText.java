package bridgepoint.common;

import java.util.OptionalInt;

/**
 * Which characters a text value may hold. PostgreSQL cannot store U+0000 at all, and the exports (XML, CSV, PDF,
 * iCalendar) cannot carry most control characters; none of them belongs in a name, a title or a note. Tab, line
 * feed and carriage return are allowed (a description may have lines). Combining marks and zero-width characters
 * are text (decomposed Vietnamese uses the former) and are allowed.
 */
public final class StorableText {

    private StorableText() {}

    /** The first character that may not be stored, if any: C0 and C1 controls but tab and line breaks, DEL,
     * a lone surrogate, U+FFFE or U+FFFF. */
    public static OptionalInt firstUnstorable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (unstorable(c)) {
                return OptionalInt.of(c);
            }
        }
        return OptionalInt.empty();
    }

    private static boolean unstorable(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                || (c >= 0x7F && c <= 0x9F)
                || Character.isSurrogate(c)
                || c == '\uFFFE'
                || c == '\uFFFF';
    }

    /** The problem to report for {@code s}, or null when it may be stored. */
    public static String problem(String s) {
        OptionalInt bad = s == null ? OptionalInt.empty() : firstUnstorable(s);
        return bad.isPresent()
                ? String.format("must not contain control characters or invalid Unicode (found U+%04X)", bad.getAsInt())
                : null;
    }

    /** A 400 naming {@code field} when {@code s} holds a character that may not be stored. */
    public static String check(String field, String s) {
        String problem = problem(s);
        if (problem != null) {
            throw ApiException.badRequest(field, problem);
        }
        return s;
    }
}
