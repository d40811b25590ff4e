package bridgepoint.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Helpers for the live run-of-show over HTTP, as a client would use it: agenda commands and announcements, the
 * state ({@code GET …/live}), the stored event stream ({@code GET …/events}) and "a refusal changed nothing".
 */
public final class Live {

    /** The largest page of {@code GET …/events}. */
    public static final int MAX_PAGE = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Live() {}

    /** {@code hhmm} on the setup's day in Hà Nội (+07:00), as an instant for the {@link TestClock}. */
    public static Instant instant(Api.Setup s, String hhmm) {
        return OffsetDateTime.parse(s.at(hhmm)).toInstant();
    }

    /** A new conference (HOST and REMOTE site) that is published and started. */
    public static Api.Setup liveConference() {
        Api.Setup s = Api.setup();
        Api.advance(s.conference(), "publish", "start");
        return s;
    }

    // ---- commands ----

    /** An announcement to every site ({@code siteId} null) or one, which must succeed; the event it made. */
    public static JsonNode announce(String conferenceId, String text, String siteId) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        if (siteId != null) {
            body.put("siteId", siteId);
        }
        Response r = asOrganizer().body(body).post("/api/conferences/{c}/announcements", conferenceId);
        assertEquals(200, r.statusCode(), r.asString());
        return json(r);
    }

    /** An announcement to every site; the seq of its event. */
    public static long announce(String conferenceId, String text) {
        return announce(conferenceId, text, null).get("seq").asLong();
    }

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
        return asOrganizer()
                .get(s.path() + "/agenda")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The ids of the agenda's LIVE items. */
    public static List<String> liveItems(Api.Setup s) {
        return agenda(s).getList("items.findAll { it.status == 'LIVE' }.id");
    }

    // ---- the state ----

    /** {@code GET …/live} with this token. */
    public static JsonNode state(String conferenceId, String token) {
        Response r = Api.as(token).get("/api/conferences/{c}/live", conferenceId);
        assertEquals(200, r.statusCode(), r.asString());
        return json(r);
    }

    /** Where a conference's stream is: its last seq and its epoch. */
    public record Position(long seq, String epoch) {}

    /** The stream's position, as {@code GET …/live} tells it. */
    public static Position position(String conferenceId) {
        JsonNode state = state(conferenceId, Api.organizer());
        return new Position(state.get("seq").asLong(), state.get("epoch").asText());
    }

    /** The seq of the stream's last event (0 when there is none), as {@code GET …/live} tells it. */
    public static long lastSeq(String conferenceId) {
        return position(conferenceId).seq();
    }

    // ---- the stored event stream ----

    /** One page of {@code GET …/events?after=&size=1000} as the organizer. */
    private static JsonPath eventPage(String conferenceId, long after) {
        return asOrganizer()
                .queryParam("after", after)
                .queryParam("size", MAX_PAGE)
                .get("/api/conferences/{c}/events", conferenceId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * Every stored event after {@code after}, in seq order, read page by page as the organizer; as JSON trees, the
     * form in which WebSocket clients receive them ({@link LiveClient}), so that the two compare.
     */
    public static List<JsonNode> storedEvents(String conferenceId, long after) {
        List<JsonNode> all = new ArrayList<>();
        long from = after;
        while (true) {
            Response r = asOrganizer()
                    .queryParam("after", from)
                    .queryParam("size", MAX_PAGE)
                    .get("/api/conferences/{c}/events", conferenceId);
            assertEquals(200, r.statusCode(), r.asString());
            JsonNode items = json(r).get("items");
            items.forEach(all::add);
            if (items.size() < MAX_PAGE) {
                return all;
            }
            from = items.get(items.size() - 1).get("seq").asLong();
        }
    }

    /**
     * The stored events after {@code after}, whose seqs must follow on from it with no gap; as maps, for checks of
     * their fields ({@link #types}, {@link #data}).
     */
    public static List<Map<String, Object>> newEvents(String conferenceId, long after) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (JsonNode event : storedEvents(conferenceId, after)) {
            events.add(JSON.convertValue(event, new TypeReference<Map<String, Object>>() {}));
        }
        for (int i = 0; i < events.size(); i++) {
            assertEquals(after + i + 1, seq(events.get(i)), "seqs with a gap: " + events);
        }
        return events;
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

    /** The {@code data.projectedStarts} of the latest agenda event. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> latestProjectedStarts(String conferenceId) {
        List<Map<String, Object>> events = newEvents(conferenceId, 0);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (((String) events.get(i).get("type")).startsWith("agenda.")) {
                return (Map<String, Object>) data(events.get(i)).get("projectedStarts");
            }
        }
        throw new AssertionError("no agenda event among " + events);
    }

    // ---- seqs ----

    /** The seqs of these messages, in order. */
    public static List<Long> seqs(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("seq").asLong()).toList();
    }

    /** The messages are exactly the events {@code first..last}, in order, each once. */
    public static void assertSeqs(List<JsonNode> messages, long first, long last) {
        List<Long> seqs = seqs(messages);
        List<Long> expected = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            expected.add(seq);
        }
        if (!seqs.equals(expected)) {
            fail("expected the events " + first + ".." + last + " in order, each once; got " + describe(seqs));
        }
    }

    /** A short account of a list of seqs: runs of consecutive seqs, so that gaps and repeats show. */
    public static String describe(List<Long> seqs) {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        while (i < seqs.size()) {
            int j = i;
            while (j + 1 < seqs.size() && seqs.get(j + 1) == seqs.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() > 1 ? ", " : "").append(seqs.get(i));
            if (j > i) {
                sb.append("..").append(seqs.get(j));
            }
            i = j + 1;
        }
        return sb.append("] (").append(seqs.size()).append(" events)").toString();
    }

    public static JsonNode json(Response r) {
        return json(r.asString());
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                List<JsonNode> all = storedEvents(conferenceId, 0);
                return all.get(all.size() - 1).get("seq").asLong();
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
