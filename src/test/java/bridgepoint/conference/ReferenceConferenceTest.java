package bridgepoint.conference;

import bridgepoint.support.ReferenceConference;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

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

    @Test
    void setUpPublishAndReadBackExactly() {
        ReferenceConference.Conference reference = ReferenceConference.scheduled();
        String conference = reference.id();
        String hanoi = reference.hanoi();
        String danang = reference.danang();
        List<Map<String, Object>> agenda = reference.agenda();

        JsonPath read = asOrganizer()
                .get("/api/conferences/{c}", conference)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .extract()
                .jsonPath();
        assertEquals(ReferenceConference.TITLE, read.getString("title"));
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
        assertEquals(reference.danangName(), sites.getString("items[1].name"));
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
}
