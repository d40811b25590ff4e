package bridgepoint.delegate;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing delegates from CSV as a job: good rows in, bad rows reported by spreadsheet row, files refused whole. */
@QuarkusTest
class DelegateImportTest {

    private static final String HEADER = "fullName,title,organization,email,phone,site";
    private static final String JOIN_CODE = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}";
    private static final String UTF8_CSV = "text/csv; charset=UTF-8";

    private static ValidatableResponse upload(RequestSpecification as, Setup s, Object body, String contentType) {
        // exactly this Content-Type: RestAssured would add "; charset=ISO-8859-1" to a text type without one
        as.config(RestAssured.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType(contentType);
        if (body instanceof byte[] bytes) {
            as.body(bytes);
        } else {
            as.body(body);
        }
        return as.post(s.path() + "/delegates/import").then();
    }

    /** Starts an import as the organizer (202); the job id. */
    private static String start(Setup s, String csv) {
        ExtractableResponse<Response> accepted = upload(asOrganizer(), s, csv, UTF8_CSV)
                .statusCode(202)
                .body("status", equalTo("RUNNING"))
                .body("conferenceId", equalTo(s.conference()))
                .body("processed", equalTo(0))
                .extract();
        String job = accepted.path("jobId");
        assertTrue(accepted.header("Location").endsWith("/api/imports/" + job), accepted.header("Location"));
        return job;
    }

    /**
     * Follows the job until it is done (within {@code seconds}), checking on the way that {@code processed} only grows
     * and never passes {@code total}; the finished job.
     */
    private static JsonPath awaitDone(String job, int seconds) {
        List<Integer> progress = new ArrayList<>();
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last[0] = asOrganizer()
                            .get("/api/imports/{j}", job)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    int processed = last[0].getInt("processed");
                    assertTrue(processed <= last[0].getInt("total"), last[0].prettify());
                    assertTrue(
                            progress.isEmpty() || processed >= progress.get(progress.size() - 1),
                            "progress went back: " + progress);
                    progress.add(processed);
                    return !"RUNNING".equals(last[0].getString("status"));
                });
        JsonPath done = last[0];
        assertEquals("DONE", done.getString("status"), done.prettify());
        assertEquals(done.getInt("total"), done.getInt("processed"));
        assertNotNull(done.getString("finishedAt"));
        return done;
    }

    private static String siteName(String siteId) {
        return asOrganizer()
                .get("/api/sites/{s}", siteId)
                .then()
                .statusCode(200)
                .extract()
                .path("name");
    }

    private static List<Map<String, Object>> delegates(Setup s) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Map<String, Object>> items = asOrganizer()
                    .queryParam("size", 500)
                    .queryParam("page", page)
                    .get(s.path() + "/delegates")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            all.addAll(items);
            if (items.size() < 500) {
                return all;
            }
        }
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> delegates) {
        return delegates.stream().collect(Collectors.toMap(d -> (String) d.get("fullName"), d -> d));
    }

    private static Snapshot unchanged(Setup s) {
        return Api.snapshot(s.path() + "/delegates?size=500");
    }

    @Test
    void goodRowsAreImportedAndBadRowsReportedByTheirSpreadsheetRow() {
        Setup s = Api.setup();
        String hanoi = siteName(s.host());
        String danang = siteName(s.remote());
        String tag = Api.unique();
        asOrganizer()
                .body(Map.of(
                        "fullName", "Lê Văn Cũ", "email", "existing." + tag + "@danang.gov.vn", "siteId", s.host()))
                .post(s.path() + "/delegates")
                .then()
                .statusCode(201);
        // as Excel saves "CSV UTF-8": a byte-order mark, CRLF between rows, LF inside a cell
        String csv = "\uFEFF"
                + String.join(
                        "\r\n",
                        HEADER,
                        "Trần Quốc Tỏ,\"Trung tướng, Bộ trưởng\",Bộ Công an,to." + tag
                                + "@bocongan.gov.vn,+84 24 3822 6602," + hanoi,
                        "Nguyễn Thị Hồng Nhung,Phó Trưởng ban,\"Ban Dân vận \"\"Thành ủy\"\", Đà Nẵng\",nhung." + tag
                                + "@danang.gov.vn,0905 123 456," + danang.toUpperCase(Locale.ROOT),
                        "Lê Thị Thu Hà,,\"Sở Nội vụ\nTP. Đà Nẵng\",ha." + tag + "@danang.gov.vn,," + s.remote(),
                        ",Chuyên viên,Văn phòng,noname." + tag + "@danang.gov.vn,," + hanoi,
                        "Phạm Đức Thắng,,,thang." + tag + "@cantho.gov.vn,,Điểm cầu Cần Thơ " + tag,
                        "Trần Văn Trùng,,,TO." + tag + "@BOCONGAN.gov.vn,," + hanoi,
                        "Lê Văn Cũ,,,Existing." + tag + "@danang.gov.vn,," + hanoi,
                        "Võ Văn Sai,,,sai." + tag + "@danang.gov.vn,0905-abc," + hanoi,
                        "Đặng Thị Đào,,,not-an-email,," + danang,
                        "  Huỳnh Thành Đạt  ,,,dat." + tag + "@danang.gov.vn,0236 3822 111,"
                                + danang.toLowerCase(Locale.ROOT))
                + "\r\n";

        JsonPath done = awaitDone(start(s, csv), 30);

        assertEquals(10, done.getInt("total"));
        assertEquals(4, done.getInt("created"));
        assertEquals(List.of(5, 6, 7, 8, 9, 10), done.getList("errors.row"));
        List<String> messages = done.getList("errors.message");
        String[] expected = {"missing name", "unknown site", "duplicate email", "duplicate email", "bad phone", "email"
        };
        for (int i = 0; i < expected.length; i++) {
            assertTrue(messages.get(i).contains(expected[i]), "row " + (i + 5) + ": '" + messages.get(i) + "'");
        }

        Map<String, Map<String, Object>> imported = byName(delegates(s));
        assertEquals(
                Set.of("Lê Văn Cũ", "Trần Quốc Tỏ", "Nguyễn Thị Hồng Nhung", "Lê Thị Thu Hà", "Huỳnh Thành Đạt"),
                imported.keySet(),
                "the good rows and the delegate from before, nothing of the bad rows");
        assertDelegate(
                imported.get("Trần Quốc Tỏ"),
                "Trung tướng, Bộ trưởng",
                "Bộ Công an",
                "to." + tag + "@bocongan.gov.vn",
                "+84 24 3822 6602",
                s.host());
        assertDelegate(
                imported.get("Nguyễn Thị Hồng Nhung"),
                "Phó Trưởng ban",
                "Ban Dân vận \"Thành ủy\", Đà Nẵng",
                "nhung." + tag + "@danang.gov.vn",
                "0905 123 456",
                s.remote());
        assertDelegate(
                imported.get("Lê Thị Thu Hà"),
                null,
                "Sở Nội vụ\nTP. Đà Nẵng",
                "ha." + tag + "@danang.gov.vn",
                null,
                s.remote());
        assertDelegate(
                imported.get("Huỳnh Thành Đạt"),
                null,
                null,
                "dat." + tag + "@danang.gov.vn",
                "0236 3822 111",
                s.remote());
        // each with a join code of its own, that works
        Set<String> codes = new HashSet<>();
        for (Map<String, Object> d : imported.values()) {
            assertTrue(((String) d.get("joinCode")).matches(JOIN_CODE), d.toString());
            assertTrue(codes.add((String) d.get("joinCode")), "a join code twice");
        }
        String code = (String) imported.get("Lê Thị Thu Hà").get("joinCode");
        Api.anonymous()
                .body(Map.of("code", code))
                .post("/api/join")
                .then()
                .statusCode(200)
                .body("delegateId", equalTo(imported.get("Lê Thị Thu Hà").get("id")))
                .body("siteId", equalTo(s.remote()));
        // found by search, as any delegate
        asOrganizer()
                .queryParam("q", "tran quoc to")
                .get(s.path() + "/delegates")
                .then()
                .statusCode(200)
                .body("items.fullName", equalTo(List.of("Trần Quốc Tỏ")));
    }

    @Test
    void emptyLinesAndRowsOfEmptyCellsAreSkippedButKeepTheSpreadsheetsRowNumbers() {
        Setup s = Api.setup();
        String hanoi = siteName(s.host());
        String tag = Api.unique();
        String csv = String.join(
                        "\n",
                        HEADER,
                        "Trần Quốc Tỏ,,,to." + tag + "@bocongan.gov.vn,," + hanoi,
                        "",
                        ",,,,,",
                        ",Chuyên viên,,,," + hanoi,
                        "Lê Văn Trung,,,trung." + tag + "@danang.gov.vn,," + hanoi,
                        ",,,,,")
                + "\n";

        JsonPath done = awaitDone(start(s, csv), 30);

        assertEquals(3, done.getInt("total"), done.prettify());
        assertEquals(2, done.getInt("created"));
        assertEquals(List.of(5), done.getList("errors.row"), "the row without a name, as the spreadsheet numbers it");
        assertEquals(
                Set.of("Trần Quốc Tỏ", "Lê Văn Trung"), byName(delegates(s)).keySet());
    }

    private static void assertDelegate(
            Map<String, Object> d, String title, String organization, String email, String phone, String siteId) {
        assertNotNull(d);
        assertEquals(title, d.get("title"), d.toString());
        assertEquals(organization, d.get("organization"), d.toString());
        assertEquals(email, d.get("email"), d.toString());
        assertEquals(phone, d.get("phone"), d.toString());
        assertEquals(siteId, d.get("siteId"), d.toString());
    }

    @Test
    void aRowIsImportedWholeOrNotAtAllEvenWhenARegistrationRacesTheImport() {
        Setup s = Api.setup();
        int rows = 2000;
        int contested = 1500;
        String tag = Api.unique();
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < rows; i++) {
            csv.append(row(i, tag, i % 2 == 0 ? s.host() : s.remote())).append('\n');
        }
        String job = start(s, csv.toString());
        // a delegate registered meanwhile with the e-mail of a row further down
        int registered = asOrganizer()
                .body(Map.of("fullName", "Người đăng ký riêng", "email", email(contested, tag), "siteId", s.host()))
                .post(s.path() + "/delegates")
                .then()
                .extract()
                .statusCode();
        assertTrue(registered == 201 || registered == 409, "registration answered " + registered);

        JsonPath done = awaitDone(job, 30);

        List<Integer> errorRows = done.getList("errors.row");
        assertEquals(rows, done.getInt("created") + errorRows.size(), done.prettify());
        assertEquals(
                registered == 201 ? List.of(contested + 2) : List.of(),
                errorRows,
                "the row whose e-mail was taken meanwhile, if it was");
        List<Map<String, Object>> all = delegates(s);
        assertEquals(done.getInt("created") + (registered == 201 ? 1 : 0), all.size());
        assertEquals(
                1,
                all.stream()
                        .filter(d -> email(contested, tag).equals(d.get("email")))
                        .count());
        // every imported delegate has all its row says
        Map<String, Map<String, Object>> byName = byName(all);
        for (int i = 0; i < rows; i++) {
            Map<String, Object> d = byName.get(name(i, tag));
            if (errorRows.contains(i + 2)) {
                assertNull(d, "a refused row left a delegate: " + d);
                continue;
            }
            assertDelegate(
                    d,
                    "Đại biểu",
                    "Đoàn " + (i % 7),
                    email(i, tag),
                    "0905 " + String.format("%06d", i),
                    i % 2 == 0 ? s.host() : s.remote());
        }
    }

    private static String name(int i, String tag) {
        return "Nguyễn Văn " + tag + " " + i;
    }

    private static String email(int i, String tag) {
        return "dai.bieu." + i + "." + tag + "@danang.gov.vn";
    }

    private static String row(int i, String tag, String site) {
        return name(i, tag) + ",Đại biểu,Đoàn " + (i % 7) + "," + email(i, tag) + ",0905 " + String.format("%06d", i)
                + "," + site;
    }

    @Test
    void siteIsANameOrAnIdOfAParticipatingSite() {
        Setup s = Api.setup();
        Setup other = Api.setup();
        String csv = "fullName,site\n"
                + "Trần Quốc Tỏ," + siteName(s.host()).toLowerCase(Locale.ROOT) + "\n"
                + "Lê Thị Thu Hà," + s.remote().toUpperCase(Locale.ROOT) + "\n"
                + "Phạm Đức Thắng," + other.host() + "\n"
                + "Nguyễn Văn Hùng," + siteName(other.remote()) + "\n"
                + "Đặng Thị Đào,\n";

        JsonPath done = awaitDone(start(s, csv), 30);

        assertEquals(2, done.getInt("created"));
        assertEquals(List.of(4, 5, 6), done.getList("errors.row"));
        assertEquals(
                Map.of("Trần Quốc Tỏ", s.host(), "Lê Thị Thu Hà", s.remote()),
                delegates(s).stream()
                        .collect(Collectors.toMap(d -> (String) d.get("fullName"), d -> (String) d.get("siteId"))));
    }

    @Test
    void filesThatCannotBeReadAreRefusedWhole() {
        Setup s = Api.setup();
        String site = siteName(s.host());
        Snapshot before = unchanged(s);

        for (String header : List.of(
                "title,organization,email,phone,site", "fullName,title,organization,email,phone", "name,site", "")) {
            problem(upload(asOrganizer(), s, header + "\nTrần Quốc Tỏ,,,,," + site + "\n", UTF8_CSV), 400, "validation")
                    .body("errors.field", everyItem(equalTo("header")))
                    .body("errors.message", hasItem(containsString("'")))
                    .body("jobId", nullValue());
        }
        problem(upload(asOrganizer(), s, "", UTF8_CSV), 400);
        // an unterminated quote
        problem(
                        upload(
                                asOrganizer(),
                                s,
                                HEADER + "\nTrần Quốc Tỏ,\"Trung tướng,Bộ Công an,,," + site + "\n",
                                UTF8_CSV),
                        400,
                        "malformed-csv")
                .body("jobId", nullValue());
        // Vietnamese saved as Windows-1258 but sent as UTF-8
        byte[] legacy = (HEADER + "\nĐàm Văn Đô,,,,," + s.host() + "\n").getBytes(Charset.forName("windows-1258"));
        problem(upload(asOrganizer(), s, legacy, UTF8_CSV), 400, "malformed-csv");
        problem(upload(asOrganizer(), s, legacy, "text/csv"), 400, "malformed-csv");
        problem(
                upload(asOrganizer(), s, HEADER.getBytes(StandardCharsets.UTF_8), "text/csv; charset=no-such-charset"),
                400);
        problem(upload(asOrganizer(), s, Map.of("fullName", "Trần Quốc Tỏ"), "application/json"), 415);
        before.assertUnchanged();

        // the same bytes, with their charset named, are read correctly
        JsonPath done = awaitDone(
                upload(asOrganizer(), s, legacy, "text/csv; charset=windows-1258")
                        .statusCode(202)
                        .extract()
                        .path("jobId"),
                30);
        assertEquals(1, done.getInt("created"), done.prettify());
        assertEquals(
                List.of("Đàm Văn Đô"),
                delegates(s).stream().map(d -> d.get("fullName")).toList());
    }

    @Test
    void endedAndCancelledConferencesTakeNoImports() {
        Setup ended = Api.setup();
        Api.advance(ended.conference(), "publish", "start", "end");
        Setup cancelled = Api.setup();
        Api.advance(cancelled.conference(), "cancel");
        for (Setup s : List.of(ended, cancelled)) {
            Snapshot before = unchanged(s);
            problem(
                    upload(asOrganizer(), s, "fullName,site\nTrần Quốc Tỏ," + s.host() + "\n", UTF8_CSV),
                    409,
                    "conference-closed");
            before.assertUnchanged();
        }
        problem(
                upload(
                        asOrganizer(),
                        new Setup(UUID.randomUUID().toString(), ended.host(), ended.remote(), ended.day()),
                        "fullName,site\nTrần Quốc Tỏ," + ended.host() + "\n",
                        UTF8_CSV),
                404,
                "not-found");
    }

    @Test
    void onlyOrganizersImportAndFollowImports() {
        Setup s = Api.setup();
        String csv = "fullName,site\nTrần Quốc Tỏ," + s.host() + "\n";
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.host(), "Lê Thị Thu Hà").get("joinCode"));
        String host = Api.siteHost(s.host());
        Snapshot before = unchanged(s);

        problem(upload(Api.as(host), s, csv, UTF8_CSV), 403, "forbidden");
        problem(upload(Api.as(delegate), s, csv, UTF8_CSV), 403, "forbidden");
        Api.unauthorized(upload(Api.anonymous(), s, csv, UTF8_CSV));
        before.assertUnchanged();

        String job = start(s, csv);
        problem(Api.as(host).get("/api/imports/{j}", job).then(), 403, "forbidden");
        problem(Api.as(delegate).get("/api/imports/{j}", job).then(), 403, "forbidden");
        problem(asOrganizer().get("/api/imports/{j}", UUID.randomUUID()).then(), 404, "not-found");
        awaitDone(job, 30);
        asOrganizer()
                .get("/api/imports/{j}", job)
                .then()
                .statusCode(200)
                .body("jobId", equalTo(job))
                .body("created", equalTo(1))
                .body("errors", equalTo(List.of()))
                .body("startedAt", endsWith("+07:00"));
    }

    @Test
    void tenThousandRowsImportCompletely() {
        Setup s = Api.setup();
        int rows = 10_000;
        String tag = Api.unique();
        // bad rows at the edges of the batches of 500 (rows 501 and 502) and at the very end
        Set<Integer> bad = Set.of(2, 501, 502, 1001, rows + 1);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < rows; i++) {
            String site = i % 3 == 0 ? s.remote() : s.host();
            csv.append(bad.contains(i + 2) ? row(i, tag, site).replace("0905 ", "0905 x") : row(i, tag, site))
                    .append('\n');
        }
        long started = System.nanoTime();

        JsonPath done = awaitDone(start(s, csv.toString()), 30);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(rows, done.getInt("total"));
        assertEquals(rows - bad.size(), done.getInt("created"), "in " + took);
        assertEquals(bad.stream().sorted().toList(), done.getList("errors.row"));
        done.getList("errors.message", String.class).forEach(m -> assertTrue(m.contains("bad phone"), m));
        assertEquals(rows - bad.size(), Api.total(s.path() + "/delegates"));
        int atRemote = 0;
        for (int i = 0; i < rows; i += 3) {
            atRemote += bad.contains(i + 2) ? 0 : 1;
        }
        assertEquals(atRemote, Api.total(s.path() + "/delegates?siteId=" + s.remote()));
    }

    @Test
    void aConferenceCancelledDuringAnImportStopsItAndKeepsWhatWasImported() {
        Setup s = Api.setup();
        Api.advance(s.conference(), "publish");
        int rows = 20_000;
        String tag = Api.unique();
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < rows; i++) {
            csv.append(row(i, tag, s.host())).append('\n');
        }
        String job = start(s, csv.toString());
        Api.advance(s.conference(), "cancel");

        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] =
                    asOrganizer().get("/api/imports/{j}", job).then().extract().jsonPath();
            return !"RUNNING".equals(last[0].getString("status"));
        });
        JsonPath done = last[0];
        assertEquals("FAILED", done.getString("status"), done.prettify());
        assertTrue(done.getInt("created") < rows, done.prettify());
        assertTrue(
                done.getList("errors.message", String.class).stream()
                        .anyMatch(m -> m.contains("the conference was CANCELLED")),
                done.prettify());
        assertEquals(
                done.getInt("created"), Api.total(s.path() + "/delegates"), "what the job counts is what is there");
    }
}
