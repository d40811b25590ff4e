package bridgepoint.common;

/**
 * Cells of the CSV files the service writes, safe to open in a spreadsheet. A cell starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return would be taken for a formula (CSV injection, OWASP): it gets a
 * leading {@code '}, which spreadsheets show as text. Text is written in NFC ({@link Text#nfc}).
 */
public final class CsvCells {

    private CsvCells() {}

    /** The value as a safe cell; null stays null (an empty cell). */
    public static String safe(Object value) {
        if (value == null) {
            return null;
        }
        String s = Text.nfc(value.toString());
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }

    /** Every value as a safe cell, for {@code CSVPrinter.printRecord}. */
    public static Object[] safe(Object... values) {
        Object[] cells = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = safe(values[i]);
        }
        return cells;
    }
}
