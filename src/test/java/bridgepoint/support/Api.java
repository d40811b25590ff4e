package bridgepoint.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.Matchers.equalTo;

/** Test helpers that talk to the service over HTTP only, as a client would. */
public final class Api {

    /** The password {@link #siteHost} gives its accounts. */
    public static final String HOST_PASSWORD = "host-password-1";

    private static volatile String organizerToken;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private Api() {
    }

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
        return anonymous().body(Map.of("username", username, "password", password))
                .post("/api/auth/token").then().statusCode(200).extract().path("accessToken");
    }

    /** A new site host account for these sites, logged in. */
    public static String siteHost(String... siteIds) {
        String username = "host-" + unique();
        createUser(username, HOST_PASSWORD, "SITE_HOST", siteIds);
        return login(username, HOST_PASSWORD);
    }

    /** Creates an account as the organizer; its id. */
    public static String createUser(String username, String password, String role, String... siteIds) {
        return asOrganizer().body(Map.of("username", username, "password", password, "role", role,
                "siteIds", List.of(siteIds))).post("/api/users").then().statusCode(201).extract().path("id");
    }

    /** The {@code total} of a list, as the organizer sees it. */
    public static int total(String listPath) {
        return asOrganizer().queryParam("size", 1).get(listPath).then().statusCode(200).extract().path("total");
    }

    /** Joins with a delegate's code; the delegate's token. */
    public static String join(String code) {
        return anonymous().body(Map.of("code", code)).post("/api/join").then().statusCode(200)
                .extract().path("accessToken");
    }

    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public static String createSite(String name, String city) {
        return asOrganizer().body(Map.of("name", name, "city", city, "timeZone", "Asia/Ho_Chi_Minh", "capacity", 200))
                .post("/api/sites").then().statusCode(201).extract().path("id");
    }

    /** A DRAFT conference on a date of its own (so that sites never clash across tests). */
    public static String createConference(String title, String startsAt, String endsAt) {
        return asOrganizer().body(Map.of("title", title, "startsAt", startsAt, "endsAt", endsAt,
                        "timeZone", "Asia/Ho_Chi_Minh", "chair", Map.of("name", "Chủ tọa", "title", "Chủ trì")))
                .post("/api/conferences").then().statusCode(201).extract().path("id");
    }

    public static void addSite(String conferenceId, String siteId, String role) {
        asOrganizer().body(Map.of("role", role)).put("/api/conferences/" + conferenceId + "/sites/" + siteId)
                .then().statusCode(201);
    }

    public static Map<String, Object> createDelegate(String conferenceId, String siteId, String fullName) {
        return asOrganizer().body(Map.of("fullName", fullName, "siteId", siteId))
                .post("/api/conferences/" + conferenceId + "/delegates").then().statusCode(201)
                .extract().jsonPath().getMap("");
    }

    /** A conference with a HOST site and a REMOTE site, each new: {conference, host, remote}. */
    public static Setup setup() {
        String host = createSite("Hội trường " + unique(), "Hà Nội");
        String remote = createSite("Điểm cầu " + unique(), "Đà Nẵng");
        String conference = createConference("Hội nghị " + unique(), "2031-03-10T08:00:00+07:00", "2031-03-10T11:30:00+07:00");
        addSite(conference, host, "HOST");
        addSite(conference, remote, "REMOTE");
        return new Setup(conference, host, remote);
    }

    /** Adds an agenda item without a planned start to the end of the agenda; its id. */
    public static String addAgendaItem(String conferenceId, String title) {
        return asOrganizer().body(Map.of("kind", "OTHER", "title", title, "plannedMinutes", 15))
                .post("/api/conferences/" + conferenceId + "/agenda").then().statusCode(201).extract().path("id");
    }

    public record Setup(String conference, String host, String remote) {
    }

    public static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }

    /** A 401 problem that asks for a bearer token. */
    public static ValidatableResponse unauthorized(ValidatableResponse response) {
        return problem(response, 401).header("WWW-Authenticate", equalTo("Bearer"));
    }
}
