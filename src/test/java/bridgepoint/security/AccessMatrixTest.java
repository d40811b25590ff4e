package bridgepoint.security;

import bridgepoint.support.Api;
import bridgepoint.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static bridgepoint.security.AccessMatrixTest.Access.CONFERENCE_LIST;
import static bridgepoint.security.AccessMatrixTest.Access.CONFERENCE_READ;
import static bridgepoint.security.AccessMatrixTest.Access.DELEGATE_LIST;
import static bridgepoint.security.AccessMatrixTest.Access.DELEGATE_READ;
import static bridgepoint.security.AccessMatrixTest.Access.ORGANIZER_ONLY;
import static bridgepoint.security.AccessMatrixTest.Access.SITE_READ;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every endpoint against every kind of caller, over HTTP: without a valid token (401), as the organizer (2xx),
 * and as site hosts and delegates inside and outside the conference (200 or 403). A refused request changes
 * nothing, which is checked by reading the data back as the organizer.
 */
@QuarkusTest
class AccessMatrixTest {

    /** Who may use an endpoint besides the organizer, who may use them all. */
    enum Access {
        /** The organizer only: every write, and the user accounts. */
        ORGANIZER_ONLY,
        /** Organizers and every site host. */
        SITE_READ,
        /** Every role; what the list holds depends on the caller. */
        CONFERENCE_LIST,
        /** Organizers, the hosts of the conference's sites and its own delegates. */
        CONFERENCE_READ,
        /** Organizers and the hosts of the conference's sites (who see their own sites' delegates). */
        DELEGATE_LIST,
        /** Organizers, the host of the delegate's site and the delegate itself. */
        DELEGATE_READ
    }

    /**
     * Callers with a valid token other than the organizer, and what they may use of the fixture. The fixture's
     * delegate attends the HOST site, and {@link #DELEGATE} is that delegate.
     */
    enum Caller {
        HOST_OF_HOST_SITE(SITE_READ, CONFERENCE_LIST, CONFERENCE_READ, DELEGATE_LIST, DELEGATE_READ),
        HOST_OF_REMOTE_SITE(SITE_READ, CONFERENCE_LIST, CONFERENCE_READ, DELEGATE_LIST),
        HOST_OF_SITE_NOT_IN_CONFERENCE(SITE_READ, CONFERENCE_LIST),
        DELEGATE(CONFERENCE_LIST, CONFERENCE_READ, DELEGATE_READ),
        DELEGATE_OF_OTHER_CONFERENCE(CONFERENCE_LIST);

        private final Set<Access> allowed;

        Caller(Access first, Access... rest) {
            this.allowed = EnumSet.of(first, rest);
        }

        boolean may(Access access) {
            return allowed.contains(access);
        }
    }

    /** Requests that do not carry a token the service issued and that is still valid. */
    enum BadCredential {
        NO_TOKEN,
        GARBAGE,
        SIGNED_WITH_ANOTHER_KEY,
        PAYLOAD_ALTERED,
        EXPIRED
    }

    enum Endpoint {
        CREATE_USER(
                "POST",
                "/api/users",
                ORGANIZER_ONLY,
                201,
                f -> Map.of(
                        "username",
                        "user-" + unique(),
                        "password",
                        "password-123",
                        "role",
                        "SITE_HOST",
                        "siteIds",
                        List.of(f.remote()))),
        LIST_USERS("GET", "/api/users", ORGANIZER_ONLY, 200),
        GET_USER("GET", "/api/users/{user}", ORGANIZER_ONLY, 200),
        DELETE_USER("DELETE", "/api/users/{user}", ORGANIZER_ONLY, 204),

        CREATE_SITE("POST", "/api/sites", ORGANIZER_ONLY, 201, f -> siteBody()),
        LIST_SITES("GET", "/api/sites", SITE_READ, 200),
        GET_SITE("GET", "/api/sites/{site}", SITE_READ, 200),
        REPLACE_SITE("PUT", "/api/sites/{spare}", ORGANIZER_ONLY, 200, f -> siteBody()),
        PATCH_SITE("PATCH", "/api/sites/{spare}", ORGANIZER_ONLY, 200, f -> Map.of("capacity", 99)),
        DELETE_SITE("DELETE", "/api/sites/{spare}", ORGANIZER_ONLY, 204),

        CREATE_CONFERENCE("POST", "/api/conferences", ORGANIZER_ONLY, 201, f -> conferenceBody()),
        LIST_CONFERENCES("GET", "/api/conferences", CONFERENCE_LIST, 200),
        GET_CONFERENCE("GET", "/api/conferences/{conference}", CONFERENCE_READ, 200),
        REPLACE_CONFERENCE("PUT", "/api/conferences/{conference}", ORGANIZER_ONLY, 200, f -> conferenceBody()),
        PATCH_CONFERENCE(
                "PATCH",
                "/api/conferences/{conference}",
                ORGANIZER_ONLY,
                200,
                f -> Map.of("title", "Hội nghị đổi tên " + unique())),
        DELETE_CONFERENCE("DELETE", "/api/conferences/{conference}", ORGANIZER_ONLY, 204),
        PUBLISH("POST", "/api/conferences/{conference}/publish", ORGANIZER_ONLY, 200),
        START("POST", "/api/conferences/{conference}/start", ORGANIZER_ONLY, 200, "publish"),
        END("POST", "/api/conferences/{conference}/end", ORGANIZER_ONLY, 200, "publish", "start"),
        CANCEL("POST", "/api/conferences/{conference}/cancel", ORGANIZER_ONLY, 200),

        LIST_PARTICIPATING_SITES("GET", "/api/conferences/{conference}/sites", CONFERENCE_READ, 200),
        ADD_PARTICIPATING_SITE(
                "PUT",
                "/api/conferences/{conference}/sites/{spare}",
                ORGANIZER_ONLY,
                201,
                f -> Map.of("role", "REMOTE")),
        REMOVE_PARTICIPATING_SITE("DELETE", "/api/conferences/{conference}/sites/{extra}", ORGANIZER_ONLY, 204),

        CREATE_DELEGATE(
                "POST",
                "/api/conferences/{conference}/delegates",
                ORGANIZER_ONLY,
                201,
                f -> Map.of("fullName", "Lê Thị Thu Hà", "siteId", f.remote())),
        LIST_DELEGATES("GET", "/api/conferences/{conference}/delegates", DELEGATE_LIST, 200),
        GET_DELEGATE("GET", "/api/conferences/{conference}/delegates/{delegate}", DELEGATE_READ, 200),
        PATCH_DELEGATE(
                "PATCH",
                "/api/conferences/{conference}/delegates/{delegate}",
                ORGANIZER_ONLY,
                200,
                f -> Map.of("title", "Phó Trưởng ban")),
        DELETE_DELEGATE("DELETE", "/api/conferences/{conference}/delegates/{delegate}", ORGANIZER_ONLY, 204),
        NEW_JOIN_CODE("POST", "/api/conferences/{conference}/delegates/{delegate}/join-code", ORGANIZER_ONLY, 200),

        GET_AGENDA("GET", "/api/conferences/{conference}/agenda", CONFERENCE_READ, 200),
        ADD_AGENDA_ITEM(
                "POST",
                "/api/conferences/{conference}/agenda",
                ORGANIZER_ONLY,
                201,
                f -> Map.of("kind", "BREAK", "title", "Giải lao", "plannedMinutes", 10)),
        GET_AGENDA_ITEM("GET", "/api/conferences/{conference}/agenda/{item}", CONFERENCE_READ, 200),
        REPLACE_AGENDA_ITEM(
                "PUT",
                "/api/conferences/{conference}/agenda/{item}",
                ORGANIZER_ONLY,
                200,
                f -> Map.of("kind", "OPENING", "title", "Khai mạc hội nghị", "plannedMinutes", 10)),
        PATCH_AGENDA_ITEM(
                "PATCH",
                "/api/conferences/{conference}/agenda/{item}",
                ORGANIZER_ONLY,
                200,
                f -> Map.of("plannedMinutes", 25)),
        DELETE_AGENDA_ITEM("DELETE", "/api/conferences/{conference}/agenda/{item}", ORGANIZER_ONLY, 204),
        REORDER_AGENDA(
                "PUT",
                "/api/conferences/{conference}/agenda/order",
                ORGANIZER_ONLY,
                200,
                f -> Map.of("itemIds", List.of(f.item())));

        final String method;
        final String path;
        final Access access;
        final int organizerStatus;
        private final Function<Fixture, Object> body;
        /** Status transitions the organizer's request needs first (e.g. a conference must be LIVE to end). */
        private final String[] transitionsBefore;

        Endpoint(String method, String path, Access access, int organizerStatus, String... transitionsBefore) {
            this(method, path, access, organizerStatus, f -> null, transitionsBefore);
        }

        Endpoint(
                String method,
                String path,
                Access access,
                int organizerStatus,
                Function<Fixture, Object> body,
                String... transitionsBefore) {
            this.method = method;
            this.path = path;
            this.access = access;
            this.organizerStatus = organizerStatus;
            this.body = body;
            this.transitionsBefore = transitionsBefore;
        }

        boolean writes() {
            return !method.equals("GET");
        }

        Response send(RequestSpecification request, Fixture fixture) {
            Object content = body.apply(fixture);
            if (content != null) {
                request.body(content);
            }
            return request.request(method, fixture.resolve(path));
        }
    }

    /**
     * A DRAFT conference with a HOST site (Hà Nội), a REMOTE site (Đà Nẵng) and an extra REMOTE site with nothing
     * in it; a delegate at the HOST site; one agenda item; a site that takes part in nothing; and a site host
     * account of the HOST site.
     */
    record Fixture(
            String conference,
            String site,
            String remote,
            String extra,
            String spare,
            String delegate,
            String joinCode,
            String item,
            String user,
            String username) {

        static Fixture create() {
            Api.Setup setup = Api.setup();
            String extra = Api.createSite("Điểm cầu Cần Thơ " + unique(), "Cần Thơ");
            Api.addSite(setup.conference(), extra, "REMOTE");
            String spare = Api.createSite("Hội trường dự phòng " + unique(), "Huế");
            Map<String, Object> delegate = Api.createDelegate(setup.conference(), setup.host(), "Nguyễn Văn Hùng");
            String item = Api.addItem(setup.conference(), Api.itemBody("Khai mạc"));
            String username = "host-" + unique();
            String user = Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", setup.host());
            return new Fixture(
                    setup.conference(),
                    setup.host(),
                    setup.remote(),
                    extra,
                    spare,
                    (String) delegate.get("id"),
                    (String) delegate.get("joinCode"),
                    item,
                    user,
                    username);
        }

        String resolve(String template) {
            return template.replace("{conference}", conference)
                    .replace("{site}", site)
                    .replace("{remote}", remote)
                    .replace("{extra}", extra)
                    .replace("{spare}", spare)
                    .replace("{delegate}", delegate)
                    .replace("{item}", item)
                    .replace("{user}", user);
        }

        /** The fixture's resources that some endpoint writes, as the organizer reads them. */
        Map<String, String> resources() {
            Map<String, String> resources = new LinkedHashMap<>();
            for (String path : List.of(
                    "/api/conferences/{conference}",
                    "/api/conferences/{conference}/sites",
                    "/api/conferences/{conference}/delegates",
                    "/api/conferences/{conference}/agenda",
                    "/api/sites/{spare}",
                    "/api/users/{user}")) {
                resources.put(
                        path,
                        asOrganizer()
                                .get(resolve(path))
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString());
            }
            return resources;
        }
    }

    /** The fixture shared by the requests that must not change it, with a token for every caller. */
    record World(
            Fixture fixture,
            Map<Caller, String> tokens,
            Map<BadCredential, String> badTokens,
            AtomicReference<Map<String, String>> lastResources) {

        static World create(byte[] serviceKey) {
            Fixture fixture = Fixture.create();
            Api.Setup other = Api.setup();
            Map<String, Object> otherDelegate = Api.createDelegate(other.conference(), other.host(), "Phạm Đức Thắng");

            Map<Caller, String> tokens = new EnumMap<>(Caller.class);
            tokens.put(Caller.HOST_OF_HOST_SITE, Api.login(fixture.username(), Api.HOST_PASSWORD));
            tokens.put(Caller.HOST_OF_REMOTE_SITE, Api.siteHost(fixture.remote()));
            tokens.put(Caller.HOST_OF_SITE_NOT_IN_CONFERENCE, Api.siteHost(other.remote()));
            tokens.put(Caller.DELEGATE, Api.join(fixture.joinCode()));
            tokens.put(Caller.DELEGATE_OF_OTHER_CONFERENCE, Api.join((String) otherDelegate.get("joinCode")));

            Map<BadCredential, String> bad = new EnumMap<>(BadCredential.class);
            bad.put(BadCredential.GARBAGE, "not-a-token-" + unique());
            bad.put(
                    BadCredential.SIGNED_WITH_ANOTHER_KEY,
                    Tokens.signHs256(Tokens.payload(Api.organizer()), Tokens.randomKey()));
            bad.put(
                    BadCredential.PAYLOAD_ALTERED,
                    Tokens.withPayload(
                            tokens.get(Caller.HOST_OF_HOST_SITE),
                            claims -> claims.put("groups", List.of("ORGANIZER"))));
            Map<String, Object> expired = Tokens.payload(Api.organizer());
            long now = Instant.now().getEpochSecond();
            expired.put("iat", now - 7200);
            expired.put("exp", now - 3600);
            bad.put(BadCredential.EXPIRED, Tokens.signHs256(expired, serviceKey));
            return new World(fixture, tokens, bad, new AtomicReference<>(fixture.resources()));
        }

        /**
         * Runs a request that must be refused; when it is a write, checks that it changed nothing: the fixture is
         * as the previous check left it (only refused requests touch it), and a POST added nothing to the lists.
         */
        void refused(Endpoint endpoint, Runnable request) {
            if (!endpoint.writes()) {
                request.run();
                return;
            }
            Map<String, Integer> totals = endpoint.method.equals("POST") ? totals() : null;
            request.run();
            if (totals != null) {
                assertEquals(totals, totals(), "a refused request created nothing");
            }
            Map<String, String> resources = fixture.resources();
            assertEquals(lastResources.getAndSet(resources), resources, "a refused request changed nothing");
        }

        private static Map<String, Integer> totals() {
            Map<String, Integer> totals = new LinkedHashMap<>();
            for (String list : List.of("/api/users", "/api/sites", "/api/conferences")) {
                totals.put(list, Api.total(list));
            }
            return totals;
        }

        RequestSpecification request(BadCredential credential) {
            return credential == BadCredential.NO_TOKEN ? Api.anonymous() : Api.as(badTokens.get(credential));
        }
    }

    private static World world;

    @Inject
    AgroalDataSource dataSource;

    private synchronized World world() {
        if (world == null) {
            world = World.create(Tokens.serviceKey(dataSource));
        }
        return world;
    }

    static Stream<Arguments> withoutValidToken() {
        return Arrays.stream(Endpoint.values())
                .flatMap(e -> Arrays.stream(BadCredential.values()).map(c -> Arguments.of(e, c)));
    }

    static Stream<Arguments> byRole() {
        return Arrays.stream(Endpoint.values())
                .flatMap(e -> Arrays.stream(Caller.values()).map(c -> Arguments.of(e, c)));
    }

    @ParameterizedTest(name = "{0} by the organizer")
    @EnumSource(Endpoint.class)
    void theOrganizerMayUseEveryEndpoint(Endpoint endpoint) {
        Fixture fixture = Fixture.create();
        for (String transition : endpoint.transitionsBefore) {
            asOrganizer()
                    .post(fixture.resolve("/api/conferences/{conference}/" + transition))
                    .then()
                    .statusCode(200);
        }
        endpoint.send(asOrganizer(), fixture).then().statusCode(endpoint.organizerStatus);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("withoutValidToken")
    void withoutAValidTokenEveryEndpointAnswers401(Endpoint endpoint, BadCredential credential) {
        World w = world();
        w.refused(
                endpoint,
                () -> Api.unauthorized(
                        endpoint.send(w.request(credential), w.fixture()).then()));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("byRole")
    void everyRoleMayUseWhatItsRulesAllowAndNothingElse(Endpoint endpoint, Caller caller) {
        World w = world();
        RequestSpecification request = Api.as(w.tokens().get(caller));
        if (caller.may(endpoint.access)) {
            endpoint.send(request, w.fixture()).then().statusCode(200);
        } else {
            w.refused(
                    endpoint,
                    () -> Api.problem(endpoint.send(request, w.fixture()).then(), 403));
        }
    }

    @Test
    void aSiteHostSeesOnlyTheDelegatesOfItsOwnSites() {
        Api.Setup setup = Api.setup();
        String hanoi = setup.host();
        String danang = setup.remote();
        Map<String, Object> hung = Api.createDelegate(setup.conference(), hanoi, "Nguyễn Văn Hùng");
        Map<String, Object> ha = Api.createDelegate(setup.conference(), danang, "Lê Thị Thu Hà");
        Map<String, Object> thang = Api.createDelegate(setup.conference(), danang, "Phạm Đức Thắng");
        String danangHost = Api.siteHost(danang);
        String delegates = "/api/conferences/" + setup.conference() + "/delegates";

        for (RequestSpecification request :
                List.of(Api.as(danangHost), Api.as(danangHost).queryParam("siteId", danang))) {
            request.get(delegates)
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(2))
                    .body("items.id", containsInAnyOrder(ha.get("id"), thang.get("id")))
                    .body("items.siteId", everyItem(equalTo(danang)))
                    .body("items.joinCode", containsInAnyOrder(ha.get("joinCode"), thang.get("joinCode")));
        }
        Api.as(danangHost)
                .queryParam("q", "le thi thu ha")
                .get(delegates)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(ha.get("id"))));
        Api.as(danangHost)
                .queryParam("q", "nguyen van hung")
                .get(delegates)
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        asOrganizer()
                .queryParam("q", "nguyen van hung")
                .get(delegates)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(hung.get("id"))));
        Api.problem(
                Api.as(danangHost).queryParam("siteId", hanoi).get(delegates).then(), 403);
        Api.problem(Api.as(danangHost).get(delegates + "/" + hung.get("id")).then(), 403);
        Api.as(danangHost)
                .get(delegates + "/" + ha.get("id"))
                .then()
                .statusCode(200)
                .body("joinCode", equalTo(ha.get("joinCode")));
        asOrganizer().get(delegates).then().statusCode(200).body("total", equalTo(3));
    }

    @Test
    void aDelegateReadsItselfOnly() {
        Api.Setup setup = Api.setup();
        Map<String, Object> ha = Api.createDelegate(setup.conference(), setup.remote(), "Lê Thị Thu Hà");
        Map<String, Object> thang = Api.createDelegate(setup.conference(), setup.remote(), "Phạm Đức Thắng");
        String token = Api.join((String) ha.get("joinCode"));
        String delegates = "/api/conferences/" + setup.conference() + "/delegates";

        Api.as(token)
                .get(delegates + "/" + ha.get("id"))
                .then()
                .statusCode(200)
                .body("fullName", equalTo("Lê Thị Thu Hà"))
                .body("joinCode", equalTo(ha.get("joinCode")));
        String refused = Api.problem(
                        Api.as(token).get(delegates + "/" + thang.get("id")).then(), 403)
                .extract()
                .asString();
        assertThat(refused, not(containsString((String) thang.get("joinCode"))));
        Api.problem(Api.as(token).get(delegates).then(), 403);
        Api.problem(
                Api.as(token)
                        .queryParam("siteId", setup.remote())
                        .get(delegates)
                        .then(),
                403);
    }

    @Test
    void theConferenceListHoldsOnlyWhatTheCallerMayRead() {
        Api.Setup first = Api.setup();
        Api.Setup second = Api.setup();
        Map<String, Object> delegate = Api.createDelegate(first.conference(), first.remote(), "Lê Thị Thu Hà");

        Api.as(Api.siteHost(first.remote()))
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", equalTo(List.of(first.conference())));
        Api.as(Api.siteHost(second.host()))
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", equalTo(List.of(second.conference())));
        Api.as(Api.siteHost(first.host(), second.remote()))
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", containsInAnyOrder(first.conference(), second.conference()));
        Api.as(Api.siteHost(Api.createSite("Điểm cầu chưa tham gia " + unique(), "Huế")))
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        Api.as(Api.join((String) delegate.get("joinCode")))
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", equalTo(List.of(first.conference())));
    }

    static Map<String, Object> siteBody() {
        return Map.of(
                "name",
                "Điểm cầu Thừa Thiên Huế " + unique(),
                "city",
                "Huế",
                "address",
                "16 Lê Lợi",
                "timeZone",
                "Asia/Ho_Chi_Minh",
                "capacity",
                150);
    }

    /** A conference at the fixture's times (so that a replaced conference keeps its sites free). */
    static Map<String, Object> conferenceBody() {
        return Map.of(
                "title",
                "Hội nghị sơ kết " + unique(),
                "startsAt",
                "2031-03-10T08:00:00+07:00",
                "endsAt",
                "2031-03-10T11:30:00+07:00",
                "timeZone",
                "Asia/Ho_Chi_Minh",
                "chair",
                Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"));
    }
}
