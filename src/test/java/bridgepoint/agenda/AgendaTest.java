package bridgepoint.agenda;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.itemBody;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.snapshot;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agenda: positions, the conference's time window, participating sites, reordering, documents. */
@QuarkusTest
class AgendaTest {

    private static String agenda(Setup s) {
        return s.path() + "/agenda";
    }

    private static String item(Setup s, String itemId) {
        return agenda(s) + "/" + itemId;
    }

    /** Items titled "1", "2", ... of 20 minutes each from 08:00, given from the HOST; their ids in order. */
    private static List<String> addItems(Setup s, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String start = String.format("%02d:%02d", 8 + (i * 20) / 60, (i * 20) % 60);
            ids.add(addItem(s.conference(), itemBody(Integer.toString(i + 1), s.host(), s.at(start), 20)));
        }
        return ids;
    }

    /** The agenda lists these items in this order, at positions 1..n. */
    private static void assertOrder(Setup s, List<String> ids) {
        JsonPath list = asOrganizer()
                .get(agenda(s))
                .then()
                .statusCode(200)
                .body("total", equalTo(ids.size()))
                .extract()
                .jsonPath();
        assertEquals(ids, list.getList("items.id"));
        List<Integer> positions = new ArrayList<>();
        for (int i = 1; i <= ids.size(); i++) {
            positions.add(i);
        }
        assertEquals(positions, list.getList("items.position"));
    }

    @Test
    void itemsArePlacedAtTheEndWithPositionsOneToN() {
        Setup s = Api.setup();
        asOrganizer()
                .get(agenda(s))
                .then()
                .statusCode(200)
                .body("items", empty())
                .body("total", equalTo(0));
        List<String> ids = addItems(s, 3);
        assertOrder(s, ids);
        asOrganizer()
                .get(item(s, ids.get(2)))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"0\""))
                .body("position", equalTo(3))
                .body("status", equalTo("PLANNED"));
    }

    @Test
    void anItemAddedAtAPositionShiftsTheOthers() {
        Setup s = Api.setup();
        List<String> ids = new ArrayList<>(addItems(s, 3));
        Map<String, Object> body = itemBody("Chèn", s.remote(), s.at("10:00"), 10);
        body.put("position", 2);
        String inserted = asOrganizer()
                .body(body)
                .post(agenda(s))
                .then()
                .statusCode(201)
                .body("position", equalTo(2))
                .extract()
                .path("id");
        ids.add(1, inserted);
        assertOrder(s, ids);

        body.put("position", 1);
        ids.add(0, addItem(s.conference(), body));
        body.put("position", 6);
        ids.add(addItem(s.conference(), body));
        assertOrder(s, ids);

        Snapshot before = snapshot(agenda(s));
        body.put("position", 8);
        invalid(asOrganizer().body(body).post(agenda(s)).then(), "position");
        body.put("position", 0);
        invalid(asOrganizer().body(body).post(agenda(s)).then(), "position");
        before.assertUnchanged();
    }

    @Test
    void itemsAddedAtOnceGetPositionsOneToN() {
        Setup s = Api.setup();
        List<String> ids = new ArrayList<>(addItems(s, 2));
        List<Response> responses = Api.parallel(8, i -> {
            Map<String, Object> body = itemBody("Song song " + i, s.host(), s.at("10:00"), 5);
            body.put("position", 1 + i % 3);
            return asOrganizer().body(body).post(agenda(s));
        });
        responses.forEach(r -> r.then().statusCode(201));
        JsonPath list = asOrganizer()
                .get(agenda(s))
                .then()
                .statusCode(200)
                .body("total", equalTo(10))
                .extract()
                .jsonPath();
        assertEquals(IntStream.rangeClosed(1, 10).boxed().toList(), list.getList("items.position"));
        // the first two keep their order relative to each other
        List<String> listed = list.getList("items.id");
        assertTrue(listed.indexOf(ids.get(0)) < listed.indexOf(ids.get(1)));
    }

    @Test
    void itemsMustLieWithinTheConference() {
        Setup s = Api.setup();
        addItems(s, 1);
        Snapshot before = snapshot(agenda(s));
        invalid(
                asOrganizer()
                        .body(itemBody("Sớm", s.host(), s.at("07:59"), 10))
                        .post(agenda(s))
                        .then(),
                "plannedStart");
        invalid(
                asOrganizer()
                        .body(itemBody("Muộn", s.host(), s.at("11:30"), 10))
                        .post(agenda(s))
                        .then(),
                "plannedStart");
        invalid(
                asOrganizer()
                        .body(itemBody("Quá giờ", s.host(), s.at("11:00"), 31))
                        .post(agenda(s))
                        .then(),
                "plannedMinutes");
        invalid(
                asOrganizer()
                        .body(itemBody("Hôm sau", s.host(), s.day().plusDays(1) + "T09:00:00+07:00", 10))
                        .post(agenda(s))
                        .then(),
                "plannedStart");
        before.assertUnchanged();

        // from the first minute to the last is fine, in any offset
        addItem(s.conference(), itemBody("Khai mạc", s.host(), s.at("08:00"), 10));
        addItem(s.conference(), itemBody("Bế mạc", s.host(), s.day() + "T04:00:00Z", 30));
    }

    @Test
    void theSiteMustTakePartInTheConference() {
        Setup s = Api.setup();
        addItems(s, 1);
        Snapshot before = snapshot(agenda(s));
        invalid(
                asOrganizer()
                        .body(itemBody("Tham luận", Api.createSite(), s.at("09:00"), 10))
                        .post(agenda(s))
                        .then(),
                "siteId");
        invalid(
                asOrganizer()
                        .body(itemBody("Tham luận", UUID.randomUUID().toString(), s.at("09:00"), 10))
                        .post(agenda(s))
                        .then(),
                "siteId");
        before.assertUnchanged();
        // an item need not be given from a site
        Map<String, Object> body = itemBody("Giải lao", null, s.at("09:00"), 10);
        body.put("kind", "BREAK");
        addItem(s.conference(), body);
    }

    @Test
    void kindAndTitleAndMinutesAreValidated() {
        Setup s = Api.setup();
        addItems(s, 1);
        Snapshot before = snapshot(agenda(s));
        for (Object kind : new Object[] {"SPEECH", "opening ", "Opening", 3, "3", null}) {
            Map<String, Object> body = itemBody("Tham luận", s.host(), s.at("09:00"), 10);
            body.put("kind", kind);
            invalid(asOrganizer().body(body).post(agenda(s)).then(), "kind");
        }
        for (Object minutes : new Object[] {0, 1441, -10, null, 1.5, "30"}) {
            Map<String, Object> body = itemBody("Tham luận", s.host(), s.at("09:00"), 10);
            body.put("plannedMinutes", minutes);
            invalid(asOrganizer().body(body).post(agenda(s)).then(), "plannedMinutes");
        }
        invalid(
                asOrganizer()
                        .body(itemBody(" ", s.host(), s.at("09:00"), 10))
                        .post(agenda(s))
                        .then(),
                "title");
        invalid(
                asOrganizer()
                        .body(itemBody("Tham luận", s.host(), "2031-03-10T09:00:00", 10))
                        .post(agenda(s))
                        .then(),
                "plannedStart");
        before.assertUnchanged();
    }

    @Test
    void everyKindIsAccepted() {
        Setup s = Api.setup();
        for (String kind : List.of(
                "OPENING",
                "REPORT",
                "DOCUMENT_BRIEFING",
                "PRESENTATION",
                "DISCUSSION",
                "AWARDS",
                "CLOSING",
                "BREAK",
                "OTHER")) {
            Map<String, Object> body = itemBody(kind, s.host(), s.at("09:00"), 10);
            body.put("kind", kind);
            asOrganizer().body(body).post(agenda(s)).then().statusCode(201).body("kind", equalTo(kind));
        }
    }

    @Test
    void reorderingWithEveryItemOnceSetsThePositions() {
        Setup s = Api.setup();
        List<String> ids = addItems(s, 4);
        List<String> reordered = List.of(ids.get(3), ids.get(1), ids.get(0), ids.get(2));
        asOrganizer()
                .body(Map.of("itemIds", reordered))
                .put(agenda(s) + "/order")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(reordered))
                .body("items.position", contains(1, 2, 3, 4));
        assertOrder(s, reordered);
    }

    @Test
    void theAgendasETagIsTheTagOfItsOrderAndAStaleOneRefusesAReorder() {
        Setup s = Api.setup();
        List<String> ids = addItems(s, 3);
        String read = Api.etag(agenda(s));
        assertTrue(read.matches("\"o[0-9a-f]{16}\""), read);

        // editing or running an item leaves the order's tag as it is
        asOrganizer()
                .body(Map.of("title", "Khai mạc hội nghị"))
                .patch(item(s, ids.get(0)))
                .then()
                .statusCode(200);
        assertEquals(read, Api.etag(agenda(s)));

        // someone else moves an item: the tag changes, and a reorder with the old tag changes nothing
        List<String> theirs = List.of(ids.get(1), ids.get(0), ids.get(2));
        String afterTheirs = asOrganizer()
                .header("If-Match", read)
                .body(Map.of("itemIds", theirs))
                .put(agenda(s) + "/order")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(theirs))
                .extract()
                .header("ETag");
        assertEquals(afterTheirs, Api.etag(agenda(s)));
        Snapshot before = snapshot(agenda(s));
        problem(
                        asOrganizer()
                                .header("If-Match", read)
                                .body(Map.of("itemIds", List.of(ids.get(2), ids.get(0), ids.get(1))))
                                .put(agenda(s) + "/order")
                                .then(),
                        412,
                        "precondition-failed")
                .body("currentETag", equalTo(afterTheirs));
        before.assertUnchanged();
        assertOrder(s, theirs);

        // with the current tag (also as a weak one, or in a list) it goes through
        List<String> mine = List.of(ids.get(2), ids.get(1), ids.get(0));
        asOrganizer()
                .header("If-Match", "\"o0000000000000000\", W/" + afterTheirs)
                .body(Map.of("itemIds", mine))
                .put(agenda(s) + "/order")
                .then()
                .statusCode(200);
        assertOrder(s, mine);

        // adding and removing an item change it too
        String beforeAdd = Api.etag(agenda(s));
        String added = addItem(s.conference(), itemBody("Bế mạc"));
        String afterAdd = Api.etag(agenda(s));
        assertTrue(!afterAdd.equals(beforeAdd), "adding an item changes the tag");
        asOrganizer().delete(item(s, added)).then().statusCode(204);
        assertEquals(beforeAdd, Api.etag(agenda(s)), "the same items in the same order: the same tag");
    }

    @Test
    void aReorderThatDoesNotListEveryItemExactlyOnceChangesNothing() {
        Setup s = Api.setup();
        List<String> ids = addItems(s, 3);
        String foreign = addItems(Api.setup(), 1).get(0);
        Snapshot before = snapshot(agenda(s));

        assertBadOrder(s, List.of(ids.get(2), ids.get(0)), "itemIds");
        assertBadOrder(s, List.of(ids.get(2), ids.get(0), ids.get(1), ids.get(0)), "itemIds[3]");
        assertBadOrder(s, List.of(ids.get(2), ids.get(0), ids.get(0)), "itemIds[2]");
        assertBadOrder(
                s, List.of(ids.get(2), ids.get(0), ids.get(1), UUID.randomUUID().toString()), "itemIds[3]");
        assertBadOrder(s, List.of(ids.get(2), ids.get(0), foreign), "itemIds[2]");
        assertBadOrder(s, List.of(), "itemIds");
        invalid(asOrganizer().body(Map.of()).put(agenda(s) + "/order").then(), "itemIds");
        invalid(
                asOrganizer()
                        .body(Map.of("itemIds", List.of("x")))
                        .put(agenda(s) + "/order")
                        .then(),
                "itemIds[0]");
        before.assertUnchanged();
    }

    private static void assertBadOrder(Setup s, List<String> itemIds, String field) {
        invalid(
                asOrganizer()
                        .body(Map.of("itemIds", itemIds))
                        .put(agenda(s) + "/order")
                        .then(),
                field);
    }

    @Test
    void patchingThePositionMovesAnItem() {
        Setup s = Api.setup();
        List<String> ids = new ArrayList<>(addItems(s, 4));
        asOrganizer()
                .body(Map.of("position", 1))
                .patch(item(s, ids.get(2)))
                .then()
                .statusCode(200)
                .body("position", equalTo(1));
        ids.add(0, ids.remove(2));
        assertOrder(s, ids);
        asOrganizer()
                .body(Map.of("position", 4))
                .patch(item(s, ids.get(0)))
                .then()
                .statusCode(200)
                .body("position", equalTo(4));
        ids.add(ids.remove(0));
        assertOrder(s, ids);

        Snapshot before = snapshot(agenda(s));
        invalid(
                asOrganizer()
                        .body(Map.of("position", 5))
                        .patch(item(s, ids.get(0)))
                        .then(),
                "position");
        invalid(
                asOrganizer()
                        .body(Map.of("position", 0))
                        .patch(item(s, ids.get(0)))
                        .then(),
                "position");
        before.assertUnchanged();
    }

    @Test
    void deletingAnItemRenumbersTheRest() {
        Setup s = Api.setup();
        List<String> ids = new ArrayList<>(addItems(s, 4));
        asOrganizer().delete(item(s, ids.get(1))).then().statusCode(204);
        ids.remove(1);
        assertOrder(s, ids);
        asOrganizer().delete(item(s, ids.get(0))).then().statusCode(204);
        ids.remove(0);
        assertOrder(s, ids);
        problem(asOrganizer().get(item(s, UUID.randomUUID().toString())).then(), 404, "not-found");
    }

    @Test
    void projectedStartIsThePlannedStartBeforeTheConferenceIsLive() {
        Setup s = Api.setup();
        addItems(s, 5);
        Map<String, Object> noTime = itemBody("Thảo luận", s.remote(), null, 15);
        noTime.remove("plannedStart");
        addItem(s.conference(), noTime);
        JsonPath list =
                asOrganizer().get(agenda(s)).then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    list.getString("items[" + i + "].plannedStart"), list.getString("items[" + i + "].projectedStart"));
        }
        // an item without a planned start follows the one before it
        assertEquals(s.at("09:40"), list.getString("items[5].projectedStart"));

        Api.advance(s.conference(), "publish");
        JsonPath scheduled =
                asOrganizer().get(agenda(s)).then().statusCode(200).extract().jsonPath();
        assertEquals(list.getList("items.projectedStart"), scheduled.getList("items.projectedStart"));
    }

    @Test
    void documentsAndVietnameseTextRoundTripExactly() {
        Setup s = Api.setup();
        List<Map<String, Object>> documents = List.of(
                Map.of(
                        "code",
                        "23-QĐ/TW",
                        "title",
                        "Quy định về công tác dân vận của hệ thống chính trị",
                        "issuer",
                        "Ban Chấp hành Trung ương",
                        "issuedOn",
                        "2021-07-30"),
                Map.of(
                        "code",
                        "33/CT-TTg",
                        "title",
                        "Chỉ thị về công tác dân vận",
                        "issuer",
                        "Thủ tướng Chính phủ",
                        "issuedOn",
                        "2021-12-08"),
                Map.of(
                        "code",
                        "11/CT-BCA-V05",
                        "title",
                        "Chỉ thị về công tác dân vận trong Công an nhân dân",
                        "issuer",
                        "Bộ Công an",
                        "issuedOn",
                        "2021-09-10"));
        Map<String, Object> body =
                itemBody("Quán triệt các văn bản mới về công tác dân vận", s.host(), s.at("08:40"), 40);
        body.put("kind", "DOCUMENT_BRIEFING");
        body.put("speaker", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng, Thứ trưởng Bộ Công an"));
        body.put("documents", documents);
        String id = addItem(s.conference(), body);

        JsonPath read =
                asOrganizer().get(item(s, id)).then().statusCode(200).extract().jsonPath();
        assertEquals(documents, read.getList("documents"));
        assertEquals(body.get("speaker"), read.getMap("speaker"));
        assertEquals(body.get("title"), read.getString("title"));
        assertEquals("DOCUMENT_BRIEFING", read.getString("kind"));
        assertEquals(s.at("08:40"), read.getString("plannedStart"));
        assertEquals(
                List.of("23-QĐ/TW", "33/CT-TTg", "11/CT-BCA-V05"),
                asOrganizer().get(agenda(s)).then().extract().jsonPath().getList("items[0].documents.code"));

        Snapshot before = snapshot(item(s, id));
        invalid(
                asOrganizer()
                        .body(Map.of("documents", List.of(Map.of("title", "Không số"))))
                        .patch(item(s, id))
                        .then(),
                "documents[0].code");
        // a date is an ISO-8601 string: not a local format, not numbers
        for (Object issuedOn : List.of("30/07/2021", List.of(2021, 7, 30), 20210730, 1627603200)) {
            invalid(
                    asOrganizer()
                            .body(Map.of(
                                    "documents", List.of(Map.of("code", "1/QĐ", "title", "X", "issuedOn", issuedOn))))
                            .patch(item(s, id))
                            .then(),
                    "documents[0].issuedOn");
        }
        before.assertUnchanged();
    }

    @Test
    void patchAndPutAreCheckedLikeACreate() {
        Setup s = Api.setup();
        String id = addItems(s, 2).get(1);
        Snapshot before = snapshot(agenda(s));
        invalid(
                asOrganizer()
                        .body(Map.of("plannedStart", s.at("07:00")))
                        .patch(item(s, id))
                        .then(),
                "plannedStart");
        invalid(
                asOrganizer()
                        .body(Map.of("plannedMinutes", 1000))
                        .patch(item(s, id))
                        .then(),
                "plannedMinutes");
        invalid(
                asOrganizer()
                        .body(Map.of("siteId", Api.createSite()))
                        .patch(item(s, id))
                        .then(),
                "siteId");
        invalid(asOrganizer().body(Map.of("kind", "SPEECH")).patch(item(s, id)).then(), "kind");
        invalid(
                asOrganizer()
                        .body(itemBody("Mới", s.host(), s.at("11:29"), 2))
                        .put(item(s, id))
                        .then(),
                "plannedMinutes");
        problem(
                asOrganizer()
                        .header("If-Match", "\"9\"")
                        .body(Map.of("title", "Mới"))
                        .patch(item(s, id))
                        .then(),
                412,
                "precondition-failed");
        problem(asOrganizer().header("If-Match", "\"9\"").delete(item(s, id)).then(), 412, "precondition-failed");
        before.assertUnchanged();

        asOrganizer()
                .header("If-Match", "\"0\"")
                .body(Map.of("title", "Mới", "plannedMinutes", 30))
                .patch(item(s, id))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("title", equalTo("Mới"))
                .body("plannedMinutes", equalTo(30))
                .body("position", equalTo(2))
                .body("siteId", equalTo(s.host()));
    }

    @Test
    void theAgendaOfAClosedConferenceCannotChange() {
        Setup s = Api.setup();
        List<String> ids = addItems(s, 2);
        Api.advance(s.conference(), "cancel");
        Snapshot before = snapshot(agenda(s));
        problem(
                asOrganizer()
                        .body(itemBody("Mới", s.host(), s.at("09:00"), 10))
                        .post(agenda(s))
                        .then(),
                409,
                "conference-closed");
        problem(
                asOrganizer()
                        .body(Map.of("title", "Mới"))
                        .patch(item(s, ids.get(0)))
                        .then(),
                409,
                "conference-closed");
        problem(asOrganizer().delete(item(s, ids.get(0))).then(), 409, "conference-closed");
        problem(
                asOrganizer()
                        .body(Map.of("itemIds", List.of(ids.get(1), ids.get(0))))
                        .put(agenda(s) + "/order")
                        .then(),
                409,
                "conference-closed");
        before.assertUnchanged();
    }
}
