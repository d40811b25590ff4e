package bridgepoint.delegate;

import bridgepoint.common.RandomCodes;

/**
 * Personal join codes: 16 characters of Crockford's base32 (80 bits from a CSPRNG), shown as
 * {@code XXXX-XXXX-XXXX-XXXX}. Typed codes are read leniently: any case, with or without dashes and
 * spaces, and O/I/L taken for 0/1/1 (see {@link RandomCodes}).
 */
public final class JoinCodes {

    private static final int LENGTH = 16;

    private JoinCodes() {}

    /** A new code in stored form (no dashes). */
    public static String generate() {
        return RandomCodes.generate(LENGTH);
    }

    /** The stored form of a typed code, or null when it cannot be a code. */
    public static String normalize(String typed) {
        return RandomCodes.normalize(typed, LENGTH);
    }

    /** The display form: groups of four separated by dashes. */
    public static String display(String stored) {
        return RandomCodes.display(stored);
    }
}
