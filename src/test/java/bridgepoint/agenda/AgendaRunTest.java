package bridgepoint.agenda;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Live;
import bridgepoint.support.Live.Unchanged;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.itemBody;
import static bridgepoint.support.Live.agenda;
import static bridgepoint.support.Live.data;
import static bridgepoint.support.Live.delay;
import static bridgepoint.support.Live.lastSeq;
import static bridgepoint.support.Live.liveItems;
import static bridgepoint.support.Live.minutes;
import static bridgepoint.support.Live.newEvents;
import static bridgepoint.support.Live.run;
import static bridgepoint.support.Live.types;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running the agenda of a live conference: start, finish, skip, delay; their rules, roles and events. */
@QuarkusTest
class AgendaRunTest extends ClockedTest {

    private static final String STARTED = "agenda.item.started";
    private static final String FINISHED = "agenda.item.finished";

    /** Four items from 08:00: the first two and the last given from the HOST site, the third from the REMOTE one. */
    private static List<String> plan(Setup s) {
        return List.of(
                addItem(s.conference(), itemBody("Khai mạc", s.host(), s.at("08:00"), 10)),
                addItem(s.conference(), itemBody("Báo cáo tổng kết công tác dân vận", s.host(), s.at("08:10"), 30)),
                addItem(s.conference(), itemBody("Tham luận của điểm cầu Đà Nẵng", s.remote(), s.at("08:40"), 20)),
                addItem(s.conference(), itemBody("Thảo luận", s.host(), s.at("09:00"), 30)));
    }

    /** The plan, live since 08:00 with its first item started then; the ids. */
    private List<String> firstItemLiveSince0800(Setup s) {
        List<String> items = plan(s);
        liveAt(s, "08:00");
        run(s, items.get(0), "start").statusCode(200);
        return items;
    }

    @ParameterizedTest
    @ValueSource(strings = {"DRAFT", "SCHEDULED", "ENDED", "CANCELLED"})
    void nothingRunsUnlessTheConferenceIsLive(String status) {
        Setup s = Api.setup();
        List<String> items = plan(s);
        at(s, "08:00");
        switch (status) {
            case "SCHEDULED" -> Api.advance(s.conference(), "publish");
            case "ENDED" -> {
                Api.advance(s.conference(), "publish", "start");
                run(s, items.get(0), "start").statusCode(200);
                Api.advance(s.conference(), "end");
            }
            case "CANCELLED" -> Api.advance(s.conference(), "cancel");
            default -> {}
        }
        asOrganizer().get(s.path()).then().statusCode(200).body("status", equalTo(status));

        Unchanged before = Live.unchanged(s);
        // the first item (DONE once the conference has ended) and the second (PLANNED)
        for (String item : items.subList(0, 2)) {
            for (String action : List.of("start", "finish", "skip")) {
                before.refused(run(s, item, action), 409, "conference-not-live").body("currentStatus", equalTo(status));
            }
            before.refused(delay(s, item, minutes(10)), 409, "conference-not-live")
                    .body("currentStatus", equalTo(status));
        }
    }

    @Test
    void startingAnItemFinishesTheLiveOne() {
        Setup s = Api.setup();
        List<String> items = plan(s);
        liveAt(s, "08:00");
        assertEquals(List.of(), liveItems(s));

        run(s, items.get(0), "start")
                .statusCode(200)
                .body("id", equalTo(items.get(0)))
                .body("status", equalTo("LIVE"))
                .body("actualStart", equalTo(s.at("08:00")))
                .body("actualEnd", nullValue());
        assertEquals(List.of(items.get(0)), liveItems(s));

        at(s, "08:12");
        run(s, items.get(1), "start")
                .statusCode(200)
                .body("status", equalTo("LIVE"))
                .body("actualStart", equalTo(s.at("08:12")));
        JsonPath agenda = agenda(s);
        assertEquals("DONE", agenda.getString("items[0].status"));
        assertEquals(s.at("08:00"), agenda.getString("items[0].actualStart"));
        assertEquals(s.at("08:12"), agenda.getString("items[0].actualEnd"));
        assertEquals(List.of(items.get(1)), liveItems(s));

        // items need not run in order: the fourth starts, the third stays planned
        at(s, "08:37");
        run(s, items.get(3), "start").statusCode(200).body("actualStart", equalTo(s.at("08:37")));
        agenda = agenda(s);
        assertEquals(List.of("DONE", "DONE", "PLANNED", "LIVE"), agenda.getList("items.status"));
        assertEquals(s.at("08:37"), agenda.getString("items[1].actualEnd"));
        assertNull(agenda.getString("items[2].actualStart"));
        assertEquals(List.of(items.get(3)), liveItems(s));
    }

    @Test
    void itemsChangeStateOnlyAsTheRulesAllow() {
        Setup s = Api.setup();
        List<String> items = firstItemLiveSince0800(s);
        at(s, "08:09");
        run(s, items.get(1), "start").statusCode(200);
        run(s, items.get(2), "skip")
                .statusCode(200)
                .body("status", equalTo("SKIPPED"))
                .body("actualStart", nullValue())
                .body("projectedStart", nullValue());
        assertEquals(List.of("DONE", "LIVE", "SKIPPED", "PLANNED"), agenda(s).getList("items.status"));

        Unchanged before = Live.unchanged(s);
        before.refused(run(s, items.get(0), "start"), 409, "invalid-item-transition")
                .body("itemStatus", equalTo("DONE"));
        before.refused(run(s, items.get(1), "start"), 409, "invalid-item-transition")
                .body("itemStatus", equalTo("LIVE"));
        before.refused(run(s, items.get(2), "start"), 409, "invalid-item-transition")
                .body("itemStatus", equalTo("SKIPPED"));
        before.refused(run(s, items.get(0), "finish"), 409, "invalid-item-transition");
        before.refused(run(s, items.get(2), "finish"), 409, "invalid-item-transition");
        before.refused(run(s, items.get(3), "finish"), 409, "invalid-item-transition")
                .body("itemStatus", equalTo("PLANNED"));
        before.refused(run(s, items.get(0), "skip"), 409, "invalid-item-transition");
        before.refused(run(s, items.get(1), "skip"), 409, "invalid-item-transition");
        before.refused(run(s, items.get(2), "skip"), 409, "invalid-item-transition");

        at(s, "08:40");
        run(s, items.get(1), "finish")
                .statusCode(200)
                .body("status", equalTo("DONE"))
                .body("actualStart", equalTo(s.at("08:09")))
                .body("actualEnd", equalTo(s.at("08:40")));
        assertEquals(List.of(), liveItems(s));
        assertEquals(List.of("DONE", "DONE", "SKIPPED", "PLANNED"), agenda(s).getList("items.status"));
    }

    @Test
    void delaysAddUpOnPlannedAndLiveItemsOnly() {
        Setup s = Api.setup();
        List<String> items = firstItemLiveSince0800(s);

        delay(s, items.get(1), minutes(10))
                .statusCode(200)
                .body("status", equalTo("PLANNED"))
                .body("delayMinutes", equalTo(10));
        delay(s, items.get(1), minutes(5)).statusCode(200).body("delayMinutes", equalTo(15));
        delay(s, items.get(0), minutes(10))
                .statusCode(200)
                .body("status", equalTo("LIVE"))
                .body("delayMinutes", equalTo(10));
        delay(s, items.get(0), minutes(600)).statusCode(200).body("delayMinutes", equalTo(610));
        assertEquals(List.of(610, 15, 0, 0), agenda(s).getList("items.delayMinutes"));

        at(s, "08:20");
        run(s, items.get(1), "start").statusCode(200);
        run(s, items.get(2), "skip").statusCode(200);
        Unchanged before = Live.unchanged(s);
        before.refused(delay(s, items.get(0), minutes(10)), 409, "invalid-item-transition")
                .body("itemStatus", equalTo("DONE"));
        before.refused(delay(s, items.get(2), minutes(10)), 409, "invalid-item-transition")
                .body("itemStatus", equalTo("SKIPPED"));
    }

    @Test
    void delayMinutesAreOneToSixHundredAndAtMost1440InAll() {
        Setup s = Api.setup();
        String item = plan(s).get(1);
        liveAt(s, "08:00");

        Unchanged before = Live.unchanged(s);
        before.invalid(delay(s, item, minutes(0)), "minutes");
        before.invalid(delay(s, item, minutes(-5)), "minutes");
        before.invalid(delay(s, item, minutes(601)), "minutes");
        before.invalid(delay(s, item, Map.of()), "minutes");
        before.invalid(delay(s, item, Collections.singletonMap("minutes", null)), "minutes");
        before.invalid(delay(s, item, minutes("ten")), "minutes");
        before.invalid(delay(s, item, minutes("10")), "minutes");
        before.invalid(delay(s, item, minutes(1.5)), "minutes");

        delay(s, item, minutes(1)).statusCode(200).body("delayMinutes", equalTo(1));
        delay(s, item, minutes(600)).statusCode(200).body("delayMinutes", equalTo(601));
        delay(s, item, minutes(600)).statusCode(200).body("delayMinutes", equalTo(1201));
        delay(s, item, minutes(239)).statusCode(200).body("delayMinutes", equalTo(1440));
        Live.unchanged(s).invalid(delay(s, item, minutes(1)), "minutes");
    }

    @Test
    void unknownItemsAndItemsOfAnotherConferenceAreNotFound() {
        Setup s = Api.setup();
        plan(s);
        Setup other = Api.setup();
        String foreign = plan(other).get(0);
        liveAt(s, "08:00");
        Api.advance(other.conference(), "publish", "start");

        Unchanged before = Live.unchanged(s, other.path() + "/agenda");
        for (String item : List.of(UUID.randomUUID().toString(), foreign)) {
            for (String action : List.of("start", "finish", "skip")) {
                before.refused(run(s, item, action), 404, "not-found");
            }
            before.refused(delay(s, item, minutes(5)), 404, "not-found");
        }
        Setup unknown = new Setup(UUID.randomUUID().toString(), s.host(), s.remote(), s.day());
        before.refused(run(unknown, foreign, "start"), 404, "not-found");
        before.refused(delay(unknown, foreign, minutes(5)), 404, "not-found");
    }

    @Test
    void endingTheConferenceFinishesTheLiveItemFirst() {
        Setup s = Api.setup();
        List<String> items = firstItemLiveSince0800(s);
        at(s, "08:07");
        run(s, items.get(1), "start").statusCode(200);
        at(s, "08:27");
        long mark = lastSeq(s.conference());

        Api.transition(s.conference(), "end")
                .statusCode(200)
                .body("status", equalTo("ENDED"))
                .body("endedAt", equalTo(s.at("08:27")));
        JsonPath agenda = agenda(s);
        assertEquals(List.of("DONE", "DONE", "PLANNED", "PLANNED"), agenda.getList("items.status"));
        assertEquals(s.at("08:07"), agenda.getString("items[1].actualStart"));
        assertEquals(s.at("08:27"), agenda.getString("items[1].actualEnd"));

        List<Map<String, Object>> events = newEvents(s.conference(), mark);
        assertEquals(List.of(FINISHED, "conference.status"), types(events));
        assertItemEvent(s, events.get(0), items.get(1), "DONE", "08:27", items);
        assertEquals(s.at("08:27"), item(events.get(0)).get("actualEnd"));
        assertEquals("ENDED", data(events.get(1)).get("status"));
        assertEquals("LIVE", data(events.get(1)).get("previousStatus"));
        assertEquals(s.at("08:27"), data(events.get(1)).get("endedAt"));
    }

    @Test
    void everyActionIsStoredAsAnEventInOrder() {
        Setup s = Api.setup();
        at(s, "07:30");
        List<String> items = plan(s);
        long mark = lastSeq(s.conference());

        Api.advance(s.conference(), "publish");
        at(s, "08:02");
        Api.advance(s.conference(), "start");
        run(s, items.get(0), "start").statusCode(200);
        at(s, "08:12");
        run(s, items.get(2), "start").statusCode(200);
        delay(s, items.get(3), minutes(10)).statusCode(200);
        run(s, items.get(1), "skip").statusCode(200);
        at(s, "08:30");
        run(s, items.get(2), "finish").statusCode(200);
        at(s, "08:31");
        run(s, items.get(3), "start").statusCode(200);
        at(s, "08:50");
        Api.advance(s.conference(), "end");

        List<Map<String, Object>> events = newEvents(s.conference(), mark);
        assertEquals(
                List.of(
                        "conference.status",
                        "conference.status",
                        STARTED,
                        FINISHED,
                        STARTED,
                        "floor.handover",
                        "agenda.item.delayed",
                        "agenda.item.skipped",
                        FINISHED,
                        STARTED,
                        "floor.handover",
                        FINISHED,
                        "conference.status"),
                types(events));

        assertStatusEvent(s, events.get(0), "SCHEDULED", "DRAFT", "07:30");
        assertStatusEvent(s, events.get(1), "LIVE", "SCHEDULED", "08:02");
        assertEquals(s.host(), data(events.get(1)).get("floorSiteId"));
        assertEquals(s.at("08:02"), data(events.get(1)).get("startedAt"));

        // the first item is given from the HOST site, which has the floor already: no handover
        assertItemEvent(s, events.get(2), items.get(0), "LIVE", "08:02", items);
        assertEquals(s.at("08:02"), item(events.get(2)).get("actualStart"));
        assertEquals(s.at("08:02"), projected(events.get(2)).get(items.get(0)));

        assertItemEvent(s, events.get(3), items.get(0), "DONE", "08:12", items);
        assertEquals(s.at("08:12"), item(events.get(3)).get("actualEnd"));
        assertItemEvent(s, events.get(4), items.get(2), "LIVE", "08:12", items);
        assertHandover(s, events.get(5), s.remote(), s.host(), "08:12");

        assertItemEvent(s, events.get(6), items.get(3), "PLANNED", "08:12", items);
        assertEquals(10, data(events.get(6)).get("minutes"));
        assertEquals(10, item(events.get(6)).get("delayMinutes"));

        assertItemEvent(s, events.get(7), items.get(1), "SKIPPED", "08:12", items);
        assertTrue(projected(events.get(7)).containsKey(items.get(1)));
        assertNull(projected(events.get(7)).get(items.get(1)));

        assertItemEvent(s, events.get(8), items.get(2), "DONE", "08:30", items);
        assertItemEvent(s, events.get(9), items.get(3), "LIVE", "08:31", items);
        assertHandover(s, events.get(10), s.host(), s.remote(), "08:31");

        assertItemEvent(s, events.get(11), items.get(3), "DONE", "08:50", items);
        assertStatusEvent(s, events.get(12), "ENDED", "LIVE", "08:50");
    }

    @Test
    void onlyOrganizersRunTheAgenda() {
        Setup s = Api.setup();
        List<String> items = firstItemLiveSince0800(s);
        String host = Api.siteHost(s.host());
        String remoteHost = Api.siteHost(s.remote());
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("joinCode"));

        Unchanged before = Live.unchanged(s);
        for (String token : List.of(host, remoteHost, delegate)) {
            before.forbidden(run(Api.as(token), s, items.get(1), "start"));
            before.forbidden(run(Api.as(token), s, items.get(0), "finish"));
            before.forbidden(run(Api.as(token), s, items.get(1), "skip"));
            before.forbidden(delay(Api.as(token), s, items.get(0), minutes(5)));
        }
        before.unauthorized(run(Api.anonymous(), s, items.get(1), "start"));
        before.unauthorized(run(Api.anonymous(), s, items.get(0), "finish"));
        before.unauthorized(run(Api.anonymous(), s, items.get(1), "skip"));
        before.unauthorized(delay(Api.anonymous(), s, items.get(0), minutes(5)));
        before.unauthorized(run(Api.as("not-a-token"), s, items.get(1), "start"));
    }

    @Test
    void parallelStartsLeaveExactlyOneLiveItemAndAConsistentStream() {
        Setup s = Api.setup();
        List<String> items = Api.many(10, i -> Api.addItem(s.conference(), Api.itemBody("Mục " + (i + 1))));
        liveAt(s, "08:00");
        long mark = lastSeq(s.conference());

        List<Response> responses =
                Api.parallel(10, i -> asOrganizer().post(s.path() + "/agenda/{item}/start", items.get(i)));
        Set<String> accepted = new HashSet<>();
        for (int i = 0; i < responses.size(); i++) {
            Response r = responses.get(i);
            if (r.statusCode() == 200) {
                assertEquals(items.get(i), r.path("id"));
                assertEquals("LIVE", r.path("status"));
                assertEquals("\"" + r.path("version") + "\"", r.header("ETag"));
                accepted.add(items.get(i));
            } else {
                // a refusal must be a clean problem, never a 500
                Api.problem(r.then(), 409);
            }
        }
        assertFalse(accepted.isEmpty(), "no start succeeded");

        // the stream: started x1, finished x1, started x2, finished x2, ..., started xn
        List<Map<String, Object>> events = newEvents(s.conference(), mark);
        List<String> startedInOrder = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String expected = i % 2 == 0 ? STARTED : FINISHED;
            assertEquals(expected, events.get(i).get("type"), "event " + i + " of " + types(events));
            String itemId = (String) item(events.get(i)).get("id");
            if (i % 2 == 0) {
                startedInOrder.add(itemId);
            } else {
                assertEquals(
                        startedInOrder.get(startedInOrder.size() - 1),
                        itemId,
                        "a finished event for another item than the one started before it");
            }
        }
        assertEquals(1, events.size() % 2, "the stream must end with a started event: " + types(events));
        assertEquals(accepted, new HashSet<>(startedInOrder));
        assertEquals(accepted.size(), startedInOrder.size(), "an item started twice");

        String last = startedInOrder.get(startedInOrder.size() - 1);
        assertEquals(List.of(last), liveItems(s));
        JsonPath agenda = agenda(s);
        for (String id : items) {
            String status = agenda.getString("items.find { it.id == '" + id + "' }.status");
            String expected = id.equals(last) ? "LIVE" : accepted.contains(id) ? "DONE" : "PLANNED";
            assertEquals(expected, status, "item " + id);
        }
    }

    // ---- event checks ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> event) {
        return (Map<String, Object>) data(event).get("item");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> projected(Map<String, Object> event) {
        return (Map<String, Object>) data(event).get("projectedStarts");
    }

    /** An agenda event about {@code itemId}, now in {@code status}, stored at {@code hhmm}, with every item's projected start. */
    private static void assertItemEvent(
            Setup s, Map<String, Object> event, String itemId, String status, String hhmm, List<String> allItems) {
        assertEquals(itemId, item(event).get("id"), event.toString());
        assertEquals(status, item(event).get("status"), event.toString());
        assertEquals(s.at(hhmm), event.get("at"), event.toString());
        assertEquals(new HashSet<>(allItems), projected(event).keySet(), event.toString());
    }

    private static void assertStatusEvent(
            Setup s, Map<String, Object> event, String status, String previous, String hhmm) {
        assertEquals("conference.status", event.get("type"));
        assertEquals(status, data(event).get("status"), event.toString());
        assertEquals(previous, data(event).get("previousStatus"), event.toString());
        assertEquals(s.at(hhmm), event.get("at"), event.toString());
    }

    private static void assertHandover(Setup s, Map<String, Object> event, String to, String from, String hhmm) {
        assertEquals("floor.handover", event.get("type"));
        assertEquals(to, data(event).get("siteId"), event.toString());
        assertEquals(from, data(event).get("previousSiteId"), event.toString());
        assertEquals(s.at(hhmm), event.get("at"), event.toString());
    }
}
