package bridgepoint.common;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Codes people type: characters of Crockford's base32 from a CSPRNG (5 bits each), shown in groups of four separated
 * by dashes. Typed codes are read leniently: any case, with or without dashes and spaces, and O/I/L taken for 0/1/1.
 * Used for delegates' join codes and password reset codes.
 */
public final class RandomCodes {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomCodes() {}

    /** A new code of {@code length} characters, in stored form (no dashes). */
    public static String generate(int length) {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** The stored form of a typed code of {@code length} characters, or null when it cannot be one. */
    public static String normalize(String typed, int length) {
        if (typed == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(length);
        for (char ch : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            switch (ch) {
                case '-', ' ' -> {}
                case 'O' -> sb.append('0');
                case 'I', 'L' -> sb.append('1');
                default -> {
                    if (ALPHABET.indexOf(ch) < 0) {
                        return null;
                    }
                    sb.append(ch);
                }
            }
        }
        return sb.length() == length ? sb.toString() : null;
    }

    /** The display form: groups of four separated by dashes. */
    public static String display(String stored) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < stored.length(); i += 4) {
            if (i > 0) {
                sb.append('-');
            }
            sb.append(stored, i, Math.min(stored.length(), i + 4));
        }
        return sb.toString();
    }
}
