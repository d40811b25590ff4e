package bridgepoint.common;

import bridgepoint.common.CsvUpload.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploaded CSV files read as a spreadsheet shows them, or refused whole; no Quarkus needed. */
class CsvUploadTest {

    private static final List<String> REQUIRED = List.of("fullName", "site");
    private static final List<String> KNOWN = List.of("fullName", "title", "site");

    private static List<Row> rows(String text) {
        return CsvUpload.rows(text, REQUIRED, KNOWN);
    }

    private static List<Integer> numbers(List<Row> rows) {
        return rows.stream().map(Row::number).toList();
    }

    private static Problem refused(Executable read) {
        return assertThrows(ApiException.class, read).toProblem(null);
    }

    private static void assertProblem(Problem p, String slug) {
        assertEquals(400, p.status, p.detail);
        assertEquals(Problem.TYPE_PREFIX + slug, p.type, p.detail);
    }

    @Test
    void rowsAreNumberedAsASpreadsheetShowsThemWithTheHeaderAsRowOne() {
        List<Row> rows = rows("fullName,title,site\nTrần Quốc Tỏ,Bộ trưởng,Hà Nội\nLê Thị Thu Hà,,Đà Nẵng\n");

        assertEquals(List.of(2, 3), numbers(rows));
        assertEquals("Trần Quốc Tỏ", rows.get(0).value("fullName"));
        assertEquals("Bộ trưởng", rows.get(0).value("title"));
        assertEquals("Đà Nẵng", rows.get(1).value("site"));
    }

    @Test
    void valuesAreStrippedAndBlankOrMissingCellsAreNull() {
        List<Row> rows = rows("fullName,site,title\n  Trần Quốc Tỏ\t, Hà Nội ,   \nLê Thị Thu Hà,Đà Nẵng\n");

        assertEquals("Trần Quốc Tỏ", rows.get(0).value("fullName"));
        assertEquals("Hà Nội", rows.get(0).value("site"));
        assertNull(rows.get(0).value("title"), "a blank cell");
        assertNull(rows.get(1).value("title"), "a row shorter than the header");
        assertNull(rows.get(0).value("email"), "a column the file does not have");
    }

    @Test
    void aByteOrderMarkAndCrlfAsExcelSavesThem() {
        List<Row> rows = rows("\uFEFFfullName,site\r\nTrần Quốc Tỏ,Hà Nội\r\nLê Thị Thu Hà,Đà Nẵng\r\n");

        assertEquals(List.of(2, 3), numbers(rows));
        assertEquals("Trần Quốc Tỏ", rows.get(0).value("fullName"), "the first column is found despite the mark");
        assertEquals("Đà Nẵng", rows.get(1).value("site"), "no carriage return left at the end of a row");
    }

    @Test
    void aQuotedCellOverSeveralLinesIsOneRow() {
        List<Row> rows = rows("fullName,title,site\r\n"
                + "Lê Thị Thu Hà,\"Sở Nội vụ\nTP. Đà Nẵng\",Đà Nẵng\r\n"
                + "Trần Quốc Tỏ,\"Trung tướng, \"\"Bộ trưởng\"\"\",Hà Nội\r\n");

        assertEquals(List.of(2, 3), numbers(rows), "the spreadsheet's rows, not the file's lines");
        assertEquals("Sở Nội vụ\nTP. Đà Nẵng", rows.get(0).value("title"));
        assertEquals("Trung tướng, \"Bộ trưởng\"", rows.get(1).value("title"));
    }

    @Test
    void emptyLinesAndRowsOfEmptyCellsAreSkippedButCounted() {
        List<Row> rows = rows("fullName,title,site\n"
                + "Trần Quốc Tỏ,,Hà Nội\n"
                + "\n"
                + ",,\n"
                + " , ,  \n"
                + ",Chuyên viên,\n"
                + "Lê Thị Thu Hà,,Đà Nẵng\n"
                + ",,\n");

        assertEquals(List.of(2, 6, 7), numbers(rows));
        assertNull(rows.get(1).value("fullName"), "a row with one cell filled is a row");
    }

    @Test
    void aHeaderWithoutARequiredColumnIsRefusedNamingIt() {
        Problem p = refused(() -> rows("title,site\nBộ trưởng,Hà Nội\n"));

        assertProblem(p, "validation");
        assertEquals(
                List.of(new FieldError(
                        "header", "the header row lacks the column 'fullName' (expected: fullName,title,site)")),
                p.errors);

        Problem both = refused(() -> rows("name,place\nTrần Quốc Tỏ,Hà Nội\n"));
        assertEquals(
                List.of("header", "header"),
                both.errors.stream().map(FieldError::field).toList());
        assertTrue(both.errors.get(0).message().contains("'fullName'"), both.detail);
        assertTrue(both.errors.get(1).message().contains("'site'"), both.detail);
    }

    @Test
    void anEmptyFileLacksTheHeader() {
        Problem p = refused(() -> rows(""));

        assertProblem(p, "validation");
        assertEquals(2, p.errors.size(), p.detail);
    }

    @Test
    void aFileThatIsNotCsvIsRefused() {
        Problem p = refused(() -> rows("fullName,title,site\nTrần Quốc Tỏ,\"Trung tướng,Hà Nội\n"));

        assertProblem(p, "malformed-csv");
        assertTrue(p.detail.startsWith("the file is not valid CSV"), p.detail);
    }

    @Test
    void atMostMaxRowsNotCountingEmptyOnes() {
        StringBuilder csv = new StringBuilder("fullName,site\n\n");
        for (int i = 0; i < CsvUpload.MAX_ROWS; i++) {
            csv.append("Đại biểu ").append(i).append(",Hà Nội\n");
        }
        csv.append(",\n\n");

        List<Row> rows = rows(csv.toString());
        assertEquals(CsvUpload.MAX_ROWS, rows.size());
        assertEquals(CsvUpload.MAX_ROWS + 2, rows.get(rows.size() - 1).number());

        Problem p = refused(() -> rows(csv.append("Đại biểu thừa,Hà Nội\n").toString()));
        assertProblem(p, "validation");
        assertEquals(List.of(new FieldError("body", "at most " + CsvUpload.MAX_ROWS + " rows per import")), p.errors);
    }

    @Test
    void textIsUtf8UnlessTheContentTypeNamesItsCharset() {
        String text =
                "fullName,site\nĐàm Văn Đô,Hà Nam\n"; // all of it in windows-1258, which lacks most precomposed letters

        assertEquals(text, CsvUpload.decode(text.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(text, CsvUpload.decode(text.getBytes(StandardCharsets.UTF_8), "text/csv"));
        assertEquals(text, CsvUpload.decode(text.getBytes(StandardCharsets.UTF_8), "text/csv; charset=UTF-8"));
        byte[] legacy = text.getBytes(Charset.forName("windows-1258"));
        assertEquals(text, CsvUpload.decode(legacy, "text/csv; charset=windows-1258"));
        assertEquals(text, CsvUpload.decode(legacy, "text/csv;CHARSET=\"Windows-1258\""));
        String latin = "fullName,site\nJosé Müller,Hanoi\n";
        assertEquals(
                latin, CsvUpload.decode(latin.getBytes(StandardCharsets.ISO_8859_1), "text/plain; charset=ISO-8859-1"));
    }

    @Test
    void bytesThatAreNotTextInTheCharsetAreRefused() {
        byte[] legacy = "fullName,site\nĐàm Văn Đô,Hà Nội\n".getBytes(Charset.forName("windows-1258"));

        Problem p = refused(() -> CsvUpload.decode(legacy, "text/csv"));
        assertProblem(p, "malformed-csv");
        assertTrue(p.detail.contains("UTF-8"), p.detail);
        assertProblem(refused(() -> CsvUpload.decode(legacy, "text/csv; charset=UTF-8")), "malformed-csv");
        assertProblem(refused(() -> CsvUpload.decode(new byte[] {'a', ',', (byte) 0xC3, '\n'}, null)), "malformed-csv");
        // bytes that windows-1258 leaves undefined
        assertProblem(
                refused(() -> CsvUpload.decode(new byte[] {'a', (byte) 0x81}, "text/csv; charset=windows-1258")),
                "malformed-csv");
    }

    @Test
    void anUnknownCharsetIsRefused() {
        Problem p = refused(() -> CsvUpload.decode(
                "fullName,site\n".getBytes(StandardCharsets.UTF_8), "text/csv; charset=no-such-charset"));

        assertProblem(p, "validation");
        assertEquals(List.of(new FieldError("Content-Type", "unknown charset no-such-charset")), p.errors);
    }

    // ---- an uploaded file, read as a stream ----------------------------------------------------------

    private static CsvUpload file(byte[] bytes, String contentType) throws IOException {
        Path file = Files.createTempFile("upload", ".csv");
        Files.write(file, bytes);
        return new CsvUpload(file, contentType);
    }

    @Test
    void aFileIsCountedThenReadRowByRowInItsCharset() throws IOException {
        StringBuilder text = new StringBuilder("\uFEFFfullName,site\r\n");
        for (int i = 0; i < 1203; i++) {
            text.append("Đàm Văn Đô ").append(i).append(",Hà Nam\r\n").append(i == 600 ? ",\r\n\r\n" : "");
        }
        CsvUpload upload = file(text.toString().getBytes(StandardCharsets.UTF_8), "text/csv");

        upload.requireText();
        assertEquals(1203, upload.count(REQUIRED, KNOWN));
        List<Integer> chunks = new ArrayList<>();
        Row last = null;
        try (CsvUpload.Rows rows = upload.rows(REQUIRED, KNOWN)) {
            for (List<Row> chunk = rows.next(500); !chunk.isEmpty(); chunk = rows.next(500)) {
                chunks.add(chunk.size());
                last = chunk.get(chunk.size() - 1);
            }
        }
        assertEquals(List.of(500, 500, 203), chunks);
        assertEquals("Đàm Văn Đô 1202", last.value("fullName"), "the byte-order mark is no part of the text");
        assertEquals(1206, last.number(), "the empty rows keep their numbers");
        upload.delete();
        upload.delete();

        byte[] legacy = "fullName,site\nĐàm Văn Đô,Hà Nam\n".getBytes(Charset.forName("windows-1258"));
        CsvUpload named = file(legacy, "text/csv; charset=windows-1258");
        named.requireText();
        try (CsvUpload.Rows rows = named.rows(REQUIRED, KNOWN)) {
            assertEquals("Đàm Văn Đô", rows.next().value("fullName"), "the charset the Content-Type names");
            assertNull(rows.next());
        }
        named.delete();
    }

    @Test
    void aFileIsRefusedAsWhenItWasReadWholeFirst() throws IOException {
        byte[] legacy = "fullName,site\nĐàm Văn Đô,Hà Nội\n".getBytes(Charset.forName("windows-1258"));
        assertProblem(refused(() -> file(legacy, "text/csv").requireText()), "malformed-csv");
        assertProblem(refused(() -> file(legacy, "text/csv; charset=nope").requireText()), "validation");
        // NUL far below a header that lacks a column: the file is not text, whatever else is wrong with it
        String utf16 = "name,place\n" + "Trần Quốc Tỏ,Hà Nội\n".repeat(10_000) + "\u0000";
        Problem p = refused(
                () -> file(utf16.getBytes(StandardCharsets.UTF_8), "text/csv").count(REQUIRED, KNOWN));
        assertProblem(p, "malformed-csv");
        assertTrue(p.detail.contains("NUL"), p.detail);
        Problem quote = refused(() -> file("fullName,site\n\"Trần,Hà Nội\n".getBytes(StandardCharsets.UTF_8), null)
                .count(REQUIRED, KNOWN));
        assertTrue(quote.detail.startsWith("the file is not valid CSV"), quote.detail);
    }
}
