package bridgepoint.conference;

import bridgepoint.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reference conference: "Hội nghị trực tuyến tổng kết công tác dân vận" on 22 Dec 2021, 08:00–11:30 in
 * Hà Nội's time zone, with a bridge point in Đà Nẵng, set up over HTTP and read back exactly.
 */
@QuarkusTest
class ReferenceConferenceTest {

    private static final String TITLE = "Hội nghị trực tuyến tổng kết công tác dân vận";

    @Test
    void setUpPublishAndReadBackExactly() {
        String suffix = " " + Api.unique();
        String hanoi = asOrganizer()
                .body(Map.of(
                        "name",
                        "Hội trường Bộ Công an" + suffix,
                        "city",
                        "Hà Nội",
                        "address",
                        "47 Phạm Văn Đồng, Cầu Giấy",
                        "timeZone",
                        "Asia/Ho_Chi_Minh",
                        "capacity",
                        300))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String danang = asOrganizer()
                .body(Map.of(
                        "name",
                        "Điểm cầu Đà Nẵng" + suffix,
                        "city",
                        "Đà Nẵng",
                        "address",
                        "24 Trần Phú, Hải Châu",
                        "timeZone",
                        "Asia/Ho_Chi_Minh",
                        "capacity",
                        120))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String conference = asOrganizer()
                .body(Map.of(
                        "title", TITLE,
                        "description", "Tổng kết công tác dân vận năm 2021, triển khai nhiệm vụ năm 2022",
                        "startsAt", "2021-12-22T08:00:00+07:00",
                        "endsAt", "2021-12-22T11:30:00+07:00",
                        "timeZone", "Asia/Ho_Chi_Minh",
                        "chair", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng")))
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .header("Location", Matchers.containsString("/api/conferences/"))
                .body("status", equalTo("DRAFT"))
                .extract()
                .path("id");

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

        Api.createDelegate(conference, hanoi, "Nguyễn Văn Hùng");
        Api.createDelegate(conference, danang, "Lê Thị Thu Hà");
        Api.createDelegate(conference, danang, "Phạm Đức Thắng");

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
        for (Map<String, Object> body : agenda) {
            asOrganizer()
                    .body(body)
                    .post("/api/conferences/{c}/agenda", conference)
                    .then()
                    .statusCode(201);
        }

        asOrganizer()
                .post("/api/conferences/{c}/publish", conference)
                .then()
                .statusCode(200)
                .body("status", equalTo("SCHEDULED"));

        JsonPath read = asOrganizer()
                .get("/api/conferences/{c}", conference)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .extract()
                .jsonPath();
        assertEquals(TITLE, read.getString("title"));
        assertEquals("2021-12-22T08:00:00+07:00", read.getString("startsAt"));
        assertEquals("2021-12-22T11:30:00+07:00", read.getString("endsAt"));
        assertEquals("Asia/Ho_Chi_Minh", read.getString("timeZone"));
        assertEquals("Trần Quốc Tỏ", read.getString("chair.name"));
        assertEquals("Trung tướng", read.getString("chair.title"));
        assertEquals("SCHEDULED", read.getString("status"));

        JsonPath sites = asOrganizer()
                .get("/api/conferences/{c}/sites", conference)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2, sites.getInt("total"));
        assertEquals("HOST", sites.getString("items[0].role"));
        assertEquals(hanoi, sites.getString("items[0].siteId"));
        assertEquals("Điểm cầu Đà Nẵng" + suffix, sites.getString("items[1].name"));
        assertEquals("Đà Nẵng", sites.getString("items[1].city"));
        assertEquals("Lê Văn Trung", sites.getString("items[1].chairs[0].name"));
        assertEquals("Trưởng Ban Dân vận Thành ủy", sites.getString("items[1].chairs[0].title"));
        assertEquals("Trần Mưu", sites.getString("items[1].chairs[1].name"));
        assertEquals("Đại tá, Phó Giám đốc Công an TP Đà Nẵng", sites.getString("items[1].chairs[1].title"));
        assertEquals("https://stream.example.vn/danang", sites.getString("items[1].streamUrl"));

        JsonPath delegates = asOrganizer()
                .queryParam("siteId", danang)
                .get("/api/conferences/{c}/delegates", conference)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("Lê Thị Thu Hà", "Phạm Đức Thắng"), delegates.getList("items.fullName"));

        JsonPath read2 = asOrganizer()
                .get("/api/conferences/{c}/agenda", conference)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(agenda.size(), read2.getInt("total"));
        for (int i = 0; i < agenda.size(); i++) {
            Map<String, Object> sent = agenda.get(i);
            String p = "items[" + i + "].";
            assertEquals(i + 1, read2.getInt(p + "position"));
            assertEquals(sent.get("kind"), read2.getString(p + "kind"));
            assertEquals(sent.get("title"), read2.getString(p + "title"));
            assertEquals(sent.get("speaker"), read2.getMap(p + "speaker"));
            assertEquals(sent.get("siteId"), read2.getString(p + "siteId"));
            assertEquals(sent.get("plannedStart"), read2.getString(p + "plannedStart"));
            assertEquals(sent.get("plannedMinutes"), read2.getInt(p + "plannedMinutes"));
            assertEquals(sent.get("documents"), read2.getList(p + "documents"));
            assertEquals("PLANNED", read2.getString(p + "status"));
            assertEquals(sent.get("plannedStart"), read2.getString(p + "projectedStart"));
        }
        assertEquals(
                List.of("23-QĐ/TW", "33/CT-TTg", "239-QĐ/TW", "11/CT-BCA-V05"),
                read2.getList("items[2].documents.code"));
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
