package bridgepoint.security;

import bridgepoint.support.Api;
import bridgepoint.support.Live;
import bridgepoint.support.OpenApi;
import bridgepoint.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static bridgepoint.security.AccessMatrixTest.Access.CHECK_IN_READ;
import static bridgepoint.security.AccessMatrixTest.Access.CONFERENCE_HOSTS;
import static bridgepoint.security.AccessMatrixTest.Access.CONFERENCE_LIST;
import static bridgepoint.security.AccessMatrixTest.Access.CONFERENCE_READ;
import static bridgepoint.security.AccessMatrixTest.Access.DELEGATE_READ;
import static bridgepoint.security.AccessMatrixTest.Access.DELEGATE_SELF;
import static bridgepoint.security.AccessMatrixTest.Access.FLOOR_HOLDER;
import static bridgepoint.security.AccessMatrixTest.Access.ORGANIZER_ONLY;
import static bridgepoint.security.AccessMatrixTest.Access.PUBLIC;
import static bridgepoint.security.AccessMatrixTest.Access.SIGNED_IN;
import static bridgepoint.security.AccessMatrixTest.Access.SITE_HOST_OF_SITE;
import static bridgepoint.security.AccessMatrixTest.Access.SITE_READ;
import static bridgepoint.security.AccessMatrixTest.Caller.DELEGATE;
import static bridgepoint.security.AccessMatrixTest.Caller.DELEGATE_OF_OTHER_CONFERENCE;
import static bridgepoint.security.AccessMatrixTest.Caller.HOST_OF_HOST_SITE;
import static bridgepoint.security.AccessMatrixTest.Caller.HOST_OF_REMOTE_SITE;
import static bridgepoint.security.AccessMatrixTest.Caller.HOST_OF_SITE_NOT_IN_CONFERENCE;
import static bridgepoint.security.AccessMatrixTest.Caller.ORGANIZER;
import static bridgepoint.security.AccessMatrixTest.State.DRAFT;
import static bridgepoint.security.AccessMatrixTest.State.LIVE;
import static bridgepoint.security.AccessMatrixTest.State.SCHEDULED;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every operation of the service's own OpenAPI document against every kind of caller, over HTTP. Each operation
 * has a line in {@link #RULES}: who may use it and the request that shows it. An operation in the document without
 * a rule fails {@link #everyOperationOfTheDocumentHasARule()}, and so does a rule for an operation that is gone.
 *
 * <p>Allowed callers get the rule's 2xx. Others get 403 problem+json (wrong role, or not their conference or site),
 * and every caller without a valid token gets 401: none, garbage, signed with another key, an altered payload,
 * expired, or revoked (a delegate whose join code was replaced, an account deleted). The service never answers
 * 404 for "not yours to know": a caller who may not use an operation is told so (403), whether or not the resource
 * exists. {@link Access#PUBLIC} operations read no token: any caller, with bad credentials too, gets the public
 * answer (a client whose token was revoked must be able to log in or join again).
 *
 * <p>Refused requests go to one shared, LIVE fixture; after an operation's refused writes the fixture is read back as
 * the organizer and must be as before, and the lists a POST adds to must have kept their sizes. Allowed writes get a
 * fresh fixture each.
 */
@QuarkusTest
class AccessMatrixTest {

    /** Who may use an operation. */
    enum Access {
        /** Anyone, without a token (a token sent along is not read). */
        PUBLIC(EnumSet.allOf(Caller.class)),
        /** Every caller with a valid token, whatever its role (logout). */
        SIGNED_IN(EnumSet.allOf(Caller.class)),
        /** The organizer only: every write, and the user accounts. */
        ORGANIZER_ONLY(EnumSet.of(ORGANIZER)),
        /** Organizers and every site host. */
        SITE_READ(EnumSet.of(ORGANIZER, HOST_OF_HOST_SITE, HOST_OF_REMOTE_SITE, HOST_OF_SITE_NOT_IN_CONFERENCE)),
        /** Every role; what the list holds depends on the caller. */
        CONFERENCE_LIST(EnumSet.allOf(Caller.class)),
        /** Organizers, the hosts of the conference's sites and its own delegates. */
        CONFERENCE_READ(EnumSet.of(ORGANIZER, HOST_OF_HOST_SITE, HOST_OF_REMOTE_SITE, DELEGATE)),
        /** Organizers and the hosts of the conference's sites (who see their own sites' part). */
        CONFERENCE_HOSTS(EnumSet.of(ORGANIZER, HOST_OF_HOST_SITE, HOST_OF_REMOTE_SITE)),
        /** Organizers, the host of the delegate's site and the delegate itself. */
        DELEGATE_READ(EnumSet.of(ORGANIZER, HOST_OF_HOST_SITE, DELEGATE)),
        /** Organizers and the host of the site in question (check-ins, head counts). */
        SITE_HOST_OF_SITE(EnumSet.of(ORGANIZER, HOST_OF_HOST_SITE)),
        /** The delegate itself, with its own token (not even the organizer). */
        DELEGATE_SELF(EnumSet.of(DELEGATE)),
        /** Organizers, the host of the check-in's site and the delegate it is about. */
        CHECK_IN_READ(EnumSet.of(ORGANIZER, HOST_OF_HOST_SITE, DELEGATE)),
        /** Organizers (to any site), and the host of the site that has the floor (back to the HOST site only). */
        FLOOR_HOLDER(EnumSet.of(ORGANIZER, HOST_OF_REMOTE_SITE));

        final Set<Caller> allowed;

        Access(Set<Caller> allowed) {
            this.allowed = allowed;
        }
    }

    /**
     * Callers with a valid token. The fixture's delegate attends the HOST site; the floor is at the REMOTE site; the
     * site not in the conference is the fixture's spare site.
     */
    enum Caller {
        ORGANIZER,
        HOST_OF_HOST_SITE,
        HOST_OF_REMOTE_SITE,
        HOST_OF_SITE_NOT_IN_CONFERENCE,
        DELEGATE,
        DELEGATE_OF_OTHER_CONFERENCE
    }

    /** Requests without a token the service issued and that still stands. */
    enum BadCredential {
        NO_TOKEN,
        GARBAGE,
        SIGNED_WITH_ANOTHER_KEY,
        PAYLOAD_ALTERED,
        EXPIRED,
        /** A delegate's token after the delegate was given a new join code. */
        REVOKED_BY_NEW_JOIN_CODE,
        /** A site host's token after the account was deleted. */
        ACCOUNT_DELETED,
        /** A site host's token after the account was disabled. */
        ACCOUNT_DISABLED,
        /** A site host's token after the account was moved to another site. */
        ACCOUNT_MOVED,
        /** A site host's token after an organizer signed the account out everywhere. */
        ACCOUNT_SIGNED_OUT,
        /** A site host's token after the host logged out with it. */
        LOGGED_OUT
    }

    /** The conference status a fresh fixture is brought to before an allowed write. */
    enum State {
        DRAFT,
        SCHEDULED,
        LIVE
    }

    /**
     * One line per operation of the OpenAPI document: its access and the request that exercises it. Path
     * parameters default to the fixture's conference ({@code id}), agenda item, delegate, check-in, import job, user
     * account and HOST site ({@code siteId}); {@link Rule#path} says otherwise.
     */
    static final List<Rule> RULES = List.of(
            rule("POST /api/auth/token", PUBLIC, 200)
                    .body(f -> Map.of("username", f.username(), "password", Api.HOST_PASSWORD)),
            rule("POST /api/join", PUBLIC, 200).body(f -> Map.of("code", f.joinCode)),
            rule("GET /api/users", ORGANIZER_ONLY, 200),
            rule("POST /api/users", ORGANIZER_ONLY, 201)
                    .body(f -> Map.of(
                            "username",
                            "user-" + unique(),
                            "password",
                            "password-123",
                            "role",
                            "SITE_HOST",
                            "siteIds",
                            List.of(f.remote))),
            rule("GET /api/users/{userId}", ORGANIZER_ONLY, 200),
            rule("PATCH /api/users/{userId}", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("displayName", "Cán bộ đón tiếp " + unique(), "siteIds", List.of(f.host))),
            rule("DELETE /api/users/{userId}", ORGANIZER_ONLY, 204),
            rule("POST /api/users/{userId}/password-reset", ORGANIZER_ONLY, 200),
            rule("POST /api/users/{userId}/sign-out", ORGANIZER_ONLY, 204),
            // a new account each time, so that every caller (and every bad credential) changes a password it knows
            rule("POST /api/auth/password", PUBLIC, 204).body(f -> {
                String username = "changing-" + unique();
                Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", f.spare);
                return Map.of(
                        "username", username, "currentPassword", Api.HOST_PASSWORD, "newPassword", "mat-khau-moi-9");
            }),
            rule("POST /api/auth/logout", SIGNED_IN, 204).revokesCallerToken(),
            rule("GET /api/sites", SITE_READ, 200),
            rule("POST /api/sites", ORGANIZER_ONLY, 201).body(f -> siteBody()),
            rule("GET /api/sites/{siteId}", SITE_READ, 200),
            rule("PUT /api/sites/{siteId}", ORGANIZER_ONLY, 200)
                    .path("siteId", f -> f.spare)
                    .body(f -> siteBody()),
            rule("PATCH /api/sites/{siteId}", ORGANIZER_ONLY, 200)
                    .path("siteId", f -> f.spare)
                    .body(f -> Map.of("capacity", 99)),
            rule("DELETE /api/sites/{siteId}", ORGANIZER_ONLY, 204).path("siteId", f -> f.spare),
            rule("GET /api/conferences", CONFERENCE_LIST, 200),
            rule("POST /api/conferences", ORGANIZER_ONLY, 201).body(f -> conferenceBody()),
            rule("GET /api/conferences/{id}", CONFERENCE_READ, 200),
            rule("PUT /api/conferences/{id}", ORGANIZER_ONLY, 200).body(f -> conferenceBody()),
            rule("PATCH /api/conferences/{id}", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("title", "Hội nghị đổi tên " + unique())),
            rule("DELETE /api/conferences/{id}", ORGANIZER_ONLY, 204).in(DRAFT),
            rule("POST /api/conferences/{id}/publish", ORGANIZER_ONLY, 200).in(DRAFT),
            rule("POST /api/conferences/{id}/start", ORGANIZER_ONLY, 200).in(SCHEDULED),
            rule("POST /api/conferences/{id}/end", ORGANIZER_ONLY, 200),
            rule("POST /api/conferences/{id}/cancel", ORGANIZER_ONLY, 200).in(SCHEDULED),
            rule("GET /api/conferences/{id}/sites", CONFERENCE_READ, 200),
            rule("PUT /api/conferences/{id}/sites/{siteId}", ORGANIZER_ONLY, 201)
                    .path("siteId", f -> f.spare)
                    .body(f -> Map.of("role", "REMOTE")),
            rule("DELETE /api/conferences/{id}/sites/{siteId}", ORGANIZER_ONLY, 204)
                    .path("siteId", f -> f.extra),
            rule("GET /api/conferences/{id}/sites/{siteId}/attendance", SITE_HOST_OF_SITE, 200),
            rule("PUT /api/conferences/{id}/sites/{siteId}/attendance", SITE_HOST_OF_SITE, 200)
                    .body(f -> Map.of("present", 12, "note", "đủ")),
            rule("POST /api/conferences/{id}/delegates", ORGANIZER_ONLY, 201)
                    .body(f -> Map.of("fullName", "Lê Thị Thu Hà", "siteId", f.remote)),
            rule("GET /api/conferences/{id}/delegates", CONFERENCE_HOSTS, 200),
            rule("GET /api/conferences/{id}/delegates/{delegateId}", DELEGATE_READ, 200),
            rule("PATCH /api/conferences/{id}/delegates/{delegateId}", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("title", "Phó Trưởng ban")),
            rule("DELETE /api/conferences/{id}/delegates/{delegateId}", ORGANIZER_ONLY, 204),
            rule("POST /api/conferences/{id}/delegates/{delegateId}/join-code", ORGANIZER_ONLY, 200),
            rule("POST /api/conferences/{id}/delegates/import", ORGANIZER_ONLY, 202)
                    .contentType("text/csv")
                    .body(f -> "fullName,site\nTrần Văn Bình," + f.remote + "\n"),
            rule("GET /api/imports/{jobId}", ORGANIZER_ONLY, 200),
            rule("GET /api/conferences/{id}/agenda", CONFERENCE_READ, 200),
            rule("POST /api/conferences/{id}/agenda", ORGANIZER_ONLY, 201)
                    .body(f -> Map.of("kind", "BREAK", "title", "Giải lao", "plannedMinutes", 10)),
            rule("PUT /api/conferences/{id}/agenda/order", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("itemIds", List.of(f.item))),
            rule("GET /api/conferences/{id}/agenda/{itemId}", CONFERENCE_READ, 200),
            rule("PUT /api/conferences/{id}/agenda/{itemId}", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("kind", "OPENING", "title", "Khai mạc hội nghị", "plannedMinutes", 10)),
            rule("PATCH /api/conferences/{id}/agenda/{itemId}", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("plannedMinutes", 25)),
            rule("DELETE /api/conferences/{id}/agenda/{itemId}", ORGANIZER_ONLY, 204),
            rule("POST /api/conferences/{id}/agenda/{itemId}/start", ORGANIZER_ONLY, 200),
            rule("POST /api/conferences/{id}/agenda/{itemId}/finish", ORGANIZER_ONLY, 200)
                    .before(f -> f.run("start")),
            rule("POST /api/conferences/{id}/agenda/{itemId}/skip", ORGANIZER_ONLY, 200),
            rule("POST /api/conferences/{id}/agenda/{itemId}/delay", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("minutes", 5)),
            rule("GET /api/conferences/{id}/live", CONFERENCE_READ, 200),
            rule("GET /api/conferences/{id}/events", CONFERENCE_READ, 200),
            rule("POST /api/conferences/{id}/live/handover", FLOOR_HOLDER, 200).body(f -> Map.of("siteId", f.host)),
            rule("POST /api/conferences/{id}/announcements", ORGANIZER_ONLY, 200)
                    .body(f -> Map.of("text", "Điểm cầu Đà Nẵng chuẩn bị phát biểu")),
            rule("POST /api/conferences/{id}/checkins", SITE_HOST_OF_SITE, 201)
                    .body(f -> Map.of("delegateId", f.newcomer, "siteId", f.host)),
            rule("POST /api/conferences/{id}/checkins/me", DELEGATE_SELF, 201),
            rule("POST /api/conferences/{id}/checkins/batch", SITE_HOST_OF_SITE, 200)
                    .body(f -> List.of(Map.of(
                            "nonce",
                            "tablet-" + unique(),
                            "delegateId",
                            f.newcomer,
                            "siteId",
                            f.host,
                            "at",
                            Instant.now().minusSeconds(60).toString())))
                    // the host of another site of the conference may upload: each entry for a site not its own is
                    // rejected, and nothing is recorded
                    .refusal(
                            HOST_OF_REMOTE_SITE, r -> r.statusCode(200).body("result", everyItem(equalTo("rejected")))),
            rule("GET /api/conferences/{id}/checkins", CONFERENCE_HOSTS, 200),
            rule("GET /api/conferences/{id}/checkins/{checkInId}", CHECK_IN_READ, 200),
            rule("GET /api/conferences/{id}/attendance", CONFERENCE_HOSTS, 200),
            rule("GET /api/conferences/{id}/attendance.csv", CONFERENCE_HOSTS, 200),
            rule("GET /api/conferences/{id}/checkins/me", DELEGATE_SELF, 200).before(Fixture::checkIn),
            rule("GET /api/conferences/{id}/awards", CONFERENCE_READ, 200),
            rule("POST /api/conferences/{id}/awards", ORGANIZER_ONLY, 201).body(f -> awardBody()),
            rule("GET /api/conferences/{id}/awards/{awardId}", CONFERENCE_READ, 200),
            rule("DELETE /api/conferences/{id}/awards/{awardId}", ORGANIZER_ONLY, 204),
            rule("POST /api/conferences/{id}/awards/import", ORGANIZER_ONLY, 202)
                    .contentType("text/csv")
                    .body(f -> "recipientType,name,unit,award,site\nINDIVIDUAL,Lê Văn Trung,,Bằng khen,\n"),
            rule("GET /api/conferences/{id}/agenda.ics", CONFERENCE_READ, 200),
            rule("POST /api/conferences/{id}/calendar-token", DELEGATE_SELF, 200),
            rule("GET /api/conferences/{id}/schedule.json", CONFERENCE_READ, 200),
            rule("GET /api/conferences/{id}/schedule.xml", CONFERENCE_READ, 200),
            rule("GET /api/conferences/{id}/report.html", CONFERENCE_HOSTS, 200),
            rule("GET /api/conferences/{id}/report.pdf", CONFERENCE_HOSTS, 200),
            rule("GET /api/conferences/{id}/audit", ORGANIZER_ONLY, 200),
            rule("GET /api/audit", ORGANIZER_ONLY, 200));

    /** An operation's access rule and the request that exercises it; built by {@link #rule}. */
    static final class Rule {
        final String method;
        final String path;
        final Access access;
        final int status;
        private Function<Fixture, Object> body = f -> null;
        private String contentType;
        private final Map<String, Function<Fixture, String>> pathValues = new LinkedHashMap<>();
        private State state = LIVE;
        private Consumer<Fixture> before = f -> {};
        private final Map<Caller, Consumer<ValidatableResponse>> refusals = new EnumMap<>(Caller.class);
        private boolean revokesCallerToken;

        private Rule(String operation, Access access, int status) {
            String[] parts = operation.split(" ", 2);
            this.method = parts[0];
            this.path = parts[1];
            this.access = access;
            this.status = status;
        }

        Rule body(Function<Fixture, Object> body) {
            this.body = body;
            return this;
        }

        Rule contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** The fixture's value for a path parameter, instead of the default one. */
        Rule path(String parameter, Function<Fixture, String> value) {
            pathValues.put(parameter, value);
            return this;
        }

        /** The conference status the allowed request needs (LIVE by default). */
        Rule in(State state) {
            this.state = state;
            return this;
        }

        /** What the allowed request needs done first on its fresh fixture. */
        Rule before(Consumer<Fixture> before) {
            this.before = before;
            return this;
        }

        /** The allowed request revokes the token it is sent with: the organizer sends one of its own, not the shared one. */
        Rule revokesCallerToken() {
            this.revokesCallerToken = true;
            return this;
        }

        /** How this refused caller is answered, when not with a 403 problem. */
        Rule refusal(Caller caller, Consumer<ValidatableResponse> check) {
            refusals.put(caller, check);
            return this;
        }

        String key() {
            return method + " " + path;
        }

        boolean writes() {
            return !method.equals("GET");
        }

        Response send(RequestSpecification request, Fixture fixture) {
            Object content = body.apply(fixture);
            if (contentType != null) {
                request.contentType(contentType);
            }
            if (content != null) {
                request.body(content);
            }
            return request.request(method, fixture.resolve(this));
        }

        @Override
        public String toString() {
            return key();
        }
    }

    static Rule rule(String operation, Access access, int status) {
        return new Rule(operation, access, status);
    }

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    /**
     * A conference with a HOST site (Hà Nội), a REMOTE site (Đà Nẵng) and an extra REMOTE site with nothing in it;
     * a spare site that takes part in nothing; the delegate at the HOST site and a newcomer there who is not checked
     * in; one agenda item. What only some operations need (a check-in, an import job, an account, tokens) is made
     * when first asked for.
     */
    static final class Fixture {
        final String conference;
        final String host;
        final String remote;
        final String extra;
        final String spare;
        final String delegate;
        final String joinCode;
        final String newcomer;
        final String item;
        private String checkIn;
        private String job;
        private String user;
        private String username;
        private String award;
        private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

        private Fixture(State state) {
            Api.Setup setup = Api.setup();
            conference = setup.conference();
            host = setup.host();
            remote = setup.remote();
            extra = Api.createSite("Điểm cầu Cần Thơ " + unique(), "Cần Thơ");
            Api.addSite(conference, extra, "REMOTE");
            spare = Api.createSite("Hội trường dự phòng " + unique(), "Huế");
            Map<String, Object> d = Api.createDelegate(conference, host, "Nguyễn Văn Hùng");
            delegate = (String) d.get("id");
            joinCode = (String) d.get("joinCode");
            newcomer = (String)
                    Api.createDelegate(conference, host, "Phạm Thị Lan").get("id");
            item = Api.addItem(conference, Api.itemBody("Khai mạc"));
            if (state != DRAFT) {
                Api.advance(conference, "publish");
            }
            if (state == LIVE) {
                Api.advance(conference, "start");
                asOrganizer()
                        .body(Map.of("siteId", remote))
                        .post("/api/conferences/{c}/live/handover", conference)
                        .then()
                        .statusCode(200);
            }
        }

        static Fixture create(State state) {
            return new Fixture(state);
        }

        String path() {
            return "/api/conferences/" + conference;
        }

        /** The delegate's check-in at the HOST site. */
        synchronized String checkIn() {
            if (checkIn == null) {
                checkIn = asOrganizer()
                        .body(Map.of("delegateId", delegate, "siteId", host))
                        .post(path() + "/checkins")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
            }
            return checkIn;
        }

        /** A finished import job of the conference (of a file with no rows). */
        synchronized String job() {
            if (job == null) {
                job = asOrganizer()
                        .contentType("text/csv")
                        .body("fullName,site\n")
                        .post(path() + "/delegates/import")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobId");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !"RUNNING"
                                .equals(asOrganizer().get("/api/imports/" + job).path("status")));
            }
            return job;
        }

        /** An award of the conference's roll. */
        synchronized String award() {
            if (award == null) {
                award = asOrganizer()
                        .body(awardBody())
                        .post(path() + "/awards")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
            }
            return award;
        }

        /** A site host account of the spare site (logs in with {@link Api#HOST_PASSWORD}). */
        synchronized String user() {
            if (user == null) {
                username = "account-" + unique();
                user = Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", spare);
            }
            return user;
        }

        String username() {
            user();
            return username;
        }

        synchronized String token(Caller caller) {
            return tokens.computeIfAbsent(caller, c -> switch (c) {
                case ORGANIZER -> Api.organizer();
                case HOST_OF_HOST_SITE -> Api.siteHost(host);
                case HOST_OF_REMOTE_SITE -> Api.siteHost(remote);
                case HOST_OF_SITE_NOT_IN_CONFERENCE -> Api.siteHost(spare);
                case DELEGATE -> Api.join(joinCode);
                case DELEGATE_OF_OTHER_CONFERENCE -> {
                    Api.Setup other = Api.setup();
                    yield Api.join((String) Api.createDelegate(other.conference(), other.remote(), "Phạm Đức Thắng")
                            .get("joinCode"));
                }
            });
        }

        void run(String action) {
            asOrganizer().post(path() + "/agenda/{item}/" + action, item).then().statusCode(200);
        }

        String value(String parameter) {
            return switch (parameter) {
                case "id" -> conference;
                case "siteId" -> host;
                case "itemId" -> item;
                case "delegateId" -> delegate;
                case "checkInId" -> checkIn();
                case "jobId" -> job();
                case "userId" -> user();
                case "awardId" -> award();
                default -> null;
            };
        }

        String resolve(Rule rule) {
            Matcher m = PATH_PARAMETER.matcher(rule.path);
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                Function<Fixture, String> custom = rule.pathValues.get(name);
                String value = custom != null ? custom.apply(this) : value(name);
                if (value == null) {
                    fail(rule + ": no fixture value for the path parameter {" + name + "}; give one with .path(\""
                            + name + "\", f -> …)");
                }
                m.appendReplacement(path, value);
            }
            return m.appendTail(path).toString();
        }

        /** The fixture's resources as the organizer reads them. */
        Map<String, String> resources() {
            Map<String, String> resources = new LinkedHashMap<>();
            for (String read : List.of(
                    path(),
                    path() + "/sites",
                    path() + "/delegates?size=500",
                    path() + "/agenda",
                    path() + "/checkins?size=500",
                    path() + "/attendance",
                    path() + "/sites/" + host + "/attendance",
                    path() + "/events?size=1000",
                    "/api/sites/" + spare,
                    "/api/users/" + user(),
                    "/api/imports/" + job())) {
                resources.put(
                        read,
                        Api.withoutClock(asOrganizer()
                                .get(read)
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString()));
            }
            return resources;
        }
    }

    /** The LIVE fixture shared by the requests that must not change it, with a token for every caller. */
    static final class World {
        final Fixture fixture;
        final Map<BadCredential, String> badTokens = new EnumMap<>(BadCredential.class);
        private Rule current;
        private Map<String, String> before;

        World(Tokens.Key serviceKey) {
            fixture = Fixture.create(LIVE);
            fixture.checkIn();
            fixture.job();
            for (Caller caller : Caller.values()) {
                fixture.token(caller);
            }
            badTokens.put(BadCredential.GARBAGE, "not-a-token-" + unique());
            badTokens.put(
                    BadCredential.SIGNED_WITH_ANOTHER_KEY,
                    Tokens.signHs256(Tokens.payload(Api.organizer()), Tokens.randomKey()));
            badTokens.put(
                    BadCredential.PAYLOAD_ALTERED,
                    Tokens.withPayload(
                            fixture.token(HOST_OF_HOST_SITE), claims -> claims.put("groups", List.of("ORGANIZER"))));
            Map<String, Object> expired = Tokens.payload(Api.organizer());
            long now = Instant.now().getEpochSecond();
            expired.put("iat", now - 7200);
            expired.put("exp", now - 3600);
            badTokens.put(BadCredential.EXPIRED, Tokens.signHs256(expired, serviceKey));

            Map<String, Object> replaced = Api.createDelegate(fixture.conference, fixture.remote, "Đỗ Minh Quân");
            badTokens.put(BadCredential.REVOKED_BY_NEW_JOIN_CODE, Api.join((String) replaced.get("joinCode")));
            asOrganizer()
                    .post(fixture.path() + "/delegates/{d}/join-code", replaced.get("id"))
                    .then()
                    .statusCode(200);
            String username = "deleted-" + unique();
            String account = Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", fixture.host);
            badTokens.put(BadCredential.ACCOUNT_DELETED, Api.login(username, Api.HOST_PASSWORD));
            asOrganizer().delete("/api/users/" + account).then().statusCode(204);
            badTokens.put(
                    BadCredential.ACCOUNT_DISABLED,
                    revokedHostToken(
                            fixture,
                            id -> Api.patchUser(id, Map.of("disabled", true)).statusCode(200)));
            badTokens.put(
                    BadCredential.ACCOUNT_MOVED,
                    revokedHostToken(
                            fixture,
                            id -> Api.patchUser(id, Map.of("siteIds", List.of(fixture.spare)))
                                    .statusCode(200)));
            badTokens.put(
                    BadCredential.ACCOUNT_SIGNED_OUT,
                    revokedHostToken(
                            fixture,
                            id -> asOrganizer()
                                    .post("/api/users/{id}/sign-out", id)
                                    .then()
                                    .statusCode(204)));
            String loggedOut = Api.siteHost(fixture.host);
            Api.as(loggedOut).post("/api/auth/logout").then().statusCode(204);
            badTokens.put(BadCredential.LOGGED_OUT, loggedOut);

            // the check-in's roll-up event is written shortly after it commits: the stream is settled once it is there
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Live.newEvents(fixture.conference, 0).stream()
                            .anyMatch(e -> e.get("type").equals("attendance.updated")));
        }

        /** The token of a new host of the fixture's HOST site, after {@code revoke} was done to its account. */
        private static String revokedHostToken(Fixture fixture, Consumer<String> revoke) {
            String username = "revoked-" + unique();
            String account = Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", fixture.host);
            String token = Api.login(username, Api.HOST_PASSWORD);
            revoke.accept(account);
            return token;
        }

        RequestSpecification request(BadCredential credential) {
            return credential == BadCredential.NO_TOKEN ? Api.anonymous() : Api.as(badTokens.get(credential));
        }

        /**
         * Runs a request that must be refused. The first refused request of an operation reads the fixture (and the
         * sizes of the lists a POST could add to); {@link #assertUnchanged} reads them again after the operation's
         * last one. Only refused requests and reads touch this fixture, so any change is theirs.
         */
        synchronized void refused(Rule rule, Runnable request) {
            if (rule.writes() && current != rule) {
                current = rule;
                before = state();
            }
            request.run();
        }

        synchronized void assertUnchanged(Rule rule) {
            if (current == rule) {
                assertEquals(before, state(), "refused requests to " + rule + " changed the fixture");
            }
        }

        private Map<String, String> state() {
            Map<String, String> state = fixture.resources();
            for (String list : List.of("/api/users", "/api/sites", "/api/conferences")) {
                state.put(list + " total", String.valueOf(Api.total(list)));
            }
            return state;
        }
    }

    private static World world;

    @Inject
    AgroalDataSource dataSource;

    /** Why the world could not be built: every test fails with it at once instead of building it again. */
    private static Throwable worldFailure;

    private synchronized World world() {
        if (worldFailure != null) {
            throw new IllegalStateException("the fixture could not be built", worldFailure);
        }
        if (world == null) {
            try {
                world = new World(Tokens.serviceKey(dataSource));
            } catch (RuntimeException | Error e) {
                worldFailure = e;
                throw e;
            }
        }
        return world;
    }

    /** The operations of the document that have a rule (the others fail {@link #everyOperationOfTheDocumentHasARule}). */
    private static List<Rule> documentedRules() {
        Set<String> documented = new LinkedHashSet<>();
        OpenApi.read().operations("/api/").forEach(op -> documented.add(op.key()));
        return RULES.stream().filter(r -> documented.contains(r.key())).toList();
    }

    @Test
    void everyOperationOfTheDocumentHasARule() {
        Set<String> documented = new TreeSet<>();
        OpenApi.read().operations("/api/").forEach(op -> documented.add(op.key()));
        Set<String> ruled = new TreeSet<>();
        List<String> twice = new ArrayList<>();
        for (Rule rule : RULES) {
            if (!ruled.add(rule.key())) {
                twice.add(rule.key());
            }
        }
        Set<String> withoutRule = new TreeSet<>(documented);
        withoutRule.removeAll(ruled);
        Set<String> gone = new TreeSet<>(ruled);
        gone.removeAll(documented);
        List<String> problems = new ArrayList<>();
        withoutRule.forEach(op -> problems.add(op + " has no access rule: add rule(\"" + op + "\", …) to RULES"));
        gone.forEach(op -> problems.add(op + " has a rule but is not in the OpenAPI document: remove it from RULES"));
        twice.forEach(op -> problems.add(op + " has more than one rule"));
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /**
     * Per operation: the callers it refuses and every bad credential, then a read-back showing that those refused
     * requests changed nothing, then the callers it allows.
     */
    @TestFactory
    Stream<DynamicContainer> everyCallerMayUseWhatItsRuleAllowsAndNothingElse() {
        List<DynamicContainer> containers = new ArrayList<>();
        for (Rule rule : documentedRules()) {
            List<DynamicTest> refused = new ArrayList<>();
            List<DynamicTest> allowed = new ArrayList<>();
            for (Caller caller : Caller.values()) {
                (rule.access.allowed.contains(caller) ? allowed : refused)
                        .add(DynamicTest.dynamicTest("by " + caller, () -> byCaller(rule, caller)));
            }
            for (BadCredential credential : BadCredential.values()) {
                refused.add(DynamicTest.dynamicTest("with " + credential, () -> withBadCredential(rule, credential)));
            }
            List<DynamicTest> tests = new ArrayList<>(refused);
            if (rule.writes()) {
                tests.add(DynamicTest.dynamicTest(
                        "refused requests changed nothing", () -> world().assertUnchanged(rule)));
            }
            tests.addAll(allowed);
            containers.add(DynamicContainer.dynamicContainer(rule.key(), tests));
        }
        return containers.stream();
    }

    private void byCaller(Rule rule, Caller caller) {
        if (rule.access.allowed.contains(caller)) {
            allowed(rule, caller);
            return;
        }
        World w = world();
        Consumer<ValidatableResponse> refusal =
                rule.refusals.getOrDefault(caller, r -> Api.problem(r, 403, "forbidden"));
        w.refused(
                rule,
                () -> refusal.accept(
                        rule.send(Api.as(w.fixture.token(caller)), w.fixture).then()));
    }

    /** Reads (and public requests, which change no resource) on the shared fixture; writes on a fresh one. */
    private void allowed(Rule rule, Caller caller) {
        Fixture fixture;
        if (rule.writes() && rule.access != PUBLIC) {
            fixture = Fixture.create(rule.state);
            rule.before.accept(fixture);
        } else {
            fixture = world().fixture;
            rule.before.accept(fixture); // what the read needs (e.g. a check-in for checkins/me)
        }
        String token = rule.revokesCallerToken && caller == ORGANIZER ? newOrganizer() : fixture.token(caller);
        Response response = rule.send(Api.as(token), fixture);
        assertEquals(rule.status, response.statusCode(), rule + " by " + caller + ": " + response.asString());
    }

    /** A token of a new organizer account. */
    private static String newOrganizer() {
        String username = "organizer-" + unique();
        Api.createUser(username, Api.HOST_PASSWORD, "ORGANIZER");
        return Api.login(username, Api.HOST_PASSWORD);
    }

    private void withBadCredential(Rule rule, BadCredential credential) {
        World w = world();
        if (rule.access == PUBLIC) {
            Response response = rule.send(w.request(credential), w.fixture);
            assertEquals(rule.status, response.statusCode(), rule + ": " + response.asString());
            return;
        }
        w.refused(
                rule,
                () -> Api.unauthorized(
                        rule.send(w.request(credential), w.fixture).then()));
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

    static Map<String, Object> awardBody() {
        return Map.of(
                "recipientType",
                "COLLECTIVE",
                "name",
                "Ban Dân vận Thành ủy Đà Nẵng",
                "award",
                "Bằng khen của Bộ trưởng");
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

    /** A conference on a day of its own (so that a replaced conference keeps its sites free). */
    static Map<String, Object> conferenceBody() {
        LocalDate day = Api.freshDay();
        return Api.conferenceBody("Hội nghị sơ kết " + unique(), Api.at(day, "08:00"), Api.at(day, "11:30"));
    }
}
