package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Burst;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.itemBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seqs under concurrency: many concurrent changes to one conference (some rejected) give the stored events
 * 1..N with no gap and no repeat, N being what the successful requests produce; clients connected
 * throughout, or from the middle of it, receive exactly those; GET .../live answers throughout; two
 * conferences count independently.
 */
@QuarkusTest
class EventSequenceTest {

    /** The kinds of request of the burst: what each is, and the event it makes when it succeeds. */
    private enum Op {
        ANNOUNCE("announcement"),
        ADD("agenda.item.added"),
        PATCH("agenda.item.updated"),
        DELAY("agenda.item.delayed"),
        REORDER("agenda.reordered"),
        BLANK_ANNOUNCEMENT(null),
        FINISH_PLANNED_ITEM(null),
        ANNOUNCE_TO_ANOTHER_SITE(null);

        final String event;

        Op(String event) {
            this.event = event;
        }

        boolean rejected() {
            return event == null;
        }
    }

    private static Response request(Setup s, List<String> items, String elsewhere, Op op, int i) {
        String item = items.get(i % items.size());
        String agenda = s.path() + "/agenda";
        return switch (op) {
            case ANNOUNCE ->
                asOrganizer().body(Map.of("text", "Thông báo " + i)).post(s.path() + "/announcements");
            case ADD ->
                asOrganizer()
                        .body(itemBody("Mục thêm " + i, s.remote(), null, 5))
                        .post(agenda);
            case PATCH -> asOrganizer().body(Map.of("title", "Tham luận " + i)).patch(agenda + "/{i}", item);
            case DELAY -> asOrganizer().body(Map.of("minutes", 1)).post(agenda + "/{i}/delay", item);
            case REORDER -> {
                List<String> ids = new ArrayList<>(asOrganizer()
                        .get(agenda)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id", String.class));
                Collections.reverse(ids);
                yield asOrganizer()
                        .body(Map.of("itemIds", ids))
                        .put(agenda + "/order"); // 400 if an item came meanwhile
            }
            case BLANK_ANNOUNCEMENT -> asOrganizer().body(Map.of("text", "   ")).post(s.path() + "/announcements");
            case FINISH_PLANNED_ITEM -> asOrganizer().post(agenda + "/{i}/finish", item);
            case ANNOUNCE_TO_ANOTHER_SITE ->
                asOrganizer()
                        .body(Map.of("text", "Nhầm điểm cầu", "siteId", elsewhere))
                        .post(s.path() + "/announcements");
        };
    }

    @Test
    void concurrentChangesAreNumberedOneToNWithoutGapsOrRepeats() throws Exception {
        Setup s = Live.liveConference();
        List<String> items = List.of(
                addItem(s.conference(), itemBody("Tham luận 1", s.host(), null, 10)),
                addItem(s.conference(), itemBody("Tham luận 2", s.remote(), null, 10)),
                addItem(s.conference(), itemBody("Tham luận 3", null, null, 10)));
        String elsewhere = Api.createSite();
        Op[] ops = Op.values();
        int threads = 8;
        int requests = threads * 40;
        try (LiveClient throughout = LiveClient.connect(s.conference(), Api.organizer())) {
            long before = throughout.next().get("seq").asLong();
            List<LiveClient> joined = new ArrayList<>();
            List<Long> joinedAt = new ArrayList<>();
            List<Integer> statuses;
            try (Burst burst =
                    Burst.start(requests, threads, i -> request(s, items, elsewhere, ops[i % ops.length], i))) {
                // meanwhile: the live state answers, and clients that join from a snapshot follow on from it
                CompletableFuture<List<Long>> states = CompletableFuture.supplyAsync(() -> {
                    List<Long> seqs = new ArrayList<>();
                    while (!burst.isDone()) {
                        seqs.add(Live.lastSeq(s.conference()));
                    }
                    return seqs;
                });
                for (int i = 0; i < 3; i++) {
                    LiveClient c = LiveClient.connect(s.conference(), Api.organizer());
                    joined.add(c);
                    JsonNode snapshot = c.next();
                    assertEquals("snapshot", snapshot.get("type").asText(), snapshot.toString());
                    joinedAt.add(snapshot.get("seq").asLong());
                }
                statuses = burst.statuses();
                List<Long> seen = states.get(60, TimeUnit.SECONDS);
                List<Long> sorted = new ArrayList<>(seen);
                Collections.sort(sorted);
                assertEquals(sorted, seen, "GET .../live never went back");
            }

            Map<String, Integer> expected = new TreeMap<>();
            int successes = 0;
            for (int i = 0; i < requests; i++) {
                Op op = ops[i % ops.length];
                int status = statuses.get(i);
                if (op.rejected()) {
                    assertTrue(status == 400 || status == 409, op + " #" + i + " answered " + status);
                } else if (status < 300) {
                    successes++;
                    expected.merge(op.event, 1, Integer::sum);
                } else {
                    assertTrue(op == Op.REORDER && status == 400, op + " #" + i + " answered " + status);
                }
            }
            long last = before + successes;
            List<JsonNode> stored = Live.storedEvents(s.conference(), 0);
            Live.assertSeqs(stored, 1, last);
            Map<String, Integer> types = new TreeMap<>();
            stored.subList((int) before, stored.size())
                    .forEach(e -> types.merge(e.get("type").asText(), 1, Integer::sum));
            assertEquals(expected, types, "one event per successful request, none for the rejected ones");

            assertEquals(stored.subList((int) before, stored.size()), throughout.eventsUpTo(last));
            for (int i = 0; i < joined.size(); i++) {
                try (LiveClient c = joined.get(i)) {
                    long from = joinedAt.get(i);
                    assertEquals(stored.subList((int) from, stored.size()), c.eventsUpTo(last), "joined at " + from);
                }
            }
        }
    }

    @Test
    void twoConferencesCountTheirEventsIndependently() {
        Setup a = Live.liveConference();
        Setup b = Live.liveConference();
        long aBefore = Live.lastSeq(a.conference());
        long bBefore = Live.lastSeq(b.conference());
        int each = 60;
        try (LiveClient aClient = LiveClient.connect(a.conference(), Api.organizer());
                LiveClient bClient = LiveClient.connect(b.conference(), Api.organizer())) {
            aClient.next();
            bClient.next();
            try (Burst burst = Burst.start(2 * each, 4, i -> {
                Setup s = i % 2 == 0 ? a : b;
                return asOrganizer()
                        .body(Map.of("text", s.conference() + " #" + i))
                        .post(s.path() + "/announcements");
            })) {
                burst.assertAllSucceeded();
            }
            for (Setup s : List.of(a, b)) {
                long before = s == a ? aBefore : bBefore;
                List<JsonNode> stored = Live.storedEvents(s.conference(), 0);
                Live.assertSeqs(stored, 1, before + each);
                for (JsonNode e : stored.subList((int) before, stored.size())) {
                    assertTrue(e.get("data").get("text").asText().startsWith(s.conference()), e.toString());
                }
                LiveClient client = s == a ? aClient : bClient;
                assertEquals(stored.subList((int) before, stored.size()), client.eventsUpTo(before + each));
            }
        }
    }
}
