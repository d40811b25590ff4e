package bridgepoint.support;

import io.restassured.http.ContentType;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The reference conference of the README ("The API in one example"), set up over HTTP as an organizer would:
 * <i>Hội nghị trực tuyến tổng kết công tác dân vận</i>, 22 December 2021, 08:00–11:30 in Hà Nội's time zone, chaired
 * by Trung tướng Trần Quốc Tỏ from the HOST hall, with the bridge point Đà Nẵng (co-chairs Lê Văn Trung and Trần Mưu),
 * three delegates and six agenda items (Decision 23-QĐ/TW and Directive 33/CT-TTg briefed, an AWARDS item, a closing
 * speech). Site names get a suffix of their own, so that every call makes a conference whose sites are free.
 */
public final class ReferenceConference {

    public static final String TITLE = "Hội nghị trực tuyến tổng kết công tác dân vận";
    public static final LocalDate DAY = LocalDate.of(2021, 12, 22);
    public static final String HOST_SITE = "Hội trường Bộ Công an";
    public static final String DANANG_SITE = "Điểm cầu Đà Nẵng";
    public static final int COLLECTIVES = 85;
    public static final int INDIVIDUALS = 93;

    /** The conference as set up: its ids, the site names (with their suffix) and the agenda bodies sent, in order. */
    public record Conference(
            Api.Setup setup,
            String hostName,
            String danangName,
            List<Map<String, Object>> agenda,
            List<String> itemIds,
            List<String> delegateIds) {

        public String id() {
            return setup.conference();
        }

        public String path() {
            return setup.path();
        }

        public String hanoi() {
            return setup.host();
        }

        public String danang() {
            return setup.remote();
        }
    }

    private ReferenceConference() {}

    /** Sets the reference conference up and publishes it (SCHEDULED). */
    public static Conference scheduled() {
        String suffix = " " + Api.unique();
        String hanoi = Api.createSite(Map.of(
                "name",
                HOST_SITE + suffix,
                "city",
                "Hà Nội",
                "address",
                "47 Phạm Văn Đồng, Cầu Giấy",
                "timeZone",
                Api.ZONE,
                "capacity",
                300));
        String danang = Api.createSite(Map.of(
                "name",
                DANANG_SITE + suffix,
                "city",
                "Đà Nẵng",
                "address",
                "24 Trần Phú, Hải Châu",
                "timeZone",
                Api.ZONE,
                "capacity",
                120));
        String conference = Api.createConference(Map.of(
                "title",
                TITLE,
                "description",
                "Tổng kết công tác dân vận năm 2021, triển khai nhiệm vụ năm 2022",
                "startsAt",
                "2021-12-22T08:00:00+07:00",
                "endsAt",
                "2021-12-22T11:30:00+07:00",
                "timeZone",
                Api.ZONE,
                "chair",
                Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng")));
        asOrganizer()
                .body(Map.of("role", "HOST", "chairs", List.of(Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"))))
                .put("/api/conferences/{c}/sites/{s}", conference, hanoi)
                .then()
                .statusCode(201);
        asOrganizer()
                .body(Map.of(
                        "role",
                        "REMOTE",
                        "streamUrl",
                        "https://stream.example.vn/danang",
                        "chairs",
                        List.of(
                                Map.of("name", "Lê Văn Trung", "title", "Trưởng Ban Dân vận Thành ủy"),
                                Map.of("name", "Trần Mưu", "title", "Đại tá, Phó Giám đốc Công an TP Đà Nẵng"))))
                .put("/api/conferences/{c}/sites/{s}", conference, danang)
                .then()
                .statusCode(201);

        List<String> delegates = new ArrayList<>();
        delegates.add((String)
                Api.createDelegate(conference, hanoi, "Nguyễn Văn Hùng").get("id"));
        delegates.add(
                (String) Api.createDelegate(conference, danang, "Lê Thị Thu Hà").get("id"));
        delegates.add((String)
                Api.createDelegate(conference, danang, "Phạm Đức Thắng").get("id"));

        List<Map<String, Object>> agenda = agenda(hanoi, danang);
        List<String> items = new ArrayList<>();
        for (Map<String, Object> body : agenda) {
            items.add(Api.addItem(conference, body));
        }
        Api.advance(conference, "publish");
        return new Conference(
                new Api.Setup(conference, hanoi, danang, DAY),
                HOST_SITE + suffix,
                DANANG_SITE + suffix,
                agenda,
                items,
                delegates);
    }

    /**
     * Sets the reference conference up and holds it as it happened, with the service's clock at the times of the
     * day: check-ins and head counts, the items run (the report a few minutes late, the Đà Nẵng presentation given
     * from there), announcements, the awards roll of 85 collectives and 93 individuals, then the end at 11:25.
     */
    public static Conference held(TestClock clock) {
        Conference c = scheduled();
        Api.Setup s = c.setup();
        at(clock, "07:40");
        Attendance.checkIn(s, c.delegateIds().get(0), c.hanoi()).statusCode(201);
        Attendance.checkIn(s, c.delegateIds().get(1), c.danang()).statusCode(201);
        importAwards(c);
        at(clock, "07:58");
        Api.advance(c.id(), "start");
        String[] times = {"08:00", "08:12", "08:45", "09:26", "09:48", "10:20"};
        for (int i = 0; i < c.itemIds().size(); i++) {
            at(clock, times[i]);
            Live.run(s, c.itemIds().get(i), "start").statusCode(200);
            if (i == 0) {
                Live.announce(c.id(), "Đề nghị các điểm cầu kiểm tra âm thanh.", null);
                Attendance.report(asOrganizer(), s, c.danang(), Map.of("present", 118, "note", "Đủ thành phần"))
                        .statusCode(200);
                Attendance.report(asOrganizer(), s, c.hanoi(), Map.of("present", 285))
                        .statusCode(200);
                awaitAttendanceEvent(c, 2, 118 + 285);
            }
            if (i == 3) {
                Live.announce(c.id(), "Điểm cầu Đà Nẵng chuẩn bị phát biểu.", c.danang());
            }
        }
        at(clock, "10:41");
        Live.run(s, c.itemIds().get(5), "finish").statusCode(200);
        at(clock, "11:25");
        Api.advance(c.id(), "end");
        return c;
    }

    /**
     * Waits for the (coalesced, asynchronous) {@code attendance.updated} event that carries these totals, so that no
     * attendance round is still pending when the conference is later read back: its record then ends with the end.
     */
    private static void awaitAttendanceEvent(Conference c, int checkedIn, int reportedPresent) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Live.storedEvents(c.id(), 0).stream()
                        .filter(e -> "attendance.updated".equals(e.path("type").asText()))
                        .map(e -> e.path("data").path("totals"))
                        .anyMatch(t -> t.path("checkedIn").asInt() == checkedIn
                                && t.path("reportedPresent").asInt() == reportedPresent));
    }

    /** Imports the awards roll (85 collectives, 93 individuals) and waits for the job to finish. */
    public static void importAwards(Conference c) {
        StringBuilder csv = new StringBuilder("recipientType,name,unit,award,site\n");
        for (int i = 1; i <= COLLECTIVES; i++) {
            csv.append("COLLECTIVE,Phòng Công tác đảng số ")
                    .append(i)
                    .append(",Công an tỉnh,Bằng khen của Bộ trưởng Bộ Công an,")
                    .append(i % 5 == 0 ? c.danangName() : "")
                    .append('\n');
        }
        for (int i = 1; i <= INDIVIDUALS; i++) {
            csv.append("INDIVIDUAL,Đồng chí Nguyễn Văn ")
                    .append(i)
                    .append(",\"Ban Dân vận, Công an tỉnh\",Giấy khen,")
                    .append(i % 3 == 0 ? c.danangName() : "")
                    .append('\n');
        }
        String job = asOrganizer()
                .contentType("text/csv; charset=utf-8")
                .body(csv.toString())
                .post(c.path() + "/awards/import")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        awaitJob(job).body("created", equalTo(COLLECTIVES + INDIVIDUALS));
    }

    /** The import job once it is no longer running. */
    public static io.restassured.response.ValidatableResponse awaitJob(String jobId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !"RUNNING"
                        .equals(asOrganizer().get("/api/imports/{j}", jobId).path("status")));
        return asOrganizer()
                .contentType(ContentType.JSON)
                .get("/api/imports/{j}", jobId)
                .then()
                .statusCode(200)
                .body("status", equalTo("DONE"));
    }

    private static void at(TestClock clock, String hhmm) {
        clock.freeze(OffsetDateTime.parse(Api.at(DAY, hhmm)).toInstant());
    }

    private static List<Map<String, Object>> agenda(String hanoi, String danang) {
        List<Map<String, Object>> agenda = new ArrayList<>();
        agenda.add(item("OPENING", "Khai mạc hội nghị", "Trần Quốc Tỏ", "Trung tướng", hanoi, "08:00", 10, List.of()));
        agenda.add(item(
                "REPORT",
                "Báo cáo tổng kết công tác dân vận năm 2021",
                "Cục Công tác đảng",
                "Đại diện",
                hanoi,
                "08:10",
                30,
                List.of()));
        agenda.add(item(
                "DOCUMENT_BRIEFING",
                "Quán triệt các văn bản mới về công tác dân vận",
                "Ban Dân vận",
                "Báo cáo viên",
                hanoi,
                "08:40",
                40,
                List.of(
                        doc(
                                "23-QĐ/TW",
                                "Quy định về công tác dân vận của hệ thống chính trị",
                                "Ban Chấp hành Trung ương",
                                "2021-07-30"),
                        doc("33/CT-TTg", "Chỉ thị về công tác dân vận", "Thủ tướng Chính phủ", "2021-12-08"),
                        doc("239-QĐ/TW", "Quy định về công tác dân vận", "Ban Bí thư", "2021-07-15"),
                        doc(
                                "11/CT-BCA-V05",
                                "Chỉ thị về công tác dân vận trong Công an nhân dân",
                                "Bộ Công an",
                                "2021-09-10"))));
        agenda.add(item(
                "PRESENTATION",
                "Tham luận của điểm cầu Đà Nẵng",
                "Lê Văn Trung",
                "Trưởng Ban Dân vận Thành ủy",
                danang,
                "09:20",
                20,
                List.of()));
        agenda.add(item(
                "AWARDS",
                "Khen thưởng 85 tập thể và 93 cá nhân",
                "Trần Quốc Tỏ",
                "Trung tướng",
                hanoi,
                "09:40",
                30,
                List.of()));
        agenda.add(item(
                "CLOSING",
                "Phát biểu kết luận, bế mạc hội nghị",
                "Trần Quốc Tỏ",
                "Trung tướng",
                hanoi,
                "10:10",
                20,
                List.of()));
        return agenda;
    }

    private static Map<String, Object> item(
            String kind,
            String title,
            String speaker,
            String speakerTitle,
            String siteId,
            String time,
            int minutes,
            List<Map<String, Object>> documents) {
        return Map.of(
                "kind",
                kind,
                "title",
                title,
                "speaker",
                Map.of("name", speaker, "title", speakerTitle),
                "siteId",
                siteId,
                "plannedStart",
                "2021-12-22T" + time + ":00+07:00",
                "plannedMinutes",
                minutes,
                "documents",
                documents);
    }

    private static Map<String, Object> doc(String code, String title, String issuer, String issuedOn) {
        return Map.of("code", code, "title", title, "issuer", issuer, "issuedOn", issuedOn);
    }
}
