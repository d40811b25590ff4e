package bridgepoint.delegate;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Join codes: generated from Crockford's base32, shown in groups of four, read back leniently. */
class JoinCodesTest {

    private static final String CROCKFORD = "[0-9A-HJKMNP-TV-Z]";

    @Test
    void aNewCodeIsSixteenCrockfordCharactersShownAsFourGroups() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = JoinCodes.generate();
            assertTrue(code.matches(CROCKFORD + "{16}"), code);
            String shown = JoinCodes.display(code);
            assertEquals(19, shown.length(), shown);
            assertTrue(shown.matches(CROCKFORD + "{4}(-" + CROCKFORD + "{4}){3}"), shown);
            assertEquals(code, JoinCodes.normalize(shown));
            codes.add(code);
        }
        assertEquals(1000, codes.size(), "80 random bits do not repeat");
    }

    @Test
    void aTypedCodeIsReadInAnyCaseWithOrWithoutDashesAndSpaces() {
        String stored = "7K3MQ9TX2HPWRD4A";

        for (String typed : Set.of(
                "7K3M-Q9TX-2HPW-RD4A",
                "7k3m-q9tx-2hpw-rd4a",
                "7K3MQ9TX2HPWRD4A",
                "7k3mq9tx2hpwrd4a",
                "7K3M Q9TX 2HPW RD4A",
                " 7k3m - Q9tx-2HPW rd4a ",
                "7-K-3-M-Q-9-T-X-2-H-P-W-R-D-4-A")) {
            assertEquals(stored, JoinCodes.normalize(typed), typed);
        }
        assertEquals("7K3M-Q9TX-2HPW-RD4A", JoinCodes.display(stored));
    }

    @Test
    void lettersThatLookLikeDigitsAreTakenForThem() {
        assertEquals("0011112233445566", JoinCodes.normalize("OoIiLl22-3344-5566"));
    }

    @Test
    void whatCannotBeACodeIsNull() {
        assertNull(JoinCodes.normalize(null));
        assertNull(JoinCodes.normalize(""));
        assertNull(JoinCodes.normalize("----"));
        assertNull(JoinCodes.normalize("7K3M-Q9TX-2HPW-RD4"), "15 characters");
        assertNull(JoinCodes.normalize("7K3M-Q9TX-2HPW-RD4AB"), "17 characters");
        assertNull(JoinCodes.normalize("7K3M-Q9TX-2HPW-RD4U"), "U is not in the alphabet");
        assertNull(JoinCodes.normalize("7K3M_Q9TX_2HPW_RD4A"), "only dashes and spaces separate");
        assertNull(JoinCodes.normalize("7K3M-Q9TX-2HPW-RD4Ä"));
        assertNull(JoinCodes.normalize("7K3M\tQ9TX\t2HPW\tRD4A"), "a tab is not a space");
    }
}
