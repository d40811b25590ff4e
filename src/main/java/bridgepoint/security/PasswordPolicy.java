package bridgepoint.security;

import bridgepoint.common.ApiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be: at least 8 characters and at most {@value #MAX_BYTES} bytes in UTF-8 (bcrypt reads no
 * more: a longer password would be cut without a word, so it is refused), at least 4 different characters, not containing the username (either
 * way round), and not one of the common passwords shipped with the service ({@code security/common-passwords.txt}).
 * Refusals are {@code 400} naming the field.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 200;
    /** What bcrypt reads of a password. */
    public static final int MAX_BYTES = 72;

    private static final Set<String> COMMON = load("/security/common-passwords.txt");

    private PasswordPolicy() {}

    /** Refuses ({@code 400}, naming {@code field}) a password this policy does not allow for {@code username}. */
    public static void check(String field, String username, String password) {
        weakness(username, password).ifPresent(reason -> {
            throw ApiException.badRequest(field, reason);
        });
    }

    /** Whether bcrypt would read only part of this password: no stored password is that long. */
    static boolean longerThanBcryptReads(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }

    /** Why this password is refused, if it is. */
    static Optional<String> weakness(String username, String password) {
        if (password == null || password.isBlank()) {
            return Optional.of("must not be blank");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("must be at most " + MAX_BYTES + " bytes in UTF-8 (bcrypt reads no more); this one has "
                    + bytes + " (letters with Vietnamese marks take 2 or 3 bytes each)");
        }
        if (password.codePoints().distinct().count() < 4) {
            return Optional.of("must have at least 4 different characters");
        }
        String folded = fold(password);
        if (username != null && !username.isBlank()) {
            String name = fold(username);
            String reversed = new StringBuilder(name).reverse().toString();
            boolean contains = name.length() >= 4
                    ? folded.contains(name) || folded.contains(reversed)
                    : folded.equals(name) || folded.equals(reversed);
            if (contains) {
                return Optional.of("must not contain the username");
            }
        }
        if (COMMON.contains(folded)) {
            return Optional.of("is one of the most common passwords: choose another");
        }
        return Optional.empty();
    }

    private static String fold(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(fold(word));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
