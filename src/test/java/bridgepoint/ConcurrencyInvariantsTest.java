package bridgepoint;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.Live;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Many clients changing the same resources at once, over real HTTP; afterwards the stored state must hold its
 * invariants: every acknowledged (2xx) write is there, every refusal was a clean problem (409, 412, 404, or 400 for
 * an agenda order that no longer lists the agenda's items), nothing is duplicated, at most one item is LIVE, positions
 * run 1..n, the event stream's seqs run 1..N with no gap or repeat, and the attendance roll-up equals a recount of the
 * check-ins and head counts read back.
 */
@QuarkusTest
class ConcurrencyInvariantsTest {

    /** Same requests in the same order on every run; which one wins a race is up to the machine. */
    private static final long SEED = 20261128L;

    /** One request of a burst: what it does, to which resource, and how it is sent. */
    private record Action(String kind, String target, int amount, Supplier<Response> request) {}

    /** A burst's answers: the action and its response, in the order the actions were listed. */
    private record Outcome(Action action, int status, String body, String etag) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Sends every action at once (released together) and checks that each answer is a 2xx or a clean refusal. */
    private static List<Outcome> burst(List<Action> actions, Map<String, Set<Integer>> refusals) {
        List<Response> responses =
                Api.parallel(actions.size(), i -> actions.get(i).request().get());
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Response r = responses.get(i);
            Action action = actions.get(i);
            Outcome outcome = new Outcome(action, r.statusCode(), r.asString(), r.header("ETag"));
            outcomes.add(outcome);
            if (outcome.ok()) {
                continue;
            }
            Set<Integer> clean = refusals.getOrDefault(action.kind(), Set.of());
            assertTrue(
                    clean.contains(r.statusCode()),
                    action.kind() + " " + action.target() + " answered " + r.statusCode() + ": " + r.asString());
            assertTrue(
                    String.valueOf(r.contentType()).startsWith("application/problem+json"),
                    action.kind() + " refused without a problem: " + r.asString());
        }
        return outcomes;
    }

    private static long count(List<Outcome> outcomes, String kind) {
        return outcomes.stream()
                .filter(o -> o.action().kind().equals(kind) && o.ok())
                .count();
    }

    private static Set<String> succeeded(List<Outcome> outcomes, String kind) {
        return outcomes.stream()
                .filter(o -> o.action().kind().equals(kind) && o.ok())
                .map(o -> o.action().target())
                .collect(Collectors.toSet());
    }

    /** The stored stream: seqs 1..N, each once, in order (checked by {@link Live#newEvents}); its types counted. */
    private static Map<String, Long> eventTypes(String conferenceId, long after) {
        return Live.newEvents(conferenceId, after).stream()
                .collect(Collectors.groupingBy(e -> (String) e.get("type"), Collectors.counting()));
    }

    @Test
    void parallelAgendaActionsEditsDeletesAndReordersLoseNothing() {
        Api.Setup s = Live.liveConference();
        Random random = new Random(SEED);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            items.add(Api.addItem(s.conference(), Api.itemBody("Mục " + (i + 1))));
        }
        String agenda = s.path() + "/agenda";
        String agendaTag = Api.etag(agenda);
        long mark = Live.lastSeq(s.conference());

        List<Action> actions = new ArrayList<>();
        // starts race each other and the finishes: at most one item may end LIVE
        for (int i = 0; i < 4; i++) {
            String item = items.get(i);
            actions.add(new Action("start", item, 0, () -> asOrganizer().post(agenda + "/{i}/start", item)));
            actions.add(new Action("finish", item, 0, () -> asOrganizer().post(agenda + "/{i}/finish", item)));
        }
        // skips, twice each: one wins, the other is a 409
        for (int i = 4; i < 6; i++) {
            String item = items.get(i);
            for (int k = 0; k < 2; k++) {
                actions.add(new Action("skip", item, 0, () -> asOrganizer().post(agenda + "/{i}/skip", item)));
            }
        }
        // delays of the same items by several clients: the minutes of every 2xx delay must add up
        for (int i = 6; i < 9; i++) {
            String item = items.get(i);
            for (int k = 1; k <= 3; k++) {
                int minutes = k;
                actions.add(new Action(
                        "delay",
                        item,
                        minutes,
                        () -> asOrganizer().body(Map.of("minutes", minutes)).post(agenda + "/{i}/delay", item)));
            }
        }
        // edits of other items (one title each, so that the stored title must be the one sent)
        Map<String, String> titles = new HashMap<>();
        for (int i = 9; i < 11; i++) {
            String item = items.get(i);
            String title = "Đổi tên " + unique();
            titles.put(item, title);
            actions.add(new Action(
                    "edit",
                    item,
                    0,
                    () -> asOrganizer()
                            .contentType("application/merge-patch+json; charset=UTF-8")
                            .body(Map.of("title", title))
                            .patch(agenda + "/{i}", item)));
        }
        // deletes, twice each (one 204, one 404), also of items that are being edited or delayed
        for (String item : List.of(items.get(11), items.get(10), items.get(6))) {
            for (int k = 0; k < 2; k++) {
                actions.add(new Action("delete", item, 0, () -> asOrganizer().delete(agenda + "/{i}", item)));
            }
        }
        // additions while everything else moves
        for (int k = 0; k < 3; k++) {
            actions.add(new Action(
                    "add",
                    "new",
                    0,
                    () -> asOrganizer()
                            .body(Api.itemBody("Mục thêm " + unique()))
                            .post(agenda)));
        }
        // reorders of the items as they were: with If-Match (at most one may win) and without
        for (int k = 0; k < 4; k++) {
            List<String> order = new ArrayList<>(items);
            Collections.shuffle(order, random);
            boolean conditional = k % 2 == 0;
            actions.add(new Action(conditional ? "reorder-if-match" : "reorder", "agenda", 0, () -> {
                RequestSpecification request = asOrganizer().body(Map.of("itemIds", order));
                if (conditional) {
                    request.header("If-Match", agendaTag);
                }
                return request.put(agenda + "/order");
            }));
        }
        Collections.shuffle(actions, random);

        List<Outcome> outcomes = burst(
                actions,
                Map.of(
                        "start", Set.of(404, 409),
                        "finish", Set.of(404, 409),
                        "skip", Set.of(404, 409),
                        "delay", Set.of(404),
                        "edit", Set.of(404),
                        "delete", Set.of(404, 409),
                        // a list that no longer matches the agenda (an item added or deleted meanwhile) is a 400
                        "reorder", Set.of(400),
                        "reorder-if-match", Set.of(400, 412)));

        JsonPath read = Live.agenda(s);
        List<Map<String, Object>> stored = read.getList("items");
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        stored.forEach(item -> byId.put((String) item.get("id"), item));

        // positions 1..n, at most one LIVE item
        List<Integer> positions =
                stored.stream().map(i -> (Integer) i.get("position")).toList();
        List<Integer> expected = new ArrayList<>();
        for (int p = 1; p <= stored.size(); p++) {
            expected.add(p);
        }
        assertEquals(expected, positions, "positions run 1..n");
        assertTrue(Live.liveItems(s).size() <= 1, "at most one LIVE item: " + Live.liveItems(s));

        // every acknowledged change is there
        Set<String> deleted = succeeded(outcomes, "delete");
        for (String item : List.of(items.get(11), items.get(10), items.get(6))) {
            long deletes = outcomes.stream()
                    .filter(o -> o.action().kind().equals("delete")
                            && o.action().target().equals(item)
                            && o.ok())
                    .count();
            assertTrue(deletes <= 1, "an item was deleted twice: " + item);
        }
        for (String item : deleted) {
            assertTrue(!byId.containsKey(item), "a deleted item is back: " + item);
        }
        assertEquals(items.size() - deleted.size() + count(outcomes, "add"), stored.size(), "items lost or doubled");
        for (String item : succeeded(outcomes, "start")) {
            if (!deleted.contains(item)) {
                String status = (String) byId.get(item).get("status");
                assertTrue(status.equals("LIVE") || status.equals("DONE"), "a started item is " + status);
            }
        }
        for (String item : succeeded(outcomes, "skip")) {
            if (deleted.contains(item)) {
                continue;
            }
            assertEquals("SKIPPED", byId.get(item).get("status"));
            assertEquals(
                    1,
                    outcomes.stream()
                            .filter(o -> o.action().kind().equals("skip")
                                    && o.action().target().equals(item)
                                    && o.ok())
                            .count(),
                    "an item was skipped twice");
        }
        for (int i = 6; i < 9; i++) {
            String item = items.get(i);
            if (deleted.contains(item)) {
                continue;
            }
            int delayed = outcomes.stream()
                    .filter(o -> o.action().kind().equals("delay")
                            && o.action().target().equals(item)
                            && o.ok())
                    .mapToInt(o -> o.action().amount())
                    .sum();
            assertEquals(delayed, byId.get(item).get("delayMinutes"), "a delay was lost on " + item);
        }
        for (String item : succeeded(outcomes, "edit")) {
            if (!deleted.contains(item)) { // (an edit may succeed before a delete of the same item)
                assertEquals(titles.get(item), byId.get(item).get("title"), "an edit was lost");
            }
        }
        assertTrue(count(outcomes, "reorder-if-match") <= 1, "two reorders with the same If-Match both won");
        assertTrue(
                count(outcomes, "start") + count(outcomes, "delay") + count(outcomes, "delete") > 0,
                "the burst changed nothing at all");

        // the stream: gap-free, and one event per acknowledged change of each kind
        Map<String, Long> events = eventTypes(s.conference(), mark);
        long done = stored.stream().filter(i -> i.get("status").equals("DONE")).count();
        assertEquals(count(outcomes, "start"), events.getOrDefault("agenda.item.started", 0L), "started " + events);
        assertEquals(done, events.getOrDefault("agenda.item.finished", 0L), "finished " + events);
        assertEquals(count(outcomes, "skip"), events.getOrDefault("agenda.item.skipped", 0L), "skipped " + events);
        assertEquals(count(outcomes, "delay"), events.getOrDefault("agenda.item.delayed", 0L), "delayed " + events);
        assertEquals(count(outcomes, "delete"), events.getOrDefault("agenda.item.removed", 0L), "removed " + events);
        assertEquals(count(outcomes, "add"), events.getOrDefault("agenda.item.added", 0L), "added " + events);
        assertEquals(count(outcomes, "edit"), events.getOrDefault("agenda.item.updated", 0L), "updated " + events);
        assertEquals(
                count(outcomes, "reorder") + count(outcomes, "reorder-if-match"),
                events.getOrDefault("agenda.reordered", 0L),
                "reordered " + events);

        // the live state agrees with the agenda read back
        JsonPath state = asOrganizer()
                .get(s.path() + "/live")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(read.getList("items.id"), state.getList("agenda.id"));
        assertEquals(read.getList("items.status"), state.getList("agenda.status"));
    }

    @Test
    void parallelCheckInsMovesBatchesImportsAndHeadCountsAddUp() {
        Api.Setup s = Live.liveConference();
        String third = Api.createSite("Điểm cầu Cần Thơ " + unique(), "Cần Thơ");
        Api.addSite(s.conference(), third, "REMOTE");
        List<String> sites = List.of(s.host(), s.remote(), third);
        Map<String, String> hosts = new HashMap<>();
        for (String site : sites) {
            hosts.put(site, Api.siteHost(site));
        }
        Random random = new Random(SEED);
        List<String> delegates = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            delegates.add(Attendance.delegate(s, sites.get(i % 3), "Đại biểu " + (i + 1) + " " + unique()));
        }
        String checkIns = Attendance.checkIns(s);
        long mark = Live.lastSeq(s.conference());

        List<Action> actions = new ArrayList<>();
        // the same delegates checked in at several sites at once, by the organizer and by each site's host
        for (int i = 0; i < 12; i++) {
            String delegate = delegates.get(i);
            for (String site : sites) {
                boolean byHost = random.nextBoolean();
                actions.add(new Action(
                        "check-in",
                        delegate + "@" + site,
                        0,
                        () -> (byHost ? Api.as(hosts.get(site)) : asOrganizer())
                                .body(Attendance.checkInBody(delegate, site))
                                .post(checkIns)));
            }
        }
        // moves: a new assigned site for some of them, at the same time
        Map<String, String> movedTo = new HashMap<>();
        for (int i = 12; i < 16; i++) {
            String delegate = delegates.get(i);
            String site = sites.get((i + 1) % 3);
            movedTo.put(delegate, site);
            actions.add(new Action(
                    "move",
                    delegate,
                    0,
                    () -> asOrganizer()
                            .contentType("application/merge-patch+json")
                            .body(Map.of("siteId", site))
                            .patch(s.path() + "/delegates/{d}", delegate)));
            actions.add(new Action(
                    "check-in",
                    delegate + "@" + site,
                    0,
                    () -> asOrganizer()
                            .body(Attendance.checkInBody(delegate, site))
                            .post(checkIns)));
        }
        // offline uploads from two tablets whose nonces overlap, each sent twice
        List<Map<String, Object>> tabletA = new ArrayList<>();
        List<Map<String, Object>> tabletB = new ArrayList<>();
        String prefix = "tablet-" + unique() + ":";
        for (int i = 0; i < 8; i++) {
            // the two delegates that nobody else checks in, and some that are checked in online at the same time
            String delegate = delegates.get(i % 2 == 0 ? 16 + (i / 2) % 2 : i);
            Map<String, Object> entry =
                    Attendance.entry(prefix + i, delegate, s.remote(), Attendance.minutesAgo(30 - i));
            (i < 5 ? tabletA : tabletB).add(entry);
            if (i >= 3 && i < 5) {
                tabletB.add(entry); // the same nonce uploaded by both
            }
        }
        for (List<Map<String, Object>> upload : List.of(tabletA, tabletB, tabletA, tabletB)) {
            actions.add(new Action(
                    "batch",
                    "batch",
                    0,
                    () -> Api.as(hosts.get(s.remote())).body(upload).post(checkIns + "/batch")));
        }
        // head counts of every site, several at once
        for (String site : sites) {
            for (int k = 0; k < 3; k++) {
                int present = 40 + random.nextInt(60);
                actions.add(new Action(
                        "head-count",
                        site,
                        present,
                        () -> Api.as(hosts.get(site))
                                .body(Map.of("present", present))
                                .put(s.path() + "/sites/{site}/attendance", site)));
            }
        }
        // two imports into the conference, whose files share two emails
        String shared = unique();
        for (String file : List.of("a", "b")) {
            StringBuilder csv = new StringBuilder("fullName,email,site\n");
            for (int i = 0; i < 30; i++) {
                csv.append("Nhập ")
                        .append(file)
                        .append(i)
                        .append(",")
                        .append(i < 2 ? "chung" + i + "." + shared : file + i + "." + unique())
                        .append("@example.vn,")
                        .append(sites.get(i % 3))
                        .append("\n");
            }
            actions.add(new Action(
                    "import",
                    file,
                    30,
                    () -> asOrganizer()
                            .contentType("text/csv")
                            .body(csv.toString())
                            .post(s.path() + "/delegates/import")));
        }
        Collections.shuffle(actions, random);

        List<Outcome> outcomes = burst(actions, Map.of());

        // imports: every row of both files created or reported, each shared email once
        int created = 0;
        for (Outcome o : outcomes) {
            if (o.action().kind().equals("import")) {
                String job = Live.json(o.body()).get("jobId").asText();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !"RUNNING"
                                .equals(asOrganizer().get("/api/imports/" + job).path("status")));
                JsonPath result = asOrganizer()
                        .get("/api/imports/" + job)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                assertEquals("DONE", result.getString("status"), result.prettify());
                assertEquals(
                        30, result.getInt("created") + result.getList("errors").size(), result.prettify());
                created += result.getInt("created");
            }
        }
        assertEquals(58, created, "each shared email imported once, every other row imported");
        List<Map<String, Object>> all = asOrganizer()
                .queryParam("size", 500)
                .get(s.path() + "/delegates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertEquals(delegates.size() + created, all.size());
        Set<String> emails = new HashSet<>();
        for (Map<String, Object> d : all) {
            if (d.get("email") != null) {
                assertTrue(emails.add(((String) d.get("email")).toLowerCase()), "a duplicate email: " + d);
            }
        }
        for (Map.Entry<String, String> move : movedTo.entrySet()) {
            Map<String, Object> d = all.stream()
                    .filter(x -> x.get("id").equals(move.getKey()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(move.getValue(), d.get("siteId"), "a move was lost");
        }

        // check-ins: one current per delegate, each acknowledged one in the history, current where one was made
        List<Map<String, Object>> history = asOrganizer()
                .queryParam("size", 500)
                .get(checkIns)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        Set<Object> ids = history.stream().map(c -> c.get("id")).collect(Collectors.toSet());
        assertEquals(history.size(), ids.size(), "a check-in listed twice");
        Map<Object, Map<String, Object>> current = new HashMap<>();
        for (Map<String, Object> c : history) {
            if (Boolean.TRUE.equals(c.get("current"))) {
                assertTrue(current.put(c.get("delegateId"), c) == null, "two current check-ins: " + c);
            }
        }
        Map<String, Set<String>> checkedInAt = new HashMap<>();
        for (Outcome o : outcomes) {
            if (o.action().kind().equals("check-in")) {
                String[] target = o.action().target().split("@");
                assertTrue(ids.contains(Live.json(o.body()).get("id").asText()), "a check-in was lost: " + o.body());
                checkedInAt.computeIfAbsent(target[0], k -> new HashSet<>()).add(target[1]);
            }
        }
        for (Map.Entry<String, Set<String>> e : checkedInAt.entrySet()) {
            Map<String, Object> now = current.get(e.getKey());
            assertNotNull(now, "a delegate checked in has no current check-in: " + e.getKey());
            assertTrue(e.getValue().contains(now.get("siteId"))
                    || now.get("method").equals("OFFLINE"));
        }

        // offline batches: every nonce created exactly once, a retry changes nothing
        Map<String, Integer> createdPerNonce = new HashMap<>();
        for (Outcome o : outcomes) {
            if (o.action().kind().equals("batch")) {
                for (var result : Live.json(o.body())) {
                    String nonce = result.get("nonce").asText();
                    createdPerNonce.merge(nonce, result.get("result").asText().equals("created") ? 1 : 0, Integer::sum);
                    assertTrue(
                            Set.of("created", "duplicate")
                                    .contains(result.get("result").asText()),
                            result.toString());
                }
            }
        }
        assertEquals(8, createdPerNonce.size());
        createdPerNonce.forEach((nonce, n) -> assertTrue(n <= 1, nonce + " applied " + n + " times"));
        long offline =
                history.stream().filter(c -> c.get("method").equals("OFFLINE")).count();
        assertEquals(
                createdPerNonce.values().stream().mapToInt(Integer::intValue).sum(), offline);
        Api.Snapshot before = Attendance.unchanged(s);
        for (Map<String, Object> result : Attendance.batch(Api.as(hosts.get(s.remote())), s, tabletA)
                .statusCode(200)
                .extract()
                .jsonPath()
                .<Map<String, Object>>getList("")) {
            assertEquals("duplicate", result.get("result"), "a retried upload changed something");
        }
        before.assertUnchanged();

        // head counts: every report kept, the latest counts
        for (String site : sites) {
            List<Map<String, Object>> reports = asOrganizer()
                    .get(s.path() + "/sites/{site}/attendance", site)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            assertEquals(3, reports.size(), "a head count was lost at " + site);
        }

        // the roll-up equals a recount of what was read back, and the last event carries it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertRollUpIsARecount(s, sites, current));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> events = Live.newEvents(s.conference(), mark);
            Map<String, Object> last = events.get(events.size() - 1);
            assertEquals("attendance.updated", last.get("type"));
            assertEquals(Attendance.numbers(s), Live.data(last));
        });
    }

    private static void assertRollUpIsARecount(
            Api.Setup s, List<String> sites, Map<Object, Map<String, Object>> current) {
        JsonPath rollUp = Attendance.rollUp(s);
        List<Map<String, Object>> delegates = asOrganizer()
                .queryParam("size", 500)
                .get(s.path() + "/delegates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        long totalPresent = 0;
        for (String site : sites) {
            Map<String, Object> numbers = rollUp.getMap("sites.find { it.siteId == '" + site + "' }");
            assertNotNull(numbers, "the roll-up lacks " + site);
            long registered =
                    delegates.stream().filter(d -> d.get("siteId").equals(site)).count();
            long checkedIn = current.values().stream()
                    .filter(c -> c.get("siteId").equals(site))
                    .count();
            Map<String, Object> latest = asOrganizer()
                    .get(s.path() + "/sites/{site}/attendance", site)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getMap("items[0]");
            assertEquals(registered, ((Number) numbers.get("registered")).longValue(), "registered at " + site);
            assertEquals(checkedIn, ((Number) numbers.get("checkedIn")).longValue(), "checked in at " + site);
            assertEquals(latest.get("present"), numbers.get("reportedPresent"), "reported at " + site);
            totalPresent += ((Number) latest.get("present")).longValue();
        }
        assertEquals(delegates.size(), rollUp.getLong("totals.registered"));
        assertEquals(current.size(), rollUp.getLong("totals.checkedIn"));
        assertEquals(totalPresent, rollUp.getLong("totals.reportedPresent"));
        if (!Objects.equals(rollUp.getInt("totals.sites"), sites.size())) {
            fail("the roll-up counts " + rollUp.getInt("totals.sites") + " sites");
        }
    }
}
