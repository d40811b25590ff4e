package bridgepoint.common;

import java.text.Normalizer;

/** Text as the service writes it out. */
public final class Text {

    private Text() {}

    /**
     * The string in Unicode NFC. Vietnamese typed on some systems arrives decomposed (a base letter followed by
     * combining marks): PDF layout and some calendar clients break on it, so every export writes composed text.
     */
    public static String nfc(String s) {
        return s == null || Normalizer.isNormalized(s, Normalizer.Form.NFC)
                ? s
                : Normalizer.normalize(s, Normalizer.Form.NFC);
    }
}
