package bridgepoint.award;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Live;
import bridgepoint.support.ReferenceConference;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The awards roll: organizers add, remove and import entries; organizers, hosts of participating sites and the
 * conference's delegates read them; every change is an event and the live state carries the roll.
 */
@QuarkusTest
class AwardTest {

    private static Map<String, Object> award(String type, String name, String siteId) {
        Map<String, Object> body = new HashMap<>();
        body.put("recipientType", type);
        body.put("name", name);
        body.put("unit", "Công an thành phố Đà Nẵng");
        body.put("award", "Bằng khen của Bộ trưởng Bộ Công an");
        body.put("siteId", siteId);
        return body;
    }

    private static String awards(Setup s) {
        return s.path() + "/awards";
    }

    @Test
    void createListReadAndDeleteWithEventsAndTheLiveState() {
        Setup s = Api.setup();
        long before = Live.lastSeq(s.conference());
        String collective = asOrganizer()
                .body(award("COLLECTIVE", "Phòng Tham mưu", s.remote()))
                .post(awards(s))
                .then()
                .statusCode(201)
                .header("Location", containsString("/awards/"))
                .body("recipientType", equalTo("COLLECTIVE"))
                .body("name", equalTo("Phòng Tham mưu"))
                .body("siteId", equalTo(s.remote()))
                .body("createdBy", equalTo("admin"))
                .extract()
                .path("id");
        String individual = asOrganizer()
                .body(award("INDIVIDUAL", "Lê Văn Trung", null))
                .post(awards(s))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        asOrganizer()
                .body(award("COLLECTIVE", "Phòng Hậu cần", null))
                .post(awards(s))
                .then()
                .statusCode(201);

        JsonPath list =
                asOrganizer().get(awards(s)).then().statusCode(200).extract().jsonPath();
        assertEquals(3, list.getInt("total"));
        assertEquals(List.of("Phòng Tham mưu", "Phòng Hậu cần", "Lê Văn Trung"), list.getList("items.name"));
        assertEquals(
                List.of("Lê Văn Trung"),
                asOrganizer()
                        .queryParam("recipientType", "individual")
                        .get(awards(s))
                        .then()
                        .extract()
                        .path("items.name"));
        assertEquals(
                List.of("Phòng Hậu cần"),
                asOrganizer()
                        .queryParam("q", "hau can")
                        .get(awards(s))
                        .then()
                        .extract()
                        .path("items.name"));
        asOrganizer().get(awards(s) + "/{a}", individual).then().statusCode(200).body("name", equalTo("Lê Văn Trung"));

        asOrganizer().delete(awards(s) + "/{a}", collective).then().statusCode(204);
        Api.problem(asOrganizer().get(awards(s) + "/{a}", collective).then(), 404);
        Api.problem(asOrganizer().delete(awards(s) + "/{a}", collective).then(), 404);

        List<Map<String, Object>> events = Live.newEvents(s.conference(), before);
        assertEquals(List.of("award.added", "award.added", "award.added", "award.removed"), Live.types(events));
        assertEquals(1, ((Number) Live.data(events.get(3)).get("collectives")).intValue());
        assertEquals(1, ((Number) Live.data(events.get(3)).get("individuals")).intValue());
        assertEquals(collective, Live.data(events.get(3)).get("awardId"));

        JsonNode live = Live.state(s.conference(), Api.organizer());
        assertEquals(1, live.at("/awards/collectives").asInt());
        assertEquals(1, live.at("/awards/individuals").asInt());
        assertEquals("Phòng Hậu cần", live.at("/awards/items/0/name").asText());
        assertEquals("Lê Văn Trung", live.at("/awards/items/1/name").asText());
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        Setup s = Api.setup();
        Api.Snapshot unchanged = Api.snapshot(awards(s));
        Api.invalid(
                asOrganizer().body(award("GROUP", "X", null)).post(awards(s)).then(), "recipientType");
        Map<String, Object> noName = award("INDIVIDUAL", " ", null);
        Api.invalid(asOrganizer().body(noName).post(awards(s)).then(), "name");
        Map<String, Object> noAward = award("INDIVIDUAL", "Lê Văn Trung", null);
        noAward.remove("award");
        Api.invalid(asOrganizer().body(noAward).post(awards(s)).then(), "award");
        Api.invalid(
                asOrganizer()
                        .body(award("INDIVIDUAL", "Lê Văn Trung", Api.createSite()))
                        .post(awards(s))
                        .then(),
                "siteId");
        Api.invalid(
                asOrganizer()
                        .queryParam("recipientType", "GROUP")
                        .get(awards(s))
                        .then(),
                "recipientType");
        unchanged.assertUnchanged();
    }

    @Test
    void organizersWriteHostsAndTheConferencesDelegatesRead() {
        Setup s = Api.setup();
        String id = asOrganizer()
                .body(award("INDIVIDUAL", "Trần Mưu", s.remote()))
                .post(awards(s))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String host = Api.siteHost(s.remote());
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("joinCode"));
        for (String reader : List.of(host, delegate)) {
            Api.as(reader).get(awards(s)).then().statusCode(200).body("total", equalTo(1));
            Api.as(reader).get(awards(s) + "/{a}", id).then().statusCode(200);
            Api.problem(
                    Api.as(reader)
                            .body(award("INDIVIDUAL", "X", null))
                            .post(awards(s))
                            .then(),
                    403);
            Api.problem(Api.as(reader).delete(awards(s) + "/{a}", id).then(), 403);
            Api.problem(
                    Api.as(reader)
                            .contentType("text/csv; charset=utf-8")
                            .body("recipientType,name,award\nINDIVIDUAL,X,Y\n")
                            .post(awards(s) + "/import")
                            .then(),
                    403);
        }
        Setup other = Api.setup();
        Api.problem(Api.as(delegate).get(awards(other)).then(), 403);
        Api.problem(Api.as(Api.siteHost(other.remote())).get(awards(s)).then(), 403);
        Api.unauthorized(Api.anonymous().get(awards(s)).then());
    }

    @Test
    void anImportReportsBadRowsByTheirSpreadsheetNumberAndImportsTheRest() {
        Setup s = Api.setup();
        String siteName = asOrganizer()
                .get(s.path() + "/sites")
                .then()
                .extract()
                .path("items.find { it.siteId == '" + s.remote() + "' }.name");
        long before = Live.lastSeq(s.conference());
        String csv = "recipientType,name,unit,award,site\n"
                + "COLLECTIVE,Phòng Tham mưu,Công an TP Đà Nẵng,Bằng khen," + siteName + "\n" // row 2
                + "tập thể,Phòng Hậu cần,,Giấy khen,\n" // row 3
                + "GROUP,Phòng X,,Giấy khen,\n" // row 4: unknown type
                + "\n" // row 5: empty, skipped
                + "INDIVIDUAL,,,Giấy khen,\n" // row 6: no name
                + "cá nhân,Lê Văn Trung,,,\n" // row 7: no award
                + "INDIVIDUAL,Trần Mưu,,Giấy khen,Điểm cầu không có\n" // row 8: unknown site
                + "Cá nhân,Nguyễn Văn Hùng,Ban Dân vận,Giấy khen," + s.remote() + "\n"; // row 9
        String job = asOrganizer()
                .contentType("text/csv; charset=utf-8")
                .body(csv)
                .post(awards(s) + "/import")
                .then()
                .statusCode(202)
                .header("Location", containsString("/api/imports/"))
                .body("kind", equalTo("AWARDS"))
                .extract()
                .path("jobId");
        JsonPath done = ReferenceConference.awaitJob(job)
                .body("total", equalTo(7))
                .body("processed", equalTo(7))
                .body("created", equalTo(3))
                .extract()
                .jsonPath();
        assertEquals(List.of(4, 6, 7, 8), done.getList("errors.row"));
        assertEquals("unknown recipientType 'GROUP' (COLLECTIVE or INDIVIDUAL)", done.getString("errors[0].message"));
        assertEquals("missing name", done.getString("errors[1].message"));
        assertEquals("missing award", done.getString("errors[2].message"));
        assertEquals(
                "unknown site 'Điểm cầu không có' (not a site of this conference)",
                done.getString("errors[3].message"));

        JsonPath list = asOrganizer().get(awards(s)).then().extract().jsonPath();
        assertEquals(List.of("Phòng Tham mưu", "Phòng Hậu cần", "Nguyễn Văn Hùng"), list.getList("items.name"));
        assertEquals(s.remote(), list.getString("items[2].siteId"));
        List<Map<String, Object>> events = Live.newEvents(s.conference(), before);
        assertEquals(List.of("awards.imported"), Live.types(events));
        assertEquals(3, ((Number) Live.data(events.get(0)).get("created")).intValue());
        assertEquals(2, ((Number) Live.data(events.get(0)).get("collectives")).intValue());

        // a file without a required column is refused at once
        Api.problem(
                asOrganizer()
                        .contentType("text/csv; charset=utf-8")
                        .body("name,award\nX,Y\n")
                        .post(awards(s) + "/import")
                        .then(),
                400);
    }

    @Test
    void theReferenceConferencesRollOf85CollectivesAnd93Individuals() {
        ReferenceConference.Conference ref = ReferenceConference.scheduled();
        ReferenceConference.importAwards(ref);
        JsonNode live = Live.state(ref.id(), Api.organizer());
        assertEquals(
                ReferenceConference.COLLECTIVES, live.at("/awards/collectives").asInt());
        assertEquals(
                ReferenceConference.INDIVIDUALS, live.at("/awards/individuals").asInt());
        assertEquals(178, live.at("/awards/items").size());
        assertEquals(
                93,
                asOrganizer()
                        .queryParam("recipientType", "INDIVIDUAL")
                        .get(ref.path() + "/awards")
                        .then()
                        .extract()
                        .<Integer>path("total"));
        // once the conference has ended, the roll is the record: no more changes
        Api.advance(ref.id(), "start", "end");
        Api.problem(
                asOrganizer()
                        .body(award("INDIVIDUAL", "X", null))
                        .post(ref.path() + "/awards")
                        .then(),
                409,
                "conference-closed");
    }
}
