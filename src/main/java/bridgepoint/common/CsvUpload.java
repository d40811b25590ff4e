package bridgepoint.common;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An uploaded CSV file with a header row, read as a spreadsheet shows it: rows are numbered as the spreadsheet
 * numbers them (the header is row 1), and empty lines and rows of empty cells are skipped but keep their numbers.
 * A file that is not text in its charset, not CSV, lacks a required column or has too many rows is refused whole
 * (400).
 *
 * <p>The file waits on disk ({@link RequestBodies} writes it as it arrives) and is read as a stream, never held
 * whole: once to check it while the request waits, once more by the import job. It goes with its request, unless a
 * job {@link #keep() keeps} it, which then {@link #delete() deletes} it when done.
 */
public final class CsvUpload {

    public static final int MAX_ROWS = 50_000;

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(false)
            .setAllowMissingColumnNames(true)
            .get();

    private final Path file;
    private final String contentType;
    private final AtomicBoolean kept = new AtomicBoolean();

    CsvUpload(Path file, String contentType) {
        this.file = file;
        this.contentType = contentType;
    }

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
     * The rows of a file below its header row, read as they are asked for. A refusal (400) comes as soon as the
     * file is known to be bad, but only after the rest of it was read: a file that is not text in its charset is
     * refused as such, whatever else is wrong with it, as when it was read whole first.
     */
    public static final class Rows implements AutoCloseable {

        private final Text text;
        private final Charset charset;
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final Map<String, Integer> columns;
        private int count;

        private Rows(Reader source, Charset charset, List<String> required, List<String> known) {
            this.text = new Text(source);
            this.charset = charset;
            try {
                parser = CSVParser.parse(text, FORMAT);
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
                columns = parser.getHeaderMap();
                records = parser.iterator();
            } catch (IOException | RuntimeException e) {
                ApiException refusal = refusal(e);
                close();
                throw refusal;
            }
        }

        /** The next row, or null after the last. */
        public Row next() {
            try {
                while (records.hasNext()) {
                    CSVRecord record = records.next();
                    // An empty line, or a row of empty cells (as spreadsheets save them), is no row; it still counts,
                    // as the spreadsheet's row numbers do.
                    if (record.stream().allMatch(String::isBlank)) {
                        continue;
                    }
                    if (++count > MAX_ROWS) {
                        throw ApiException.badRequest("body", "at most " + MAX_ROWS + " rows per import");
                    }
                    return new Row((int) record.getRecordNumber() + 1, record.values(), columns); // the header is row 1
                }
                return null;
            } catch (RuntimeException e) {
                throw refusal(e);
            }
        }

        /** Up to {@code max} next rows; none after the last. */
        public List<Row> next(int max) {
            List<Row> rows = new ArrayList<>();
            Row row;
            while (rows.size() < max && (row = next()) != null) {
                rows.add(row);
            }
            return rows;
        }

        @Override
        public void close() {
            try {
                text.close();
            } catch (IOException e) {
                // nothing was written: nothing lost
            }
        }

        private ApiException refusal(Throwable failure) {
            ApiException notText = notText(drain());
            if (notText == null) {
                notText = notText(failure);
            }
            if (notText != null) {
                return notText;
            }
            return failure instanceof ApiException api
                    ? api
                    : ApiException.malformedCsv("the file is not valid CSV: " + failure.getMessage());
        }

        /** Reads the rest of the text; what stopped it, if anything did. */
        private Throwable drain() {
            char[] buffer = new char[8192];
            try {
                while (text.read(buffer, 0, buffer.length) >= 0) {
                    // only read to the end
                }
                return null;
            } catch (IOException e) {
                return e;
            }
        }

        /** The refusal of a file that is not text, if this failure (or a cause) says it is not; else null. */
        private ApiException notText(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof NulInText) {
                    // NUL is no character of a text file; a spreadsheet saved as UTF-16 ("Unicode text") is full of
                    // them
                    return ApiException.malformedCsv("the file contains NUL bytes, so it is not UTF-8 text (UTF-16?); "
                            + "save it as \"CSV UTF-8\"");
                }
                if (t instanceof CharacterCodingException) {
                    return notTextIn(charset);
                }
            }
            return null;
        }
    }

    /**
     * Refuses (400) a file that is not text in the charset its Content-Type names (UTF-8 by default), or that names
     * a charset this service does not know, reading it through once.
     */
    public void requireText() {
        Charset charset = charset(contentType);
        char[] buffer = new char[8192];
        try (Reader in = reader(charset)) {
            while (in.read(buffer) >= 0) {
                // only read to the end
            }
        } catch (CharacterCodingException e) {
            throw notTextIn(charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How many rows the file has below its header, which must name every {@code required} column (a header that
     * lacks one is refused with the {@code known} columns listed); the file is read through once.
     */
    public int count(List<String> required, List<String> known) {
        try (Rows rows = rows(required, known)) {
            int n = 0;
            while (rows.next() != null) {
                n++;
            }
            return n;
        }
    }

    /** The file's rows, as {@link #count} checks them, to be closed when done. */
    public Rows rows(List<String> required, List<String> known) {
        Charset charset = charset(contentType);
        try {
            return new Rows(reader(charset), charset, required, known);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the file after its request, for a job that {@link #delete() deletes} it when done. */
    public void keep() {
        kept.set(true);
    }

    boolean kept() {
        return kept.get();
    }

    /** Deletes the file, if it is still there. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    /**
     * The text of {@code body} (none if null), in the charset {@code contentType} names, UTF-8 by default. Bytes that
     * are not valid in it are refused (400) rather than imported as garbled names.
     */
    public static String decode(byte[] body, String contentType) {
        Charset charset = charset(contentType);
        try {
            return decoder(charset)
                    .decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notTextIn(charset);
        }
    }

    /** All the rows of {@code text}, read as an uploaded file's are. */
    public static List<Row> rows(String text, List<String> required, List<String> known) {
        try (Rows rows = new Rows(new StringReader(text), null, required, known)) {
            return rows.next(Integer.MAX_VALUE);
        }
    }

    private Reader reader(Charset charset) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), decoder(charset));
    }

    private static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The charset {@code contentType} names, UTF-8 if none; one this service does not know is refused (400). */
    private static Charset charset(String contentType) {
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
        return charset;
    }

    private static ApiException notTextIn(Charset charset) {
        String name = charset == null ? "" : charset.name() + " ";
        return ApiException.malformedCsv("the file is not valid " + name + "text; save it as \"CSV UTF-8\"");
    }

    private static final class NulInText extends IOException {
        NulInText() {
            super("NUL in text", null);
        }
    }

    /** The text of a file: a byte-order mark at its start left out, a NUL refused. */
    private static final class Text extends FilterReader {

        private boolean started;

        Text(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (!started && n > 0) {
                started = true;
                if (buffer[offset] == '\uFEFF') {
                    System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                    if (--n == 0) {
                        return read(buffer, offset, length);
                    }
                }
            }
            for (int i = offset; i < offset + n; i++) {
                if (buffer[i] == '\u0000') {
                    throw new NulInText();
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            char[] buffer = new char[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }
    }
}
