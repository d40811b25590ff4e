package bridgepoint.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Helpers for the live run-of-show and its event stream, over HTTP as a client would. */
public final class LiveStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveStreams() {
    }

    /** A new conference (HOST and REMOTE site) that is published and started. */
    public static Api.Setup liveConference() {
        Api.Setup s = Api.setup();
        Api.advance(s.conference(), "publish", "start");
        return s;
    }

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

    public static long announce(String conferenceId, String text) {
        return announce(conferenceId, text, null).get("seq").asLong();
    }

    /** Every stored event after {@code after}, read page by page from GET .../events as the organizer. */
    public static List<JsonNode> events(String conferenceId, long after) {
        List<JsonNode> all = new ArrayList<>();
        long from = after;
        while (true) {
            Response r = asOrganizer().queryParam("after", from).queryParam("size", 1000)
                    .get("/api/conferences/{c}/events", conferenceId);
            assertEquals(200, r.statusCode(), r.asString());
            JsonNode items = json(r).get("items");
            items.forEach(all::add);
            if (items.size() < 1000) {
                return all;
            }
            from = items.get(items.size() - 1).get("seq").asLong();
        }
    }

    /** GET .../live with this token. */
    public static JsonNode state(String conferenceId, String token) {
        Response r = Api.as(token).get("/api/conferences/{c}/live", conferenceId);
        assertEquals(200, r.statusCode(), r.asString());
        return json(r);
    }

    /** Where a conference's stream is: its last seq and its epoch. */
    public record Position(long seq, String epoch) {
    }

    /** The stream's position, as GET .../live tells it. */
    public static Position position(String conferenceId) {
        JsonNode state = state(conferenceId, Api.organizer());
        return new Position(state.get("seq").asLong(), state.get("epoch").asText());
    }

    /** The stream's last seq, as GET .../live tells it. */
    public static long lastSeq(String conferenceId) {
        return state(conferenceId, Api.organizer()).get("seq").asLong();
    }

    /** The seqs of these messages, in order. */
    public static List<Long> seqs(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("seq").asLong()).toList();
    }

    /** The seqs {@code first..last}. */
    public static List<Long> range(long first, long last) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    /** The messages are exactly the events {@code first..last}, in order, each once. */
    public static void assertSeqs(List<JsonNode> messages, long first, long last) {
        List<Long> seqs = seqs(messages);
        if (!seqs.equals(range(first, last))) {
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
}
