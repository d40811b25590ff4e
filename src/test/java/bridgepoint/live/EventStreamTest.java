package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.itemBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event stream over the WebSocket, as clients of every role see it: a snapshot of the live state first,
 * then every event of every kind of change, in seq order with no gaps, the same as GET .../events.
 */
@QuarkusTest
class EventStreamTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The organizer, the host of the REMOTE site and a delegate of the conference: tokens by name. */
    private static Map<String, String> roles(Setup s) {
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Trần Thị Bình");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("organizer", Api.organizer());
        tokens.put("host", Api.siteHost(s.remote()));
        tokens.put("delegate", Api.join((String) delegate.get("joinCode")));
        return tokens;
    }

    private static String heartbeat(String siteId) {
        return "{\"type\":\"heartbeat\",\"siteId\":\"" + siteId + "\"}";
    }

    @Test
    void theFirstMessageIsASnapshotOfTheLiveState() {
        Setup s = Api.setup();
        String fromRemote = addItem(s.conference(), itemBody("Tham luận Đà Nẵng", s.remote(), s.at("08:00"), 30));
        addItem(s.conference(), itemBody("Phát biểu bế mạc", s.host(), s.at("09:00"), 20));
        Api.advance(s.conference(), "publish", "start");
        asOrganizer().post(s.path() + "/agenda/{i}/start", fromRemote).then().statusCode(200);
        Map<String, String> tokens = roles(s);
        try (LiveClient host = LiveClient.connect(s.conference(), tokens.get("host"))) {
            assertEquals("snapshot", host.next().get("type").asText());
            host.send(heartbeat(s.remote()));
            host.nextOfType("site.online");
            for (Map.Entry<String, String> role : tokens.entrySet()) {
                try (LiveClient client = LiveClient.connect(s.conference(), role.getValue())) {
                    JsonNode snapshot = client.next();
                    JsonNode live = Live.state(s.conference(), role.getValue());
                    assertEquals(live, snapshot, role.getKey() + "'s snapshot is the state GET .../live shows");
                    for (String field : List.of(
                            "type", "seq", "epoch", "status", "agenda", "sites", "floorSiteId", "currentItem")) {
                        assertTrue(snapshot.has(field), role.getKey() + "'s snapshot has " + field + ": " + snapshot);
                    }
                    assertEquals("snapshot", snapshot.get("type").asText());
                    assertEquals("LIVE", snapshot.get("status").asText());
                    assertEquals(
                            fromRemote, snapshot.get("currentItem").get("id").asText());
                    assertEquals(s.remote(), snapshot.get("floorSiteId").asText());
                    assertEquals(2, snapshot.get("agenda").size());
                    assertEquals(
                            List.of(s.host(), s.remote()), snapshot.get("sites").findValuesAsText("siteId"));
                    assertEquals(List.of("false", "true"), snapshot.get("sites").findValuesAsText("online"));
                    assertEquals(
                            Live.lastSeq(s.conference()), snapshot.get("seq").asLong());
                }
            }
        }
    }

    /** What one change must produce: the events' types and a check of each one's data. */
    private record Expect(String type, Consumer<JsonNode> data) {}

    private static Expect expect(String type, Consumer<JsonNode> data) {
        return new Expect(type, data);
    }

    /** A check that the event is about this agenda item, now in this status, with every item's projected start. */
    private static Consumer<JsonNode> item(String itemId, String status) {
        return data -> {
            assertEquals(itemId, data.get("item").get("id").asText(), data.toString());
            assertEquals(status, data.get("item").get("status").asText(), data.toString());
            assertTrue(data.get("projectedStarts").has(itemId), data.toString());
        };
    }

    private static Consumer<JsonNode> site(String siteId) {
        return data -> assertEquals(siteId, data.get("siteId").asText(), data.toString());
    }

    /** Clients that must each receive the same events, and what they received since their snapshots. */
    private static final class Watchers {
        final List<LiveClient> clients;
        final Map<LiveClient, List<JsonNode>> received = new LinkedHashMap<>();
        final String epoch;
        final long first;
        long seq;

        Watchers(List<LiveClient> clients) {
            this.clients = clients;
            JsonNode snapshot = null;
            for (LiveClient c : clients) {
                JsonNode m = c.next();
                assertEquals("snapshot", m.get("type").asText(), m.toString());
                if (snapshot != null) {
                    assertEquals(snapshot.get("seq"), m.get("seq"));
                    assertEquals(snapshot.get("epoch"), m.get("epoch"));
                }
                snapshot = m;
                received.put(c, new ArrayList<>());
            }
            epoch = snapshot.get("epoch").asText();
            seq = snapshot.get("seq").asLong();
            first = seq + 1;
        }

        /** Makes the change; every client then receives exactly these events next, numbered on from the last. */
        void expect(Runnable change, Expect... events) {
            change.run();
            long from = seq + 1;
            seq += events.length;
            for (LiveClient c : clients) {
                List<JsonNode> got = c.eventsUpTo(seq);
                Live.assertSeqs(got, from, seq);
                for (int i = 0; i < events.length; i++) {
                    JsonNode e = got.get(i);
                    List<String> fields = new ArrayList<>();
                    e.fieldNames().forEachRemaining(fields::add);
                    assertEquals(List.of("seq", "type", "at", "epoch", "data"), fields, e.toString());
                    assertEquals(events[i].type(), e.get("type").asText(), e.toString());
                    assertEquals(epoch, e.get("epoch").asText(), e.toString());
                    OffsetDateTime.parse(e.get("at").asText());
                    events[i].data().accept(e.get("data"));
                }
                received.get(c).addAll(got);
            }
        }
    }

    @Test
    void everyChangeReachesEveryClientInSeqOrder() {
        Setup s = Api.setup();
        String a = addItem(s.conference(), itemBody("Khai mạc", s.host(), s.at("08:00"), 30));
        String b = addItem(s.conference(), itemBody("Tham luận Đà Nẵng", s.remote(), s.at("08:30"), 30));
        Api.advance(s.conference(), "publish");
        Map<String, String> tokens = roles(s);
        List<LiveClient> clients = new ArrayList<>();
        try {
            tokens.values().forEach(token -> clients.add(LiveClient.connect(s.conference(), token)));
            LiveClient host = clients.get(1);
            Watchers w = new Watchers(clients);
            String agenda = s.path() + "/agenda";
            String[] c = new String[1];

            // agenda edits, while SCHEDULED
            w.expect(
                    () -> c[0] = addItem(s.conference(), itemBody("Giải lao", null, s.at("09:00"), 15)),
                    expect("agenda.item.added", data -> item(c[0], "PLANNED").accept(data)));
            w.expect(
                    () -> asOrganizer()
                            .body(Map.of("title", "Giải lao 20 phút", "plannedMinutes", 20))
                            .patch(agenda + "/{i}", c[0])
                            .then()
                            .statusCode(200),
                    expect("agenda.item.updated", data -> {
                        item(c[0], "PLANNED").accept(data);
                        assertEquals(
                                "Giải lao 20 phút",
                                data.get("item").get("title").asText());
                        assertEquals(20, data.get("item").get("plannedMinutes").asInt());
                    }));
            w.expect(
                    () -> asOrganizer()
                            .body(Map.of("itemIds", List.of(c[0], a, b)))
                            .put(agenda + "/order")
                            .then()
                            .statusCode(200),
                    expect("agenda.reordered", data -> assertEquals(List.of(c[0], a, b), texts(data.get("itemIds")))));
            w.expect(
                    () -> asOrganizer().delete(agenda + "/{i}", c[0]).then().statusCode(204),
                    expect("agenda.item.removed", data -> {
                        assertEquals(c[0], data.get("itemId").asText());
                        assertEquals(Set.of(a, b), fieldNames(data.get("projectedStarts")));
                    }));
            w.expect(
                    () -> Live.announce(s.conference(), "Chào mừng các điểm cầu", null),
                    expect("announcement", data -> {
                        assertEquals("Chào mừng các điểm cầu", data.get("text").asText());
                        assertTrue(data.get("siteId").isNull(), data.toString());
                        assertFalse(data.get("by").asText().isEmpty(), data.toString());
                    }));

            // running the conference
            w.expect(() -> Api.advance(s.conference(), "start"), expect("conference.status", data -> {
                assertEquals("LIVE", data.get("status").asText());
                assertEquals("SCHEDULED", data.get("previousStatus").asText());
                assertEquals(s.host(), data.get("floorSiteId").asText());
                OffsetDateTime.parse(data.get("startedAt").asText());
            }));
            w.expect(() -> run(s, a, "start"), expect("agenda.item.started", item(a, "LIVE")));
            w.expect(
                    () -> asOrganizer()
                            .body(Map.of("minutes", 10))
                            .post(agenda + "/{i}/delay", b)
                            .then()
                            .statusCode(200),
                    expect("agenda.item.delayed", data -> {
                        item(b, "PLANNED").accept(data);
                        assertEquals(10, data.get("minutes").asInt());
                        assertEquals(10, data.get("item").get("delayMinutes").asInt());
                    }));
            w.expect(
                    () -> run(s, b, "start"),
                    expect("agenda.item.finished", item(a, "DONE")),
                    expect("agenda.item.started", item(b, "LIVE")),
                    expect("floor.handover", data -> {
                        assertEquals(s.remote(), data.get("siteId").asText());
                        assertEquals(s.host(), data.get("previousSiteId").asText());
                    }));
            w.expect(
                    () -> asOrganizer()
                            .body(Map.of("siteId", s.host()))
                            .post(s.path() + "/live/handover")
                            .then()
                            .statusCode(200),
                    expect("floor.handover", data -> {
                        assertEquals(s.host(), data.get("siteId").asText());
                        assertEquals(s.remote(), data.get("previousSiteId").asText());
                    }));
            w.expect(
                    () -> c[0] = addItem(s.conference(), itemBody("Hỏi đáp", null, null, 10)),
                    expect("agenda.item.added", data -> item(c[0], "PLANNED").accept(data)));
            w.expect(
                    () -> run(s, c[0], "skip"),
                    expect("agenda.item.skipped", data -> item(c[0], "SKIPPED").accept(data)));
            w.expect(() -> run(s, b, "finish"), expect("agenda.item.finished", item(b, "DONE")));
            w.expect(
                    () -> Live.announce(s.conference(), "Điểm cầu Đà Nẵng chuẩn bị phát biểu", s.remote()),
                    expect("announcement", data -> {
                        assertEquals(
                                "Điểm cầu Đà Nẵng chuẩn bị phát biểu",
                                data.get("text").asText());
                        site(s.remote()).accept(data);
                    }));

            // presence
            w.expect(() -> host.send(heartbeat(s.remote())), expect("site.online", site(s.remote())));
            w.expect(() -> clock.advance(Duration.ofSeconds(31)), expect("site.offline", site(s.remote())));

            // the end finishes the live item first
            w.expect(
                    () -> c[0] = addItem(s.conference(), itemBody("Bế mạc", s.host(), null, 10)),
                    expect("agenda.item.added", data -> item(c[0], "PLANNED").accept(data)));
            w.expect(
                    () -> run(s, c[0], "start"),
                    expect("agenda.item.started", data -> item(c[0], "LIVE").accept(data)));
            w.expect(
                    () -> Api.advance(s.conference(), "end"),
                    expect("agenda.item.finished", data -> item(c[0], "DONE").accept(data)),
                    expect("conference.status", data -> {
                        assertEquals("ENDED", data.get("status").asText());
                        assertEquals("LIVE", data.get("previousStatus").asText());
                        OffsetDateTime.parse(data.get("endedAt").asText());
                    }));

            List<JsonNode> stored = Live.storedEvents(s.conference(), w.first - 1);
            Live.assertSeqs(stored, w.first, w.seq);
            w.received.forEach(
                    (client, events) -> assertEquals(stored, events, "a client received exactly the stored events"));
        } finally {
            clients.forEach(LiveClient::close);
        }
    }

    private static void run(Setup s, String itemId, String action) {
        asOrganizer().post(s.path() + "/agenda/{i}/" + action, itemId).then().statusCode(200);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
