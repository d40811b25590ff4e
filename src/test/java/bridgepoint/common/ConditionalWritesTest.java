package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import bridgepoint.support.Live;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.itemBody;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every mutation honours {@code If-Match}, and answers from the transaction that made the change: the body and its
 * {@code ETag} agree, and a concurrent delete is a clean 404 or 409, never a 500.
 */
@QuarkusTest
class ConditionalWritesTest {

    private static final String STALE = "\"999999\"";

    @Test
    void twoOrganizersReorderingFromTheSameAgendaDoNotBothWin() {
        Setup s = Api.setup();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(addItem(s.conference(), itemBody("Mục " + i)));
        }
        String etag = asOrganizer()
                .get(s.path() + "/agenda")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        List<String> rotated = new ArrayList<>(ids.subList(1, 4));
        rotated.add(ids.get(0));

        List<Integer> statuses = Api.parallel(
                        2,
                        i -> asOrganizer()
                                .header("If-Match", etag)
                                .body(Map.of("itemIds", i == 0 ? reversed : rotated))
                                .put(s.path() + "/agenda/order"))
                .stream()
                .map(Response::statusCode)
                .sorted()
                .toList();

        assertEquals(List.of(200, 412), statuses);
        List<String> order =
                asOrganizer().get(s.path() + "/agenda").then().extract().path("items.id");
        assertTrue(order.equals(reversed) || order.equals(rotated), order.toString());
    }

    @Test
    void aReorderAnswersTheNewAgendaAndItsETag() {
        Setup s = Api.setup();
        String a = addItem(s.conference(), itemBody("A"));
        String b = addItem(s.conference(), itemBody("B"));
        Response r = asOrganizer()
                .header("If-Match", asOrganizer().get(s.path() + "/agenda").header("ETag"))
                .body(Map.of("itemIds", List.of(b, a)))
                .put(s.path() + "/agenda/order");
        r.then().statusCode(200);
        assertEquals(List.of(b, a), r.path("items.id"));
        assertEquals(asOrganizer().get(s.path() + "/agenda").header("ETag"), r.header("ETag"));
    }

    @Test
    void staleIfMatchIsRefusedByEveryKindOfChange() {
        Setup s = Live.liveConference();
        String item = addItem(s.conference(), itemBody("Khai mạc"));
        String other = addItem(s.conference(), itemBody("Báo cáo"));
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà");
        String user = Api.createUser("host-" + Api.unique(), Api.HOST_PASSWORD, "SITE_HOST", s.host());
        // (the agenda's projected starts move with the clock while the conference is live: compared by ETag)
        Snapshot before = snapshot(s.path(), s.path() + "/delegates/" + delegate.get("id"), "/api/users/" + user);
        String agendaTag = asOrganizer().get(s.path() + "/agenda").header("ETag");
        long lastSeq = Live.lastSeq(s.conference());

        stale(asOrganizer()
                .header("If-Match", STALE)
                .body(Map.of("itemIds", List.of(other, item)))
                .put(s.path() + "/agenda/order"));
        for (String action : List.of("start", "skip")) {
            stale(asOrganizer().header("If-Match", STALE).post(s.path() + "/agenda/{i}/" + action, item));
        }
        stale(asOrganizer()
                .header("If-Match", STALE)
                .body(Map.of("minutes", 5))
                .post(s.path() + "/agenda/{i}/delay", item));
        stale(asOrganizer()
                .header("If-Match", STALE)
                .body(Map.of("siteId", s.remote()))
                .post(s.path() + "/live/handover"));
        stale(asOrganizer().header("If-Match", STALE).post(s.path() + "/delegates/{d}/join-code", delegate.get("id")));
        stale(asOrganizer().header("If-Match", STALE).delete("/api/users/{u}", user));

        before.assertUnchanged();
        assertEquals(agendaTag, asOrganizer().get(s.path() + "/agenda").header("ETag"));
        assertEquals(List.of(), Live.newEvents(s.conference(), lastSeq), "no event stored");
    }

    @Test
    void aCurrentIfMatchLetsEachChangeThrough() {
        Setup s = Live.liveConference();
        String item = addItem(s.conference(), itemBody("Khai mạc"));
        String itemTag = asOrganizer().get(s.path() + "/agenda/{i}", item).header("ETag");
        Response started = asOrganizer().header("If-Match", itemTag).post(s.path() + "/agenda/{i}/start", item);
        started.then().statusCode(200);
        assertEquals("\"" + started.path("version") + "\"", started.header("ETag"));

        String conferenceTag = asOrganizer().get(s.path()).header("ETag");
        Response handover = asOrganizer()
                .header("If-Match", conferenceTag)
                .body(Map.of("siteId", s.remote()))
                .post(s.path() + "/live/handover");
        handover.then().statusCode(200);
        assertEquals(asOrganizer().get(s.path()).header("ETag"), handover.header("ETag"));

        String user = Api.createUser("host-" + Api.unique(), Api.HOST_PASSWORD, "SITE_HOST", s.host());
        String userTag = asOrganizer().get("/api/users/{u}", user).header("ETag");
        asOrganizer()
                .header("If-Match", userTag)
                .delete("/api/users/{u}", user)
                .then()
                .statusCode(204);
    }

    @Test
    void editsRacingADeleteAnswerFromTheirOwnTransactionNever500() {
        Setup s = Api.setup();
        for (int round = 0; round < 15; round++) {
            String item = addItem(s.conference(), itemBody("Mục " + round));
            List<Response> responses = Api.parallel(4, i -> switch (i) {
                case 0 -> asOrganizer().delete(s.path() + "/agenda/{i}", item);
                case 1 ->
                    asOrganizer()
                            .contentType("application/merge-patch+json")
                            .body(Map.of("title", "Sửa " + i))
                            .patch(s.path() + "/agenda/{i}", item);
                case 2 -> asOrganizer().body(itemBody("Thay")).put(s.path() + "/agenda/{i}", item);
                default -> asOrganizer().get(s.path() + "/agenda/{i}", item);
            });
            for (Response r : responses) {
                int status = r.statusCode();
                assertTrue(Set.of(200, 204, 404, 409).contains(status), status + " " + r.asString());
                if (status == 200) {
                    assertEquals("\"" + r.path("version") + "\"", r.header("ETag"), r.asString());
                }
            }
        }
    }

    private static void stale(Response response) {
        problem(response.then(), 412, "precondition-failed");
    }
}
