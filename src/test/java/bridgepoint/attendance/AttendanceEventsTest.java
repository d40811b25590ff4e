package bridgepoint.attendance;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Attendance.batch;
import static bridgepoint.support.Attendance.checkIn;
import static bridgepoint.support.Attendance.checkInBody;
import static bridgepoint.support.Attendance.checkInMe;
import static bridgepoint.support.Attendance.checkIns;
import static bridgepoint.support.Attendance.delegate;
import static bridgepoint.support.Attendance.entry;
import static bridgepoint.support.Attendance.history;
import static bridgepoint.support.Attendance.minutesAgo;
import static bridgepoint.support.Attendance.numbers;
import static bridgepoint.support.Attendance.report;
import static bridgepoint.support.Attendance.scheduled;
import static bridgepoint.support.Attendance.scheduledNow;
import static bridgepoint.support.Live.data;
import static bridgepoint.support.Live.seq;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** attendance.updated: emitted after every change to attendance, coalesced under load, ending on the exact numbers. */
@QuarkusTest
class AttendanceEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** bridgepoint.attendance.coalesce: at most one attendance.updated per conference this often. */
    private static final Duration COALESCE = Duration.ofMillis(300);

    private static List<Map<String, Object>> attendanceEvents(Setup s, long after) {
        return Live.newEvents(s.conference(), after).stream()
                .filter(e -> "attendance.updated".equals(e.get("type")))
                .toList();
    }

    /**
     * Waits for an attendance.updated event after {@code after} that carries the current numbers of the roll-up,
     * with {@code checkedIn} people checked in; returns it.
     */
    private static Map<String, Object> awaitUpdate(Setup s, long after, int checkedIn) {
        AtomicReference<Map<String, Object>> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Map<String, Object>> events = attendanceEvents(s, after);
            if (events.isEmpty()) {
                return false;
            }
            found.set(events.get(events.size() - 1));
            return data(found.get()).equals(numbers(s));
        });
        assertEquals(
                checkedIn, totals(found.get()).get("checkedIn"), found.get().toString());
        return found.get();
    }

    private static Map<?, ?> totals(Map<String, Object> event) {
        return (Map<?, ?>) data(event).get("totals");
    }

    private static List<?> sitesCheckedIn(Map<String, Object> event) {
        return ((List<?>) data(event).get("sites"))
                .stream().map(site -> ((Map<?, ?>) site).get("checkedIn")).toList();
    }

    @Test
    void everyCheckInAndEveryReportIsFollowedByAnAttendanceUpdate() {
        Setup s = scheduledNow();
        String a = delegate(s, s.host(), "Trần Quốc Tỏ");
        String b = delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");
        String c = delegate(s, s.remote(), "Phạm Đức Thắng");
        Map<String, Object> d = Api.createDelegate(s.conference(), s.host(), "Lê Thị Thu Hà");
        long mark = Live.lastSeq(s.conference()); // a delegate added alone is announced before its request answers

        checkIn(s, a, null).statusCode(201);
        mark = seq(awaitUpdate(s, mark, 1));
        checkIn(Api.as(Api.siteHost(s.remote())), s, b, null).statusCode(201);
        mark = seq(awaitUpdate(s, mark, 2));
        checkInMe(Api.join((String) d.get("joinCode")), s, null).statusCode(201);
        mark = seq(awaitUpdate(s, mark, 3));
        batch(asOrganizer(), s, List.of(entry("ev-" + Api.unique(), c, s.remote(), minutesAgo(10))))
                .statusCode(200);
        Map<String, Object> offline = awaitUpdate(s, mark, 4);
        assertEquals(List.of(2, 2), sitesCheckedIn(offline));
        // a move changes two sites' numbers, not the total
        checkIn(s, a, s.remote()).statusCode(201);
        Map<String, Object> moved = awaitUpdate(s, seq(offline), 4);
        assertEquals(List.of(1, 3), sitesCheckedIn(moved));
        report(asOrganizer(), s, s.remote(), Map.of("present", 3)).statusCode(200);
        Map<String, Object> reported = awaitUpdate(s, seq(moved), 4);
        assertEquals(3, totals(reported).get("reportedPresent"));
    }

    @Test
    void aChangeThatLeavesTheNumbersAsTheyWereIsNotAnnounced() {
        Setup s = scheduledNow();
        String a = delegate(s, s.host(), "Trần Quốc Tỏ");
        long mark = Live.lastSeq(s.conference());
        checkIn(s, a, null).statusCode(201);
        mark = seq(awaitUpdate(s, mark, 1));
        Map<String, Object> before = numbers(s);

        // an offline entry older than the current check-in is history: it schedules a roll-up, moves nobody
        batch(asOrganizer(), s, List.of(entry("ev-" + Api.unique(), a, s.remote(), minutesAgo(10))))
                .statusCode(200);
        assertEquals(2, history(s, a).size(), "the entry is kept as history");
        assertEquals(before, numbers(s));

        // Roll-ups run one after the other on one timer, in the order they were scheduled: once another
        // conference's later roll-up is out, this conference's has run.
        Setup other = scheduled();
        String b = delegate(other, other.host(), "Nguyễn Thị Hồng Nhung");
        long otherMark = Live.lastSeq(other.conference());
        checkIn(other, b, null).statusCode(201);
        awaitUpdate(other, otherMark, 1);

        assertEquals(List.of(), attendanceEvents(s, mark), "numbers as they were: nothing to announce");
    }

    @Test
    void aLiveClientReceivesTheUpdates() {
        Setup s = scheduled();
        String a = delegate(s, s.host(), "Trần Quốc Tỏ");
        Map<String, Object> d = Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà");

        try (LiveClient client = LiveClient.connect(s.conference(), Api.join((String) d.get("joinCode")))) {
            JsonNode snapshot = client.nextOfType("snapshot");
            assertEquals(JSON.valueToTree(numbers(s)), snapshot.get("attendance"));

            checkIn(s, a, null).statusCode(201);
            JsonNode update = client.nextOfType("attendance.updated");
            assertEquals(1, update.at("/data/totals/checkedIn").asInt());
            assertEquals(JSON.valueToTree(numbers(s)), update.get("data"));

            report(Api.as(Api.siteHost(s.host())), s, s.host(), Map.of("present", 0))
                    .statusCode(200);
            JsonNode reported = client.nextOfType("attendance.updated");
            assertTrue(reported.get("seq").asLong() > update.get("seq").asLong());
            assertEquals(0, reported.at("/data/sites/0/reportedPresent").asInt());
            assertEquals(JSON.valueToTree(numbers(s)), reported.get("data"));
        }
    }

    @Test
    void aBurstOfCheckInsIsCoalescedAndTheLastUpdateHasTheFinalNumbers() {
        int threads = 20;
        int perThread = 15;
        Setup s = scheduled();
        List<String> delegates = registerByImport(s, threads * perThread);
        // the import's own roll-up (registered counts) comes after its job commits: the burst's events come after it
        long mark = seq(awaitUpdate(s, 0, 0));
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<Integer> liveReads = Collections.synchronizedList(new ArrayList<>());
        Instant start = Instant.now();

        // 20 clients check in 15 delegates each; one more reads the live state meanwhile
        Api.parallel(threads + 1, t -> {
            Response last = null;
            for (int i = 0; i < perThread; i++) {
                if (t == threads) {
                    last = asOrganizer().get(s.path() + "/live");
                    liveReads.add(last.statusCode());
                } else {
                    last = asOrganizer()
                            .body(checkInBody(delegates.get(t * perThread + i), null))
                            .post(checkIns(s));
                    statuses.add(last.statusCode());
                }
            }
            return last;
        });
        assertEquals(Collections.nCopies(threads * perThread, 201), statuses);
        assertEquals(Collections.nCopies(perThread, 200), liveReads, "GET /live while attendance events are written");

        long lastSeq = seq(awaitUpdate(s, mark, threads * perThread));
        List<Map<String, Object>> events = attendanceEvents(s, mark);
        assertEquals(lastSeq, seq(events.get(events.size() - 1)));
        // far fewer events than check-ins: at most one per coalescing interval since the burst began
        Instant lastAt = OffsetDateTime.parse(
                        (String) events.get(events.size() - 1).get("at"))
                .toInstant();
        long intervals = Duration.between(start, lastAt).toMillis() / COALESCE.toMillis();
        assertTrue(events.size() <= intervals + 1, events.size() + " events in " + Duration.between(start, lastAt));
        assertTrue(
                events.size() < threads * perThread / 4,
                events.size() + " events for " + threads * perThread + " check-ins");
        // each event carries numbers at least as new as the one before
        List<Integer> checkedIn =
                events.stream().map(e -> (Integer) totals(e).get("checkedIn")).toList();
        for (int i = 1; i < checkedIn.size(); i++) {
            assertTrue(checkedIn.get(i) >= checkedIn.get(i - 1), "numbers went back: " + checkedIn);
        }
        assertEquals(numbers(s), data(events.get(events.size() - 1)));
    }

    /** Registers {@code n} delegates, alternately at both sites, with one CSV import; their ids. */
    private static List<String> registerByImport(Setup s, int n) {
        StringBuilder csv = new StringBuilder("fullName,site\n");
        for (int i = 0; i < n; i++) {
            csv.append("Đại biểu ")
                    .append(i)
                    .append(',')
                    .append(i % 2 == 0 ? s.host() : s.remote())
                    .append('\n');
        }
        String job = asOrganizer()
                .contentType("text/csv; charset=UTF-8")
                .body(csv.toString())
                .post(s.path() + "/delegates/import")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "DONE"
                        .equals(asOrganizer()
                                .get("/api/imports/{j}", job)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("status")));
        List<String> ids = asOrganizer()
                .queryParam("size", 500)
                .get(s.path() + "/delegates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertEquals(n, ids.size());
        return ids;
    }
}
