package bridgepoint.support;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Helpers for the live run-of-show: agenda commands, the stored event stream, and "a refusal changed nothing". */
public final class Live {

    /** The largest page of {@code GET …/events}. */
    public static final int MAX_PAGE = 1000;

    private Live() {
    }

    /** {@code hhmm} on the setup's day in Hà Nội (+07:00), as an instant for the {@link TestClock}. */
    public static Instant instant(Api.Setup s, String hhmm) {
        return OffsetDateTime.parse(s.at(hhmm)).toInstant();
    }

    // ---- agenda commands ----

    /** {@code POST …/agenda/{item}/{action}} (start, finish, skip) as the organizer. */
    public static ValidatableResponse run(Api.Setup s, String itemId, String action) {
        return run(asOrganizer(), s, itemId, action);
    }

    public static ValidatableResponse run(RequestSpecification as, Api.Setup s, String itemId, String action) {
        return as.post(s.path() + "/agenda/{item}/" + action, itemId).then();
    }

    /** {@code POST …/agenda/{item}/delay} with this body as the organizer. */
    public static ValidatableResponse delay(Api.Setup s, String itemId, Object body) {
        return delay(asOrganizer(), s, itemId, body);
    }

    public static ValidatableResponse delay(RequestSpecification as, Api.Setup s, String itemId, Object body) {
        return as.body(body).post(s.path() + "/agenda/{item}/delay", itemId).then();
    }

    /** {@code {"minutes": minutes}}. */
    public static Map<String, Object> minutes(Object minutes) {
        return Map.of("minutes", minutes);
    }

    /** The agenda as the organizer reads it. */
    public static JsonPath agenda(Api.Setup s) {
        return asOrganizer().get(s.path() + "/agenda").then().statusCode(200).extract().jsonPath();
    }

    /** The ids of the agenda's LIVE items. */
    public static List<String> liveItems(Api.Setup s) {
        return agenda(s).getList("items.findAll { it.status == 'LIVE' }.id");
    }

    // ---- the stored event stream ----

    /** One page of {@code GET …/events?after=&size=1000} as the organizer. */
    public static JsonPath eventPage(String conferenceId, long after) {
        return asOrganizer().queryParam("after", after).queryParam("size", MAX_PAGE)
                .get("/api/conferences/{c}/events", conferenceId).then().statusCode(200).extract().jsonPath();
    }

    /** Every stored event after {@code after}, in seq order (read page by page). */
    public static List<Map<String, Object>> eventsAfter(String conferenceId, long after) {
        List<Map<String, Object>> events = new ArrayList<>();
        long from = after;
        while (true) {
            List<Map<String, Object>> page = eventPage(conferenceId, from).getList("items");
            events.addAll(page);
            if (page.size() < MAX_PAGE) {
                return events;
            }
            from = seq(page.get(page.size() - 1));
        }
    }

    public static List<Map<String, Object>> events(String conferenceId) {
        return eventsAfter(conferenceId, 0);
    }

    /** The seq of the last stored event (0 when there is none). */
    public static long lastSeq(String conferenceId) {
        List<Map<String, Object>> all = events(conferenceId);
        return all.isEmpty() ? 0 : seq(all.get(all.size() - 1));
    }

    public static long seq(Map<String, Object> event) {
        return ((Number) event.get("seq")).longValue();
    }

    public static List<String> types(List<Map<String, Object>> events) {
        return events.stream().map(e -> (String) e.get("type")).toList();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    /** The events after {@code after}: their seqs must follow on from it with no gap. */
    public static List<Map<String, Object>> newEvents(String conferenceId, long after) {
        List<Map<String, Object>> events = eventsAfter(conferenceId, after);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(after + i + 1, seq(events.get(i)), "seqs with a gap: " + events);
        }
        return events;
    }

    /** The {@code data.projectedStarts} of the latest agenda event. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> latestProjectedStarts(String conferenceId) {
        List<Map<String, Object>> events = events(conferenceId);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (((String) events.get(i).get("type")).startsWith("agenda.")) {
                return (Map<String, Object>) data(events.get(i)).get("projectedStarts");
            }
        }
        throw new AssertionError("no agenda event among " + events);
    }

    // ---- refusals ----

    /**
     * The conference, its agenda and its event stream as they are now; {@link Unchanged#refused} then checks a
     * refused request and that it changed nothing and stored no event.
     */
    public static Unchanged unchanged(Api.Setup s, String... otherPaths) {
        return new Unchanged(s.conference(), s.path(), s.path() + "/agenda", otherPaths);
    }

    public static final class Unchanged {
        private final String conferenceId;
        private final List<String> paths = new ArrayList<>();
        private final Api.Snapshot snapshot;
        private final int total;
        private final long lastSeq;

        private Unchanged(String conferenceId, String conference, String agenda, String... otherPaths) {
            this.conferenceId = conferenceId;
            paths.add(conference);
            paths.add(agenda);
            paths.addAll(List.of(otherPaths));
            this.snapshot = Api.snapshot(paths.toArray(String[]::new));
            JsonPath page = eventPage(conferenceId, 0);
            this.total = page.getInt("total");
            this.lastSeq = lastSeq(page);
        }

        /** The last seq, from the first page of the stream when it holds it all. */
        private long lastSeq(JsonPath firstPage) {
            List<Map<String, Object>> items = firstPage.getList("items");
            if (items.size() < firstPage.getInt("total")) {
                return Live.lastSeq(conferenceId);
            }
            return items.isEmpty() ? 0 : seq(items.get(items.size() - 1));
        }

        /** A problem of this status and type; nothing changed. */
        public ValidatableResponse refused(ValidatableResponse response, int status, String slug) {
            Api.problem(response, status, slug);
            assertUnchanged();
            return response;
        }

        /** A 400 naming {@code field}; nothing changed. */
        public ValidatableResponse invalid(ValidatableResponse response, String field) {
            Api.invalid(response, field);
            assertUnchanged();
            return response;
        }

        public ValidatableResponse forbidden(ValidatableResponse response) {
            return refused(response, 403, "forbidden");
        }

        public ValidatableResponse unauthorized(ValidatableResponse response) {
            Api.unauthorized(response);
            assertUnchanged();
            return response;
        }

        /** The resources read as before, and the stream has the same total and last seq. */
        public void assertUnchanged() {
            snapshot.assertUnchanged();
            JsonPath page = eventPage(conferenceId, 0);
            assertEquals(total, page.getInt("total"), "an event was stored by a rejected request");
            assertEquals(lastSeq, lastSeq(page), "an event was stored by a rejected request");
        }
    }
}
