package bridgepoint.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers that talk to the service over HTTP only, as a client would. */
public final class Api {

    /** The password {@link #siteHost} gives its accounts. */
    public static final String HOST_PASSWORD = "host-password-1";

    public static final String ZONE = "Asia/Ho_Chi_Minh";
    public static final String PROBLEM_TYPE = "urn:bridgepoint:problem:";

    private static volatile String organizerToken;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private Api() {}

    /** A request from an unseen client address (the login throttle counts per client). */
    public static RequestSpecification anonymous() {
        return from(newClientAddress());
    }

    /** A client address no other request of this test run has used. */
    public static String newClientAddress() {
        int n = CLIENTS.incrementAndGet();
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    /** A request from this client address (the test profile trusts {@code X-Forwarded-For}). */
    public static RequestSpecification from(String clientAddress) {
        return RestAssured.given().contentType(ContentType.JSON).header("X-Forwarded-For", clientAddress);
    }

    public static RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification asOrganizer() {
        return as(organizer());
    }

    public static String organizer() {
        if (organizerToken == null) {
            organizerToken = login("admin", "admin");
        }
        return organizerToken;
    }

    public static String login(String username, String password) {
        return login(newClientAddress(), username, password)
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    /** {@code POST /api/auth/token} from this client address; the answer, to be checked. */
    public static ValidatableResponse login(String clientAddress, String username, String password) {
        return from(clientAddress)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/token")
                .then();
    }

    /** A new site host account for these sites, logged in. */
    public static String siteHost(String... siteIds) {
        String username = "host-" + unique();
        createUser(username, HOST_PASSWORD, "SITE_HOST", siteIds);
        return login(username, HOST_PASSWORD);
    }

    /** Creates an account as the organizer; its id. */
    public static String createUser(String username, String password, String role, String... siteIds) {
        return asOrganizer()
                .body(Map.of("username", username, "password", password, "role", role, "siteIds", List.of(siteIds)))
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Changes an account with a merge patch as the organizer (no {@code If-Match}); the answer, to be checked. */
    public static ValidatableResponse patchUser(String userId, Map<String, ?> patch) {
        return asOrganizer().body(patch).patch("/api/users/{id}", userId).then();
    }

    /** A new password reset code for the account, as the organizer gives it. */
    public static String resetCode(String userId) {
        return asOrganizer()
                .post("/api/users/{id}/password-reset", userId)
                .then()
                .statusCode(200)
                .extract()
                .path("resetCode");
    }

    /** {@code POST /api/auth/password} with a reset code, from a new client; the answer, to be checked. */
    public static ValidatableResponse setPasswordWithCode(String username, String resetCode, String newPassword) {
        return setPasswordWithCode(newClientAddress(), username, resetCode, newPassword);
    }

    /** {@code POST /api/auth/password} with a reset code, from this client address; the answer, to be checked. */
    public static ValidatableResponse setPasswordWithCode(
            String clientAddress, String username, String resetCode, String newPassword) {
        return from(clientAddress)
                .body(Map.of("username", username, "resetCode", resetCode, "newPassword", newPassword))
                .post("/api/auth/password")
                .then();
    }

    /** The {@code total} of a list, as the organizer sees it. */
    public static int total(String listPath) {
        return asOrganizer()
                .queryParam("size", 1)
                .get(listPath)
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }

    /** Joins with a delegate's code; the delegate's token. */
    public static String join(String code) {
        return anonymous()
                .body(Map.of("code", code))
                .post("/api/join")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- times ----

    /** A day of its own for a test's conferences: a random day between 2040 and 2176. */
    public static LocalDate freshDay() {
        return LocalDate.of(2040, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(50_000));
    }

    /** {@code day} at {@code hhmm} in Hà Nội's time zone (+07:00), as the API shows it. */
    public static String at(LocalDate day, String hhmm) {
        return day + "T" + hhmm + ":00+07:00";
    }

    // ---- sites ----

    /** A valid site body (mutable, so that tests can change or drop fields). */
    public static Map<String, Object> siteBody(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("city", "Hà Nội");
        body.put("address", "1 Tràng Tiền, Hoàn Kiếm");
        body.put("timeZone", ZONE);
        body.put("capacity", 200);
        return body;
    }

    public static String createSite(Map<String, ?> body) {
        return asOrganizer()
                .body(body)
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static String createSite(String name, String city) {
        return asOrganizer()
                .body(Map.of("name", name, "city", city, "timeZone", ZONE, "capacity", 200))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A new site with a unique name. */
    public static String createSite() {
        return createSite("Điểm cầu " + unique(), "Hà Nội");
    }

    // ---- conferences ----

    /** A valid conference body (mutable). */
    public static Map<String, Object> conferenceBody(String title, String startsAt, String endsAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("startsAt", startsAt);
        body.put("endsAt", endsAt);
        body.put("timeZone", ZONE);
        body.put("chair", Map.of("name", "Chủ tọa", "title", "Chủ trì"));
        return body;
    }

    public static String createConference(Map<String, ?> body) {
        return asOrganizer()
                .body(body)
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A DRAFT conference on a date of its own (so that sites never clash across tests). */
    public static String createConference(String title, String startsAt, String endsAt) {
        return createConference(conferenceBody(title, startsAt, endsAt));
    }

    /** A DRAFT conference from {@code from} to {@code to} (hh:mm) on {@code day}. */
    public static String createConference(LocalDate day, String from, String to) {
        return createConference("Hội nghị " + unique(), at(day, from), at(day, to));
    }

    /** A DRAFT conference from {@code from} to {@code to} on {@code day} in which {@code siteId} takes part as {@code role}. */
    public static String createConference(LocalDate day, String from, String to, String siteId, String role) {
        String conference = createConference(day, from, to);
        addSite(conference, siteId, role);
        return conference;
    }

    public static void addSite(String conferenceId, String siteId, String role) {
        asOrganizer()
                .body(Map.of("role", role))
                .put("/api/conferences/" + conferenceId + "/sites/" + siteId)
                .then()
                .statusCode(201);
    }

    /** {@code POST /api/conferences/{id}/{action}} (publish, start, end, cancel). */
    public static ValidatableResponse transition(String conferenceId, String action) {
        return asOrganizer()
                .post("/api/conferences/{c}/" + action, conferenceId)
                .then();
    }

    /** Takes the conference through these transitions, each of which must succeed. */
    public static void advance(String conferenceId, String... actions) {
        for (String action : actions) {
            transition(conferenceId, action).statusCode(200);
        }
    }

    public static Map<String, Object> createDelegate(String conferenceId, String siteId, String fullName) {
        return asOrganizer()
                .body(Map.of("fullName", fullName, "siteId", siteId))
                .post("/api/conferences/" + conferenceId + "/delegates")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** A conference with a HOST site and a REMOTE site, each new: {conference, host, remote}. */
    public static Setup setup() {
        return setup(freshDay());
    }

    /** As {@link #setup()}, 08:00–11:30 on {@code day}. */
    public static Setup setup(LocalDate day) {
        String host = createSite("Hội trường " + unique(), "Hà Nội");
        String remote = createSite("Điểm cầu " + unique(), "Đà Nẵng");
        String conference = createConference(day, "08:00", "11:30");
        addSite(conference, host, "HOST");
        addSite(conference, remote, "REMOTE");
        return new Setup(conference, host, remote, day);
    }

    /**
     * As {@link #setup()}, but from an hour ago to three hours from now: offline check-ins are taken only at times
     * within their conference, so tests that upload check-ins made "minutes ago" need a conference around now.
     */
    public static Setup setupNow() {
        OffsetDateTime now = OffsetDateTime.now(ZoneId.of(ZONE)).truncatedTo(ChronoUnit.MINUTES);
        String host = createSite("Hội trường " + unique(), "Hà Nội");
        String remote = createSite("Điểm cầu " + unique(), "Đà Nẵng");
        String conference = createConference(
                "Hội nghị " + unique(),
                now.minusHours(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                now.plusHours(3).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        addSite(conference, host, "HOST");
        addSite(conference, remote, "REMOTE");
        return new Setup(conference, host, remote, now.toLocalDate());
    }

    public record Setup(String conference, String host, String remote, LocalDate day) {
        public String path() {
            return "/api/conferences/" + conference;
        }

        public String at(String hhmm) {
            return Api.at(day, hhmm);
        }
    }

    // ---- agenda ----

    /** A valid agenda item body (mutable). */
    public static Map<String, Object> itemBody(String title, String siteId, String plannedStart, int minutes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "PRESENTATION");
        body.put("title", title);
        body.put("speaker", Map.of("name", "Nguyễn Văn A", "title", "Báo cáo viên"));
        body.put("siteId", siteId);
        body.put("plannedStart", plannedStart);
        body.put("plannedMinutes", minutes);
        return body;
    }

    /** The smallest valid agenda item body: 15 minutes, no planned start, site or speaker. */
    public static Map<String, Object> itemBody(String title) {
        return Map.of("kind", "OTHER", "title", title, "plannedMinutes", 15);
    }

    /** Adds an agenda item (at the end, unless the body gives a position) as the organizer; its id. */
    public static String addItem(String conferenceId, Map<String, ?> body) {
        return asOrganizer()
                .body(body)
                .post("/api/conferences/{c}/agenda", conferenceId)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    // ---- problems ----

    public static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    /** A 401 problem that asks for a bearer token. */
    public static ValidatableResponse unauthorized(ValidatableResponse response) {
        return problem(response, 401).header("WWW-Authenticate", equalTo("Bearer"));
    }

    /** A problem of this status whose type is {@code urn:bridgepoint:problem:<slug>}. */
    public static ValidatableResponse problem(ValidatableResponse response, int status, String slug) {
        return problem(response, status).body("type", equalTo(PROBLEM_TYPE + slug));
    }

    /** A 400 validation problem that names {@code field} among its errors. */
    public static ValidatableResponse invalid(ValidatableResponse response, String field) {
        return problem(response, 400, "validation").body("errors.field", hasItem(field));
    }

    // ---- reading back ----

    /** The ETag of the resource at {@code path}. */
    public static String etag(String path) {
        return asOrganizer().get(path).then().statusCode(200).extract().header("ETag");
    }

    /**
     * A body read back without what moves with the clock alone (the projected start of items while nothing runs), so
     * that two reads of an unchanged resource compare equal.
     */
    public static String withoutClock(String json) {
        return json.replaceAll("\"projectedStart\":\"[^\"]*\"", "\"projectedStart\":\"…\"");
    }

    /** The state of some resources (status, ETag and body of a GET of each), to show that a request changed nothing. */
    public static Snapshot snapshot(String... paths) {
        Map<String, Read> reads = new LinkedHashMap<>();
        for (String path : paths) {
            reads.put(path, Read.of(path));
        }
        return new Snapshot(reads);
    }

    public static final class Snapshot {
        private final Map<String, Read> before;

        private Snapshot(Map<String, Read> before) {
            this.before = before;
        }

        /** Reads every resource again: each must answer exactly as before. */
        public void assertUnchanged() {
            before.forEach((path, read) -> assertEquals(read, Read.of(path), "changed by a rejected request: " + path));
        }
    }

    private record Read(int status, String etag, Object body) {
        static Read of(String path) {
            Response r = asOrganizer().get(path);
            assertTrue(r.statusCode() < 500, "reading " + path + " failed: " + r.asString());
            return new Read(r.statusCode(), r.header("ETag"), r.jsonPath().get(""));
        }
    }

    /** {@code n} things made by {@code create}, e.g. ids of new sites. */
    public static List<String> many(int n, IntFunction<String> create) {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(create.apply(i));
        }
        return made;
    }

    // ---- concurrency ----

    /** Sends {@code n} requests at once (released together) and returns their responses in index order. */
    public static List<Response> parallel(int n, IntFunction<Response> request) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(index);
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } catch (Exception e) {
            throw new IllegalStateException("parallel requests failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
