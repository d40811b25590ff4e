package bridgepoint;

import bridgepoint.support.Api;
import bridgepoint.support.Live;
import bridgepoint.support.OpenApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input against every operation of the service's own OpenAPI document that takes input, so that a new
 * endpoint is covered without editing this test. For each operation a valid request is derived from the document
 * (the request schema's example, or its types, enums and formats; ids taken from a fixture) and must be accepted;
 * then it is mutated, one field or parameter at a time, with the values of each {@link Kind}.
 *
 * <p>A hostile request must answer 4xx {@code application/problem+json} (never 5xx, never a stack trace or a class
 * name in the body) and change nothing: the fixture is read back as the organizer and compared. Some kinds can make
 * a valid request ({@link Kind#mayBeValid}: text that is only unusual — zero-width and combining characters,
 * injection strings, formulas —, an unknown extra field, which is ignored, a missing field in a merge patch, an
 * optional field set to null, a number the schema allows): such a request may succeed, and then what it stored
 * must be exactly what was sent. Reads (GET) may answer 2xx to any query.
 *
 * <p>Generated with a fixed seed ({@code -Dhostile.seed=…}); {@code -Dhostile.tries=N} draws N values of each kind
 * for each field (default 1). The values are drawn by a seeded {@link SplittableRandom}: jqwik (the library the
 * issue names) is not used — see the README's Reliability section.
 */
@QuarkusTest
class HostileInputTest {

    private static final long SEED = Long.getLong("hostile.seed", 20261128L);
    private static final int TRIES = Integer.getInteger("hostile.tries", 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a 4xx body must not show: a stack frame, an exception or framework class name. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\tat |\\.java:\\d|com\\.fasterxml|org\\.hibernate|io\\.quarkus|org\\.jboss|io\\.vertx|"
                    + "io\\.smallrye|java\\.(lang|util|time)\\.|org\\.postgresql|PSQL");

    enum Kind {
        MALFORMED_JSON(false),
        MALFORMED_CSV(false),
        TRAILING_GARBAGE(false),
        WRONG_TOP_LEVEL_TYPE(false),
        INVALID_UTF8(false),
        DEEP_NESTING(false),
        OVERSIZED_BODY(false),
        NOT_JSON_CONTENT_TYPE(false),
        WRONG_TYPE(false),
        MISSING_REQUIRED(false),
        NULL_VALUE(true),
        EXTRA_FIELD(true),
        HUGE_STRING(false),
        HUGE_ARRAY(false),
        CONTROL_CHARACTER(false),
        LONE_SURROGATE(false),
        ZERO_WIDTH(true),
        COMBINING(true),
        SQL_INJECTION(true),
        SCRIPT_INJECTION(true),
        FORMULA_INJECTION(true),
        BAD_NUMBER(false),
        BAD_UUID(false),
        BAD_DATE(false),
        BAD_TIME_ZONE(false),
        BAD_ENUM(false),
        BAD_PATH_PARAMETER(false),
        HOSTILE_QUERY(true);

        /** Whether a request of this kind can be valid (then it may succeed, and must store what it sent). */
        final boolean mayBeValid;

        Kind(boolean mayBeValid) {
            this.mayBeValid = mayBeValid;
        }
    }

    private static final List<String> HOSTILE_TEXT_VALUES = List.of(
            "'; drop table delegate; --",
            "<script>alert(1)</script>",
            "=HYPERLINK(\"http://x\")",
            "\u0000",
            "a\u0007b",
            "\u001b[31m",
            "\u200b",
            "e\u0301",
            "-1",
            "9223372036854775808",
            "1e308",
            "NaN",
            "not-a-uuid",
            "00000000-0000-0000-0000-000000000000",
            "2021-02-30T08:00:00+07:00",
            "99999-01-01T00:00:00Z",
            "Mars/Olympus_Mons",
            "../../etc/passwd",
            "%",
            "",
            "x".repeat(10_000));

    /** One hostile request. */
    private record Case(
            Kind kind,
            String where,
            String path,
            Map<String, String> query,
            String contentType,
            byte[] body,
            boolean mayBeValid,
            String sentText) {}

    /** The shared LIVE fixture every operation is sent against, and the ids a valid request needs. */
    private static final class Fixture {
        final Api.Setup setup;
        final String conference;
        final String delegate;
        final String joinCode;
        final String delegateToken;
        final String item;
        final String checkIn;
        final String job;
        final String user;
        final String username;
        final String loginUsername;
        final String remoteName;
        final String award;

        Fixture(OpenApi api) {
            // the conference of the document's own example, so that the examples' times fall within it
            JsonNode example =
                    api.resolve(schemaRef("ConferenceRequest")).path("examples").path(0);
            Api.Setup s = Api.setup();
            String title = example.get("title").asText() + " " + unique();
            Map<String, Object> body = Api.conferenceBody(
                    title,
                    example.get("startsAt").asText(),
                    example.get("endsAt").asText());
            conference = Api.createConference(body);
            Api.addSite(conference, s.host(), "HOST");
            Api.addSite(conference, s.remote(), "REMOTE");
            setup = new Api.Setup(conference, s.host(), s.remote(), s.day());
            Map<String, Object> d = Api.createDelegate(conference, s.host(), "Nguyễn Văn Hùng");
            delegate = (String) d.get("id");
            joinCode = (String) d.get("joinCode");
            delegateToken = Api.join(joinCode);
            item = Api.addItem(conference, Api.itemBody("Khai mạc"));
            Api.advance(conference, "publish", "start");
            checkIn = asOrganizer()
                    .body(Map.of("delegateId", delegate, "siteId", s.host()))
                    .post("/api/conferences/{c}/checkins", conference)
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            job = asOrganizer()
                    .contentType("text/csv")
                    .body("fullName,site\n")
                    .post("/api/conferences/{c}/delegates/import", conference)
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("jobId");
            awaitJob(job);
            username = "hostile-" + unique();
            user = Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", s.remote());
            // logins of its own: hostile passwords put this account name, not the organizer's, in back-off
            loginUsername = "hostile-login-" + unique();
            Api.createUser(loginUsername, Api.HOST_PASSWORD, "SITE_HOST", s.remote());
            remoteName = asOrganizer().get("/api/sites/" + s.remote()).path("name");
            award = asOrganizer()
                    .body(Map.of(
                            "recipientType", "COLLECTIVE",
                            "name", "Ban Dân vận Thành ủy Đà Nẵng",
                            "award", "Bằng khen của Bộ trưởng"))
                    .post("/api/conferences/{c}/awards", conference)
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }

        String host() {
            return setup.host();
        }

        String remote() {
            return setup.remote();
        }

        /** The value of a path parameter in a valid request. */
        String pathValue(OpenApi.Operation op, String name) {
            return switch (name) {
                case "id" -> conference;
                // a participation is changed at the REMOTE site: the HOST site of a LIVE conference must stay HOST
                case "siteId" ->
                    op.path().startsWith("/api/conferences/{id}/sites/{siteId}")
                                    && !op.path().endsWith("attendance")
                            ? remote()
                            : host();
                case "itemId" -> item;
                case "delegateId" -> delegate;
                case "checkInId" -> checkIn;
                case "jobId" -> job;
                case "userId" -> user;
                case "awardId" -> award;
                default ->
                    throw new AssertionError(
                            op.key() + ": no fixture value for the path parameter {" + name + "}: add it to pathValue");
            };
        }

        /** What the organizer reads of the fixture, and the sizes of the global lists. */
        Map<String, String> state() {
            Map<String, String> state = new LinkedHashMap<>();
            String c = "/api/conferences/" + conference;
            for (String read : List.of(
                    c,
                    c + "/sites",
                    c + "/delegates?size=500",
                    c + "/agenda",
                    c + "/checkins?size=500",
                    c + "/attendance",
                    c + "/sites/" + host() + "/attendance",
                    c + "/events?size=1000",
                    "/api/sites/" + host(),
                    "/api/users/" + user,
                    "/api/imports/" + job)) {
                String body = Api.withoutClock(
                        asOrganizer().get(read).then().statusCode(200).extract().asString());
                state.put(read, read.contains("/events") ? withoutRollUps(body) : body);
            }
            for (String list : List.of("/api/users", "/api/sites", "/api/conferences")) {
                state.put(list + " total", String.valueOf(Api.total(list)));
            }
            return state;
        }
    }

    /**
     * The events without the roll-ups: {@code attendance.updated} is written shortly after an accepted change commits
     * (coalesced), so it may land while the next operation's hostile requests run. It only repeats the roll-up, which
     * the fixture's state compares itself.
     */
    private static String withoutRollUps(String events) {
        StringBuilder kept = new StringBuilder();
        for (JsonNode event : Live.json(events).path("items")) {
            if (!event.path("type").asText().equals("attendance.updated")) {
                kept.append(event).append('\n');
            }
        }
        return kept.toString();
    }

    private static JsonNode schemaRef(String name) {
        return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    private static void awaitJob(String job) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !"RUNNING"
                        .equals(asOrganizer().get("/api/imports/" + job).path("status")));
    }

    private final AtomicInteger cases = new AtomicInteger();
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final Map<Kind, Integer> kinds = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesHostileInputCleanly() {
        OpenApi api = OpenApi.read();
        Fixture fixture = new Fixture(api);
        List<DynamicTest> tests = new ArrayList<>();
        List<OpenApi.Operation> operations = api.operations("/api/").stream()
                .filter(op -> op.body().isPresent() || !op.parameters().isEmpty())
                .toList();
        for (OpenApi.Operation op : operations) {
            tests.add(DynamicTest.dynamicTest(op.key(), () -> {
                long start = System.nanoTime();
                try {
                    hostile(api, fixture, op);
                } finally {
                    millis.put(op.key(), (System.nanoTime() - start) / 1_000_000);
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("summary", () -> {
            String summary = "Hostile input: " + operations.size() + " operations, " + cases.get() + " cases (seed "
                    + SEED + ", " + TRIES + " tries); by kind " + kinds + "; statuses " + statuses;
            System.out.println(summary);
            System.out.println("Hostile input, slowest operations (ms): "
                    + millis.entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                            .limit(8)
                            .toList());
            assertTrue(cases.get() > operations.size() * 10, summary);
        }));
        return tests.stream();
    }

    private void hostile(OpenApi api, Fixture fixture, OpenApi.Operation op) {
        this.api = api;
        SplittableRandom random = new SplittableRandom(SEED ^ op.key().hashCode());
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (OpenApi.Parameter p : op.parameters()) {
            if (p.in().equals("path")) {
                pathValues.put(p.name(), fixture.pathValue(op, p.name()));
            }
        }
        String validPath = expand(op.path(), pathValues);
        JsonNode valid = null;
        String caller = Api.organizer();
        OpenApi.Body body = op.body().orElse(null);
        if (body != null && body.isJson()) {
            valid = validValue(api, body.schema(), null, fixture, op);
            // the valid request must be accepted, so that each mutation is what makes a request hostile
            Response accepted = send(caller, op, validPath, Map.of(), body.mediaType(), bytes(valid));
            if (accepted.statusCode() == 403) {
                caller = fixture.delegateToken; // an operation for delegates' own tokens
                accepted = send(caller, op, validPath, Map.of(), body.mediaType(), bytes(valid));
            }
            assertTrue(
                    accepted.statusCode() < 300,
                    op.key() + ": the valid request derived from the document was refused: " + valid + " → "
                            + accepted.statusCode() + " " + accepted.asString());
        }

        List<Case> generated = new ArrayList<>();
        pathCases(op, pathValues, random, valid, body, generated);
        queryCases(op, validPath, random, generated);
        if (body != null && body.isJson()) {
            bodyCases(op, validPath, body, valid, random, generated);
        } else if (body != null) {
            csvCases(fixture, validPath, body.mediaType(), generated);
        }

        boolean reads = op.method().equals("GET");
        Map<String, String> before = reads ? null : fixture.state();
        List<Case> mayBeValid = new ArrayList<>();
        for (Case c : generated) {
            if (c.mayBeValid() || reads) {
                mayBeValid.add(c);
                continue;
            }
            Response r = run(caller, op, c);
            assertCleanRefusal(op, c, r);
        }
        if (before != null) {
            assertEquals(before, fixture.state(), op.key() + ": a refused hostile request changed the fixture");
        }
        boolean changed = false;
        for (Case c : mayBeValid) {
            Response r = run(caller, op, c);
            if (r.statusCode() < 300) {
                changed |= !reads;
                if (!reads) {
                    assertStoredAsSent(op, c, r, validPath, caller);
                    if (c.kind() == Kind.FORMULA_INJECTION && c.where().equals("csv")) {
                        assertImportKeptTheTextAndTheExportNeutralisesIt(fixture, r);
                    }
                }
            } else {
                assertCleanRefusal(op, c, r);
            }
        }
        if (before != null && !changed && !mayBeValid.isEmpty()) {
            assertEquals(before, fixture.state(), op.key() + ": a refused hostile request changed the fixture");
        }
    }

    private Response run(String caller, OpenApi.Operation op, Case c) {
        Response r = send(caller, op, c.path(), c.query(), c.contentType(), c.body());
        synchronized (this) {
            cases.incrementAndGet();
            statuses.merge(r.statusCode(), 1, Integer::sum);
            kinds.merge(c.kind(), 1, Integer::sum);
        }
        return r;
    }

    private static Response send(
            String token, OpenApi.Operation op, String path, Map<String, String> query, String type, byte[] body) {
        RequestSpecification request = RestAssured.given()
                .config(RestAssured.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false)
                .header("X-Forwarded-For", Api.newClientAddress())
                .header("Authorization", "Bearer " + token);
        StringBuilder url = new StringBuilder(path);
        String sep = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(encode(q.getValue()));
            sep = "&";
        }
        if (body != null) {
            request.contentType(type).body(body);
        }
        return request.request(op.method(), url.toString());
    }

    private static void assertCleanRefusal(OpenApi.Operation op, Case c, Response r) {
        String what = op.key() + " " + c.kind() + " at " + c.where() + " (" + preview(c) + ") → " + r.statusCode()
                + ": " + abbreviate(r.asString());
        if (refusedEntryByEntry(r)) {
            return;
        }
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, what);
        // a request line over the HTTP server's limit is refused by its decoder, before the application sees it
        if (r.statusCode() != 414) {
            assertTrue(String.valueOf(r.contentType()).startsWith("application/problem+json"), what);
        }
        assertFalse(LEAK.matcher(r.asString()).find(), "internals in the answer: " + what);
    }

    /**
     * An upload answered entry by entry (offline check-ins): a 200 whose every entry was rejected, or is a retry of
     * one already stored (same nonce), stored nothing; the read-back of the fixture shows that.
     */
    private static boolean refusedEntryByEntry(Response r) {
        if (r.statusCode() != 200 || !String.valueOf(r.contentType()).startsWith("application/json")) {
            return false;
        }
        JsonNode entries = Live.json(r.asString());
        if (!entries.isArray() || entries.isEmpty()) {
            return false;
        }
        for (JsonNode entry : entries) {
            if (!Set.of("rejected", "duplicate").contains(entry.path("result").asText())) {
                return false;
            }
        }
        return true;
    }

    /** A hostile request that succeeded stored exactly the text it sent (read back where the API shows it). */
    private static void assertStoredAsSent(OpenApi.Operation op, Case c, Response r, String validPath, String token) {
        if (c.sentText() == null) {
            return;
        }
        String what = op.key() + " " + c.kind() + " at " + c.where() + " (" + preview(c) + ")";
        String pointer = pointer(c.where());
        JsonNode answer = Live.json(r.asString());
        JsonNode echoed = answer.at(pointer);
        if (echoed.isMissingNode() && answer.isArray()) {
            echoed = answer.at(pointer.replaceFirst("^/\\d+", "/0"));
        }
        if (!echoed.isMissingNode() && !echoed.isNull()) {
            assertEquals(c.sentText(), echoed.asText(), what + ": the answer differs from what was sent");
        }
        String readBack = r.header("Location");
        if (readBack == null && (op.method().equals("PUT") || op.method().equals("PATCH"))) {
            readBack = validPath;
        }
        if (readBack != null) {
            readBack = readBack.replaceFirst("^https?://[^/]+", "");
            Response read = Api.as(token).get(readBack);
            if (read.statusCode() == 200 && read.contentType().startsWith("application/json")) {
                JsonNode stored = Live.json(read.asString()).at(pointer);
                if (!stored.isMissingNode() && !stored.isNull()) {
                    assertEquals(c.sentText(), stored.asText(), what + ": stored differently from what was sent");
                }
            }
        }
    }

    // ---- cases ----

    private void pathCases(
            OpenApi.Operation op,
            Map<String, String> pathValues,
            SplittableRandom random,
            JsonNode valid,
            OpenApi.Body body,
            List<Case> out) {
        List<String> values = List.of(
                "not-a-uuid",
                "00000000-0000-0000-0000-000000000000",
                "'; drop table delegate; --",
                "<script>alert(1)</script>",
                "\u0000",
                "\u200b" + pathValues.values().stream().findFirst().orElse(""),
                "-1",
                "1e308",
                "x".repeat(2000));
        for (String name : pathValues.keySet()) {
            for (String value : draw(values, random, 3)) {
                Map<String, String> hostile = new LinkedHashMap<>(pathValues);
                hostile.put(name, encode(value));
                out.add(new Case(
                        Kind.BAD_PATH_PARAMETER,
                        "{" + name + "}",
                        expand(op.path(), hostile),
                        Map.of(),
                        body == null ? null : body.mediaType(),
                        valid == null ? null : bytes(valid),
                        false,
                        null));
            }
        }
    }

    private void queryCases(OpenApi.Operation op, String path, SplittableRandom random, List<Case> out) {
        for (OpenApi.Parameter p : op.parameters()) {
            if (!p.in().equals("query")) {
                continue;
            }
            for (String value : draw(HOSTILE_TEXT_VALUES, random, 4)) {
                out.add(new Case(
                        Kind.HOSTILE_QUERY, "?" + p.name(), path, Map.of(p.name(), value), null, null, true, null));
            }
        }
    }

    private void bodyCases(
            OpenApi.Operation op,
            String path,
            OpenApi.Body body,
            JsonNode valid,
            SplittableRandom random,
            List<Case> out) {
        String type = body.mediaType();
        byte[] validBytes = bytes(valid);
        String text = new String(validBytes, StandardCharsets.UTF_8);
        // the body as a whole
        out.add(whole(Kind.MALFORMED_JSON, path, type, text.substring(0, Math.max(1, text.length() / 2))));
        out.add(whole(Kind.MALFORMED_JSON, path, type, "{\"a\":"));
        out.add(whole(Kind.MALFORMED_JSON, path, type, "{'single': 'quotes'}"));
        out.add(whole(Kind.TRAILING_GARBAGE, path, type, text + "}{]x"));
        out.add(whole(Kind.TRAILING_GARBAGE, path, type, text + text));
        for (String other :
                valid.isArray() ? List.of("{}", "\"text\"", "42", "true") : List.of("[]", "\"text\"", "42")) {
            out.add(whole(Kind.WRONG_TOP_LEVEL_TYPE, path, type, other));
        }
        out.add(new Case(Kind.INVALID_UTF8, "body", path, Map.of(), type, invalidUtf8(validBytes), false, null));
        out.add(whole(Kind.DEEP_NESTING, path, type, "[".repeat(10_000) + "]".repeat(10_000)));
        out.add(whole(Kind.DEEP_NESTING, path, type, "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        out.add(whole(Kind.OVERSIZED_BODY, path, type, " ".repeat(1_100_000) + text));
        out.add(new Case(Kind.NOT_JSON_CONTENT_TYPE, "body", path, Map.of(), "text/plain", validBytes, false, null));
        out.add(new Case(
                Kind.NOT_JSON_CONTENT_TYPE, "body", path, Map.of(), "application/xml", validBytes, false, null));
        // one field at a time
        boolean patch = op.method().equals("PATCH");
        for (Field field : fields(valid, body.schema(), "")) {
            for (int t = 0; t < TRIES; t++) {
                fieldCases(path, type, valid, field, patch, random, out);
            }
        }
        if (valid.isObject()) {
            ObjectNode extra = valid.deepCopy();
            extra.put("zzUnknownField", "'; drop table delegate; --");
            out.add(new Case(Kind.EXTRA_FIELD, "zzUnknownField", path, Map.of(), type, bytes(extra), true, null));
        }
    }

    private static Case whole(Kind kind, String path, String type, String body) {
        return new Case(kind, "body", path, Map.of(), type, body.getBytes(StandardCharsets.UTF_8), false, null);
    }

    /** A field of the valid body: where it is ({@code speaker.name}, {@code [0].nonce}) and its schema. */
    private record Field(String path, JsonNode schema, boolean required) {}

    private List<Field> fields(JsonNode value, JsonNode schema, String prefix) {
        List<Field> fields = new ArrayList<>();
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode fieldSchema = api.resolve(properties.get(name));
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                fields.add(new Field(
                        path, fieldSchema == null ? NODES.objectNode() : fieldSchema, required.contains(name)));
                if (fieldSchema != null
                        && (value.get(name).isObject() || value.get(name).isArray())) {
                    fields.addAll(fields(value.get(name), fieldSchema, path));
                }
            }
        } else if (value.isArray() && !value.isEmpty()) {
            JsonNode items = api.resolve(schema.path("items"));
            if (items != null && !items.isMissingNode()) {
                JsonNode first = value.get(0);
                if (first.isObject() || first.isArray()) {
                    fields.addAll(fields(first, items, prefix + "[0]"));
                } else {
                    fields.add(new Field(prefix + "[0]", items, false));
                }
            }
        }
        return fields;
    }

    private OpenApi api;

    private static final String DEEP_MARKER = "__deep_nesting__";

    private void fieldCases(
            String path,
            String type,
            JsonNode valid,
            Field field,
            boolean patch,
            SplittableRandom random,
            List<Case> out) {
        JsonNode schema = field.schema();
        String jsonType = schema.path("type").asText("object");
        String format = schema.path("format").asText("");
        boolean isEnum = schema.has("enum");
        List<JsonNode> wrongTypes = new ArrayList<>(List.of(
                NODES.numberNode(123),
                NODES.booleanNode(true),
                NODES.objectNode().put("a", 1),
                NODES.arrayNode().add(1),
                NODES.textNode("text")));
        wrongTypes.removeIf(n -> sameType(n, jsonType));
        out.add(mutated(Kind.WRONG_TYPE, path, type, valid, field, pick(wrongTypes, random), false, null));
        if (field.required()) {
            out.add(removed(path, type, valid, field, patch));
            out.add(mutated(Kind.NULL_VALUE, path, type, valid, field, NODES.nullNode(), false, null));
        } else {
            out.add(mutated(Kind.NULL_VALUE, path, type, valid, field, NODES.nullNode(), true, null));
        }
        // deeper than Jackson builds here: a marker string in the tree, replaced by the nesting in the bytes
        Case marked = mutated(Kind.DEEP_NESTING, path, type, valid, field, NODES.textNode(DEEP_MARKER), false, null);
        String deep = new String(marked.body(), StandardCharsets.UTF_8)
                .replace("\"" + DEEP_MARKER + "\"", "[".repeat(5_000) + "]".repeat(5_000));
        out.add(new Case(
                Kind.DEEP_NESTING,
                field.path(),
                path,
                Map.of(),
                type,
                deep.getBytes(StandardCharsets.UTF_8),
                false,
                null));
        switch (jsonType) {
            case "string" -> {
                String base = at(valid, field.path()).asText();
                if (format.equals("uuid")) {
                    String bad = pick(
                            List.of(
                                    "not-a-uuid",
                                    "00000000-0000-0000-0000-000000000000",
                                    base.substring(0, 35),
                                    base + "0",
                                    "'; drop table delegate; --"),
                            random);
                    out.add(mutated(Kind.BAD_UUID, path, type, valid, field, NODES.textNode(bad), false, null));
                } else if (format.equals("date-time")) {
                    String bad = pick(
                            List.of(
                                    "2021-02-30T08:00:00+07:00",
                                    "99999-01-01T08:00:00+07:00",
                                    "+99999-01-01T08:00:00Z",
                                    "2021-12-22T08:00:00",
                                    "2021-12-22T25:00:00+07:00",
                                    "2021-12-22T08:00:00+25:00",
                                    "2021-12-22T08:00:00[Mars/Olympus_Mons]",
                                    "yesterday"),
                            random);
                    out.add(mutated(Kind.BAD_DATE, path, type, valid, field, NODES.textNode(bad), false, null));
                } else if (format.equals("date")) {
                    String bad = pick(List.of("2021-02-30", "+99999-12-31", "2021-13-01", "31/12/2021"), random);
                    out.add(mutated(Kind.BAD_DATE, path, type, valid, field, NODES.textNode(bad), false, null));
                } else if (isEnum) {
                    String bad = pick(List.of("NOT_A_VALUE", "", "HOST'; --", "\u0000"), random);
                    out.add(mutated(Kind.BAD_ENUM, path, type, valid, field, NODES.textNode(bad), false, null));
                } else if (field.path().endsWith("timeZone")) {
                    String bad = pick(
                            List.of("Mars/Olympus_Mons", "UTC+25:00", "../../etc/localtime", "Asia/Ho_Chi_Minh\u200b"),
                            random);
                    out.add(mutated(Kind.BAD_TIME_ZONE, path, type, valid, field, NODES.textNode(bad), false, null));
                }
                // within the body limit, so that the field's own rule refuses it (bodies over the limit are
                // OVERSIZED_BODY)
                int huge = pick(List.of(10_000, 100_000, 500_000), random);
                out.add(mutated(
                        Kind.HUGE_STRING, path, type, valid, field, NODES.textNode("x".repeat(huge)), false, null));
                String control = pick(List.of("\u0000", "\u0007", "\u001b"), random);
                out.add(text(Kind.CONTROL_CHARACTER, path, type, valid, field, insert(base, control, random), false));
                out.add(mutated(
                        Kind.LONE_SURROGATE,
                        path,
                        type,
                        valid,
                        field,
                        NODES.textNode(insert(base, pick(List.of("\ud800", "\udfff"), random), random)),
                        false,
                        null));
                out.add(text(Kind.ZERO_WIDTH, path, type, valid, field, insert(base, "\u200b", random), true));
                out.add(text(Kind.COMBINING, path, type, valid, field, insert(base, "e\u0301\u0323", random), true));
                out.add(text(Kind.SQL_INJECTION, path, type, valid, field, base + "'; drop table delegate; --", true));
                out.add(text(
                        Kind.SCRIPT_INJECTION, path, type, valid, field, "<script>alert(1)</script>" + base, true));
                out.add(text(Kind.FORMULA_INJECTION, path, type, valid, field, "=HYPERLINK(\"http://x\")", true));
            }
            case "integer", "number" -> {
                JsonNode bad = pick(
                        List.of(
                                NODES.numberNode(-1),
                                NODES.numberNode(BigInteger.TWO.pow(63)),
                                NODES.numberNode(1e308),
                                NODES.numberNode(1.5),
                                NODES.numberNode(-2_147_483_649L),
                                NODES.textNode("12")),
                        random);
                boolean allowed = bad.isIntegralNumber()
                        && bad.canConvertToLong()
                        && bad.asLong() >= schema.path("minimum").asLong(Long.MIN_VALUE)
                        && bad.asLong() <= schema.path("maximum").asLong(Long.MAX_VALUE)
                        && bad.canConvertToInt();
                out.add(mutated(Kind.BAD_NUMBER, path, type, valid, field, bad, allowed, null));
            }
            case "array" -> {
                ArrayNode big = NODES.arrayNode();
                JsonNode element = at(valid, field.path()).path(0);
                for (int i = 0; i < 10_000; i++) {
                    big.add(element.isMissingNode() ? NODES.numberNode(i) : element.deepCopy());
                }
                out.add(mutated(Kind.HUGE_ARRAY, path, type, valid, field, big, false, null));
            }
            default -> {}
        }
    }

    private static boolean sameType(JsonNode n, String jsonType) {
        return switch (jsonType) {
            case "string" -> n.isTextual();
            case "integer", "number" -> n.isNumber();
            case "boolean" -> n.isBoolean();
            case "array" -> n.isArray();
            default -> n.isObject();
        };
    }

    private Case text(Kind kind, String path, String type, JsonNode valid, Field field, String value, boolean maybe) {
        return mutated(kind, path, type, valid, field, NODES.textNode(value), maybe, value);
    }

    private Case mutated(
            Kind kind,
            String path,
            String type,
            JsonNode valid,
            Field field,
            JsonNode value,
            boolean mayBeValid,
            String sentText) {
        JsonNode copy = valid.deepCopy();
        JsonNode root = copy;
        if (field.path().isEmpty()) {
            root = value;
        } else {
            set(copy, field.path(), value);
        }
        return new Case(kind, field.path(), path, Map.of(), type, bytes(root), mayBeValid, sentText);
    }

    private Case removed(String path, String type, JsonNode valid, Field field, boolean patch) {
        JsonNode copy = valid.deepCopy();
        String parent = field.path().contains(".")
                ? field.path().substring(0, field.path().lastIndexOf('.'))
                : "";
        String name = field.path().substring(field.path().lastIndexOf('.') + 1);
        JsonNode container = parent.isEmpty() ? copy : at(copy, parent);
        if (name.contains("[")) {
            container = at(copy, name.substring(0, name.indexOf('[')));
            name = null;
        }
        if (container instanceof ObjectNode object && name != null) {
            object.remove(name);
        } else if (container instanceof ArrayNode array) {
            array.remove(0);
        }
        // a merge patch leaves out what it does not change
        return new Case(Kind.MISSING_REQUIRED, field.path(), path, Map.of(), type, bytes(copy), patch, null);
    }

    private void csvCases(Fixture fixture, String path, String type, List<Case> out) {
        String header = "fullName,title,organization,email,phone,site\n";
        String site = fixture.remoteName;
        List<String> refused = List.of(
                "",
                "\u0000\u0001\u0002binary",
                "name;other\nx;y\n",
                "fullName,title\nTrần Văn A,Phó\n",
                "\"unterminated,quote\n");
        for (String csv : refused) {
            out.add(new Case(
                    Kind.MALFORMED_CSV,
                    "csv",
                    path,
                    Map.of(),
                    type,
                    csv.getBytes(StandardCharsets.UTF_8),
                    false,
                    null));
        }
        out.add(new Case(
                Kind.INVALID_UTF8,
                "csv",
                path,
                Map.of(),
                type,
                invalidUtf8((header + "Trần Văn A,,,,," + site + "\n").getBytes(StandardCharsets.UTF_8)),
                false,
                null));
        out.add(new Case(
                Kind.CONTROL_CHARACTER,
                "csv",
                path,
                Map.of(),
                type,
                (header + "Trần\u0000Văn A,,,,," + site + "\n").getBytes(StandardCharsets.UTF_8),
                false,
                null));
        out.add(new Case(
                Kind.OVERSIZED_BODY,
                "csv",
                path,
                Map.of(),
                type,
                (header + ("x,,,,," + site + "\n").repeat(21_000_000 / (8 + site.length())))
                        .getBytes(StandardCharsets.UTF_8),
                false,
                null));
        // rows that may be imported: their text is kept as sent (exports neutralise formulas)
        String rows = header
                + "\"=HYPERLINK(\"\"http://x\"\")\",+1+1,@SUM(A1),,,"
                + site + "\n" + "'; drop table delegate; --,<script>alert(1)</script>,-2+3,,,"
                + site + "\n" + "Trần\u200bVăn e\u0301,,,,," + site + "\n" + "Bad\u0007Row,,,,," + site + "\n"
                + "x".repeat(10_000) + ",,,,," + site + "\n";
        out.add(new Case(
                Kind.FORMULA_INJECTION,
                "csv",
                path,
                Map.of(),
                type,
                rows.getBytes(StandardCharsets.UTF_8),
                true,
                null));
    }

    /** The rows {@link #csvCases} sends that may be imported: their names, exactly as sent. */
    private static final List<String> IMPORTABLE_NAMES =
            List.of("=HYPERLINK(\"http://x\")", "'; drop table delegate; --", "Trần\u200bVăn e\u0301");

    /**
     * The import of unusual but valid rows: those rows are stored exactly as sent, the bad ones (a control
     * character, a name too long) are reported by row and not stored; the attendance export neutralises formulas.
     */
    private static void assertImportKeptTheTextAndTheExportNeutralisesIt(Fixture fixture, Response accepted) {
        assertEquals(202, accepted.statusCode(), accepted.asString());
        String job = Live.json(accepted.asString()).get("jobId").asText();
        awaitJob(job);
        JsonPath result = asOrganizer()
                .get("/api/imports/" + job)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("DONE", result.getString("status"), result.prettify());
        assertEquals(3, result.getInt("created"), result.prettify());
        assertEquals(List.of(5, 6), result.getList("errors.row", Integer.class), result.prettify());
        List<String> names = asOrganizer()
                .queryParam("size", 500)
                .get("/api/conferences/" + fixture.conference + "/delegates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.fullName", String.class);
        for (String name : IMPORTABLE_NAMES) {
            assertTrue(names.contains(name), "not stored exactly as sent: " + name + " among " + names);
        }
        String csv = asOrganizer()
                .get("/api/conferences/" + fixture.conference + "/attendance.csv")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "a formula is exported as is:\n" + csv);
        assertTrue(csv.contains("'+1+1") && csv.contains("'@SUM(A1)") && csv.contains("'-2+3"), csv);
        assertFalse(csv.contains(",=HYPERLINK") || csv.contains(",+1+1"), csv);
    }

    // ---- the valid request ----

    /** A valid value of this schema: its example if it has one, else one built from its type; ids from the fixture. */
    private JsonNode validValue(OpenApi api, JsonNode rawSchema, String name, Fixture fixture, OpenApi.Operation op) {
        this.api = api;
        String schemaName = rawSchema != null && rawSchema.has("$ref")
                ? rawSchema.get("$ref").asText().replaceFirst(".*/", "")
                : "";
        JsonNode schema = api.resolve(rawSchema);
        JsonNode example = schema.path("examples").path(0);
        String type = schema.path("type").asText("object");
        JsonNode value;
        if (type.equals("object")) {
            ObjectNode object = NODES.objectNode();
            JsonNode properties = schema.path("properties");
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                String property = names.next();
                boolean wanted = required.contains(property) || example.has(property) || example.isMissingNode();
                if (wanted) {
                    JsonNode propertySchema = properties.get(property);
                    JsonNode v = example.has(property)
                            ? adapt(api, propertySchema, property, example.get(property), fixture, op)
                            : validValue(api, propertySchema, property, fixture, op);
                    object.set(property, v);
                }
            }
            value = object;
        } else if (type.equals("array")) {
            ArrayNode array = NODES.arrayNode();
            if ("itemIds".equals(name)) {
                asOrganizer()
                        .get("/api/conferences/" + fixture.conference + "/agenda")
                        .jsonPath()
                        .getList("items.id", String.class)
                        .forEach(array::add);
            } else {
                array.add(validValue(api, schema.get("items"), name, fixture, op));
            }
            value = array;
        } else {
            value = example.isMissingNode() ? scalar(schema, name, fixture) : example;
        }
        return uniqueWhereNeeded(schemaName, name, value, fixture);
    }

    /** An example's value made to fit the fixture: ids of its resources, unique names. */
    private JsonNode adapt(
            OpenApi api, JsonNode rawSchema, String name, JsonNode example, Fixture fixture, OpenApi.Operation op) {
        JsonNode schema = api.resolve(rawSchema);
        if ("uuid".equals(schema.path("format").asText())
                || schema.path("items").path("format").asText().equals("uuid")
                || "siteIds".equals(name)) {
            return validValue(api, rawSchema, name, fixture, op);
        }
        if (example.isObject() && schema.has("properties")) {
            ObjectNode copy = example.deepCopy();
            for (Iterator<String> names = example.fieldNames(); names.hasNext(); ) {
                String property = names.next();
                JsonNode propertySchema = schema.get("properties").get(property);
                if (propertySchema != null) {
                    copy.set(property, adapt(api, propertySchema, property, example.get(property), fixture, op));
                }
            }
            return copy;
        }
        if (name != null && name.equals("code") && op.path().equals("/api/join")) {
            return NODES.textNode(fixture.joinCode);
        }
        if (name != null && op.path().equals("/api/auth/token")) {
            switch (name) {
                case "username" -> {
                    return NODES.textNode(fixture.loginUsername);
                }
                case "password" -> {
                    return NODES.textNode(Api.HOST_PASSWORD);
                }
                default -> {}
            }
        }
        if (name != null && op.path().equals("/api/auth/password")) {
            // the fixture's account, with a code of its own (the valid request uses it up; what follows is refused)
            switch (name) {
                case "username" -> {
                    return NODES.textNode(fixture.username);
                }
                case "resetCode" -> {
                    return NODES.textNode(Api.resetCode(fixture.user));
                }
                default -> {}
            }
        }
        String ref = rawSchema.has("$ref") ? rawSchema.get("$ref").asText() : "";
        return uniqueWhereNeeded(ref, name, example, fixture);
    }

    /** Names that must be unique get a suffix: a user's name, a site's name, a delegate's email, a nonce. */
    private static JsonNode uniqueWhereNeeded(String schemaName, String name, JsonNode value, Fixture fixture) {
        if (name == null || !value.isTextual()) {
            return value;
        }
        String u = unique();
        return switch (name) {
            case "username" -> value.asText().equals("admin") ? value : NODES.textNode(value.asText() + "-" + u);
            case "email" -> NODES.textNode(u + "." + value.asText());
            case "nonce" -> NODES.textNode(value.asText() + "-" + u);
            case "name" -> value.asText().startsWith("Điểm cầu") ? NODES.textNode(value.asText() + " " + u) : value;
            default -> value;
        };
    }

    /** A valid scalar of a schema without an example. */
    private static JsonNode scalar(JsonNode schema, String name, Fixture fixture) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String format = schema.path("format").asText("");
        return switch (schema.path("type").asText("string")) {
            case "integer", "number" ->
                NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "boolean" -> NODES.booleanNode(true);
            default ->
                switch (format) {
                    case "uuid" ->
                        NODES.textNode(name != null && name.startsWith("delegate") ? fixture.delegate : fixture.host());
                    case "date-time" -> NODES.textNode("2021-12-22T08:40:00+07:00");
                    case "date" -> NODES.textNode("2021-12-01");
                    default -> NODES.textNode("timeZone".equals(name) ? Api.ZONE : "Hội nghị " + unique());
                };
        };
    }

    // ---- JSON paths ----

    private static JsonNode at(JsonNode root, String path) {
        return root.at(pointer(path));
    }

    /** {@code documents[0].code} → {@code /documents/0/code}; {@code [0].nonce} → {@code /0/nonce}. */
    private static String pointer(String path) {
        if (path.isEmpty() || path.equals("body")) {
            return "";
        }
        String p = path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        return p.startsWith("/") ? p : "/" + p;
    }

    private static void set(JsonNode root, String path, JsonNode value) {
        String pointer = pointer(path);
        int last = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, last));
        String key = pointer.substring(last + 1);
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(key), value);
        }
    }

    // ---- bytes and text ----

    private static byte[] bytes(JsonNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body with bytes that are not UTF-8 put inside its first string (a lone continuation byte, 0xFF). */
    private static byte[] invalidUtf8(byte[] valid) {
        int at = 0;
        for (int i = 0; i < valid.length; i++) {
            if (valid[i] == '"') {
                at = i + 1;
                break;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.writeBytes(new byte[] {(byte) 0x80, (byte) 0xFF, (byte) 0xC3, (byte) 0x28});
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
    }

    private static String insert(String base, String inserted, SplittableRandom random) {
        int at = base.isEmpty() ? 0 : random.nextInt(base.length() + 1);
        // not inside a surrogate pair
        if (at > 0 && at < base.length() && Character.isLowSurrogate(base.charAt(at))) {
            at--;
        }
        return base.substring(0, at) + inserted + base.substring(at);
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<String> draw(List<String> values, SplittableRandom random, int n) {
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < n * TRIES; i++) {
            drawn.add(pick(values, random));
        }
        return drawn;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private static String expand(String template, Map<String, String> values) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        return m.appendTail(sb).toString();
    }

    private static String preview(Case c) {
        if (c.body() == null) {
            return c.path() + c.query();
        }
        return abbreviate(new String(c.body(), StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        String escaped = s.codePoints()
                .mapToObj(
                        cp -> cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x200b || Character.isSurrogate((char) cp)
                                ? String.format("\\u%04x", cp)
                                : new String(Character.toChars(cp)))
                .reduce(new StringBuilder(), StringBuilder::append, StringBuilder::append)
                .toString();
        return escaped.length() > 300 ? escaped.substring(0, 300) + "…(" + s.length() + " chars)" : escaped;
    }
}
