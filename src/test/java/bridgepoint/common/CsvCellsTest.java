package bridgepoint.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** CSV cells safe from formula injection (OWASP), and in NFC. */
class CsvCellsTest {

    @Test
    void cellsStartingLikeAFormulaGetALeadingQuote() {
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", CsvCells.safe("=HYPERLINK(\"http://x\",\"y\")"));
        assertEquals("'+1+2", CsvCells.safe("+1+2"));
        assertEquals("'-2+3", CsvCells.safe("-2+3"));
        assertEquals("'@SUM(A1)", CsvCells.safe("@SUM(A1)"));
        assertEquals("'\t=1", CsvCells.safe("\t=1"));
        assertEquals("'\r=1", CsvCells.safe("\r=1"));
    }

    @Test
    void otherCellsAreLeftAlone() {
        assertEquals("Trần Quốc Tỏ", CsvCells.safe("Trần Quốc Tỏ"));
        assertEquals("a=b", CsvCells.safe("a=b"));
        assertEquals("2021-12-22T08:00:00+07:00", CsvCells.safe("2021-12-22T08:00:00+07:00"));
        assertEquals("", CsvCells.safe(""));
        assertEquals("42", CsvCells.safe(42));
        assertNull(CsvCells.safe((Object) null));
        assertArrayEquals(new Object[] {"a", "'=b", null}, CsvCells.safe("a", "=b", null));
    }

    @Test
    void textIsWrittenInNfc() {
        String decomposed = "Tra\u0302\u0300n Quo\u0302\u0301c To\u0309"; // Trần Quốc Tỏ, as combining marks
        assertEquals("Trần Quốc Tỏ", CsvCells.safe(decomposed));
        assertEquals("Trần Quốc Tỏ", Text.nfc(decomposed));
        assertEquals("Đà Nẵng", Text.nfc("Đà Nẵng"));
        assertNull(Text.nfc(null));
    }
}
