package bridgepoint.common;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An uploaded CSV file with a header row, read as a spreadsheet shows it: rows are numbered as the spreadsheet
 * numbers them (the header is row 1), and empty lines and rows of empty cells are skipped but keep their numbers.
 * A file that is not text in its charset, not CSV, lacks a required column or has too many rows is refused whole
 * (400).
 */
public final class CsvUpload {

    public static final int MAX_ROWS = 50_000;

    private CsvUpload() {}

    /** A row of the file: the number a spreadsheet shows for it, and its cells by column name. */
    public static final class Row {

        private final int number;
        private final String[] cells;
        private final Map<String, Integer> columns; // the file's, shared by its rows

        Row(int number, String[] cells, Map<String, Integer> columns) {
            this.number = number;
            this.cells = cells;
            this.columns = columns;
        }

        public int number() {
            return number;
        }

        /**
         * Why the row cannot be imported as it is, whatever its columns mean: a cell holding a character that may
         * not be stored ({@link StorableText}); null when there is none.
         */
        public String problem() {
            for (var column : columns.entrySet()) {
                int index = column.getValue();
                String problem = index < cells.length ? StorableText.problem(cells[index]) : null;
                if (problem != null) {
                    return column.getKey() + ": " + problem;
                }
            }
            return null;
        }

        /** The cell in {@code column}, stripped; null when the file has no such column or the cell is missing or blank. */
        public String value(String column) {
            Integer index = columns.get(column);
            if (index == null || index >= cells.length) {
                return null;
            }
            String v = cells[index];
            return v == null || v.isBlank() ? null : v.strip();
        }

        @Override
        public String toString() {
            return "row " + number + " " + Arrays.toString(cells);
        }
    }

    /**
     * The file's text (none if {@code body} is null): in the charset its Content-Type names, UTF-8 by default. Bytes
     * that are not valid in it are refused (400) rather than imported as garbled names.
     */
    public static String decode(byte[] body, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        charset =
                                Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        throw ApiException.badRequest("Content-Type", "unknown charset " + p.substring(8));
                    }
                }
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.malformedCsv(
                    "the file is not valid " + charset.name() + " text; save it as \"CSV UTF-8\"");
        }
    }

    /**
     * The rows of {@code text} (a byte-order mark ignored) below its header row, which must name every
     * {@code required} column; a header that lacks one is refused with the {@code known} columns listed.
     */
    public static List<Row> rows(String text, List<String> required, List<String> known) {
        String csv = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (csv.indexOf('\u0000') >= 0) {
            // NUL is no character of a text file; a spreadsheet saved as UTF-16 ("Unicode text") is full of them
            throw ApiException.malformedCsv(
                    "the file contains NUL bytes, so it is not UTF-8 text (UTF-16?); " + "save it as \"CSV UTF-8\"");
        }
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .setIgnoreEmptyLines(false)
                .setAllowMissingColumnNames(true)
                .get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            List<String> header = parser.getHeaderNames();
            List<FieldError> problems = new ArrayList<>();
            for (String column : required) {
                if (!header.contains(column)) {
                    problems.add(new FieldError(
                            "header",
                            "the header row lacks the column '" + column + "' (expected: " + String.join(",", known)
                                    + ")"));
                }
            }
            if (!problems.isEmpty()) {
                throw ApiException.badRequest(problems);
            }
            Map<String, Integer> columns = parser.getHeaderMap();
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                // An empty line, or a row of empty cells (as spreadsheets save them), is no row; it still counts,
                // as the spreadsheet's row numbers do.
                if (record.stream().allMatch(String::isBlank)) {
                    continue;
                }
                rows.add(new Row((int) record.getRecordNumber() + 1, record.values(), columns)); // the header is row 1
                if (rows.size() > MAX_ROWS) {
                    throw ApiException.badRequest("body", "at most " + MAX_ROWS + " rows per import");
                }
            }
            return rows;
        } catch (IOException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw ApiException.malformedCsv("the file is not valid CSV: " + e.getMessage());
        }
    }
}
