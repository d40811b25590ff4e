package bridgepoint.export;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ASCII identifiers made from Vietnamese text, as the frab schedule format wants them: diacritics removed (Vietnamese
 * marks are combining marks once decomposed; đ is a letter of its own and becomes d), lower case, every run of other
 * characters one separator, none at either end.
 */
final class Slugs {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHER = Pattern.compile("[^a-z0-9]+");

    private Slugs() {}

    /** "Điểm cầu Đà Nẵng" → "diem-cau-da-nang" with {@code '-'}; empty when nothing is left. */
    static String of(String text, char separator) {
        if (text == null) {
            return "";
        }
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD))
                .replaceAll("")
                .replace('đ', 'd')
                .replace('Đ', 'D')
                .toLowerCase(Locale.ROOT);
        String sep = String.valueOf(separator);
        String slug = OTHER.matcher(plain).replaceAll(sep);
        int from = 0;
        int to = slug.length();
        while (from < to && slug.charAt(from) == separator) {
            from++;
        }
        while (to > from && slug.charAt(to - 1) == separator) {
            to--;
        }
        return slug.substring(from, to);
    }

    /** As {@link #of}, cut at a separator to at most {@code max} characters. */
    static String of(String text, char separator, int max) {
        String slug = of(text, separator);
        if (slug.length() <= max) {
            return slug;
        }
        String cut = slug.substring(0, max);
        int last = cut.lastIndexOf(separator);
        return last > 0 ? cut.substring(0, last) : cut;
    }
}
