package bridgepoint.delegate;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Personal join codes: 16 characters of Crockford's base32 (80 bits from a CSPRNG), shown as
 * {@code XXXX-XXXX-XXXX-XXXX}. Typed codes are read leniently: any case, with or without dashes and
 * spaces, and O/I/L taken for 0/1/1.
 */
public final class JoinCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private JoinCodes() {}

    /** A new code in stored form (no dashes). */
    public static String generate() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    /** The stored form of a typed code, or null when it cannot be a code. */
    public static String normalize(String typed) {
        if (typed == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(LENGTH);
        for (char ch : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            switch (ch) {
                case '-', ' ' -> {}
                case 'O' -> sb.append('0');
                case 'I', 'L' -> sb.append('1');
                default -> {
                    if (new String(ALPHABET).indexOf(ch) < 0) {
                        return null;
                    }
                    sb.append(ch);
                }
            }
        }
        return sb.length() == LENGTH ? sb.toString() : null;
    }

    /** The display form: groups of four separated by dashes. */
    public static String display(String stored) {
        return stored.substring(0, 4) + "-" + stored.substring(4, 8) + "-" + stored.substring(8, 12) + "-"
                + stored.substring(12);
    }
}
