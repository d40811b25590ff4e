package bridgepoint.security;

import bridgepoint.support.Api;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.anonymous;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Logging in, joining with a code, the throttle of both, and the tokens the service accepts. */
@QuarkusTest
class AuthenticationTest extends ClockedTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.login.free-failures")
    int freeFailures;

    @Inject
    @ConfigProperty(name = "bridgepoint.auth.address.failure-budget")
    int failureBudget;

    @Test
    void theRightCredentialsGiveABearerTokenWithRoleAndSites() {
        String site = Api.createSite("Điểm cầu Đà Nẵng " + unique(), "Đà Nẵng");
        String username = "danang-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", site);

        String token = anonymous()
                .body(Map.of("username", username, "password", "mat-khau-dung-1"))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("accessToken", not(emptyOrNullString()))
                .body("expiresIn", greaterThan(0))
                .body("role", equalTo("SITE_HOST"))
                .body("siteIds", equalTo(List.of(site)))
                .extract()
                .path("accessToken");
        Api.as(token).get("/api/sites/" + site).then().statusCode(200);

        anonymous()
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .body("role", equalTo("ORGANIZER"))
                .body("siteIds", equalTo(List.of()));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        String username = "host-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite("Hội trường " + unique(), "Hà Nội"));

        Map<String, Object> wrongPassword = Api.unauthorized(anonymous()
                        .body(Map.of("username", username, "password", "mat-khau-sai-1"))
                        .post("/api/auth/token")
                        .then())
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> unknownUser = Api.unauthorized(anonymous()
                        .body(Map.of("username", "nobody-" + unique(), "password", "mat-khau-sai-1"))
                        .post("/api/auth/token")
                        .then())
                .extract()
                .jsonPath()
                .getMap("");

        wrongPassword.remove("instance");
        unknownUser.remove("instance");
        assertEquals(wrongPassword, unknownUser);
        assertThat(wrongPassword.toString(), not(containsString(username)));
    }

    @Test
    void missingCredentialsAreABadRequest() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of(),
                Map.of("username", "admin"),
                Map.of("password", "admin"),
                Map.of("username", "", "password", "admin"))) {
            Api.problem(anonymous().body(body).post("/api/auth/token").then(), 400)
                    .body("errors.field", hasItem(body.containsKey("password") ? "username" : "password"));
        }
        Api.problem(anonymous().post("/api/auth/token").then(), 400);
        Api.problem(anonymous().body(Map.of()).post("/api/join").then(), 400).body("errors.field", hasItem("code"));
    }

    @Test
    void aJoinCodeWorksInAnyCaseWithOrWithoutDashes() {
        Api.Setup setup = Api.setup();
        Map<String, Object> delegate = Api.createDelegate(setup.conference(), setup.remote(), "Lê Thị Thu Hà");
        String code = (String) delegate.get("joinCode");
        assertThat(code, matchesPattern("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"));

        for (String typed : List.of(
                code,
                code.toLowerCase(),
                code.replace("-", ""),
                code.toLowerCase().replace("-", ""),
                " " + code.replace('-', ' ') + " ")) {
            String token = anonymous()
                    .body(Map.of("code", typed))
                    .post("/api/join")
                    .then()
                    .statusCode(200)
                    .body("conferenceId", equalTo(setup.conference()))
                    .body("delegateId", equalTo(delegate.get("id")))
                    .body("siteId", equalTo(setup.remote()))
                    .body("tokenType", equalTo("Bearer"))
                    .body("expiresIn", greaterThan(0))
                    .extract()
                    .path("accessToken");
            Api.as(token)
                    .get("/api/conferences/{c}/delegates/{d}", setup.conference(), delegate.get("id"))
                    .then()
                    .statusCode(200)
                    .body("joinCode", equalTo(code));
        }
    }

    @Test
    void anUnknownJoinCodeIs401() {
        Api.Setup setup = Api.setup();
        String code = (String) Api.createDelegate(setup.conference(), setup.host(), "Nguyễn Văn Hùng")
                .get("joinCode");
        String other = code.charAt(0) == '7' ? "8" + code.substring(1) : "7" + code.substring(1);

        for (String typed : List.of(other, "hello", code + "7")) {
            Api.unauthorized(
                    anonymous().body(Map.of("code", typed)).post("/api/join").then());
        }
    }

    @Test
    void aNewJoinCodeReplacesTheOldOne() {
        Api.Setup setup = Api.setup();
        Map<String, Object> delegate = Api.createDelegate(setup.conference(), setup.host(), "Nguyễn Văn Hùng");
        String old = (String) delegate.get("joinCode");

        String fresh = Api.asOrganizer()
                .post("/api/conferences/{c}/delegates/{d}/join-code", setup.conference(), delegate.get("id"))
                .then()
                .statusCode(200)
                .extract()
                .path("joinCode");

        assertNotEquals(old, fresh);
        Api.unauthorized(anonymous().body(Map.of("code", old)).post("/api/join").then());
        anonymous()
                .body(Map.of("code", fresh))
                .post("/api/join")
                .then()
                .statusCode(200)
                .body("delegateId", equalTo(delegate.get("id")));
    }

    @Test
    void replacingAJoinCodeRemovingADelegateOrDeletingAnAccountRevokesTheirTokens() {
        Api.Setup setup = Api.setup();
        String conference = "/api/conferences/" + setup.conference();
        Map<String, Object> leaked = Api.createDelegate(setup.conference(), setup.host(), "Nguyễn Văn Hùng");
        Map<String, Object> removed = Api.createDelegate(setup.conference(), setup.host(), "Trần Thị Mai");
        Map<String, Object> colleague = Api.createDelegate(setup.conference(), setup.host(), "Lê Văn Trung");
        String leakedToken = Api.join((String) leaked.get("joinCode"));
        String removedToken = Api.join((String) removed.get("joinCode"));
        String colleagueToken = Api.join((String) colleague.get("joinCode"));
        String username = "host-" + unique();
        String password = "mật-khẩu-" + unique();
        String account = Api.createUser(username, password, "SITE_HOST", setup.host());
        String hostToken = Api.login(username, password);
        for (String token : List.of(leakedToken, removedToken, colleagueToken, hostToken)) {
            Api.as(token).get(conference).then().statusCode(200);
        }

        String fresh = Api.asOrganizer()
                .post(conference + "/delegates/{d}/join-code", leaked.get("id"))
                .then()
                .statusCode(200)
                .extract()
                .path("joinCode");
        Api.unauthorized(Api.as(leakedToken).get(conference).then());
        Api.as(Api.join(fresh)).get(conference).then().statusCode(200);

        Api.asOrganizer()
                .delete(conference + "/delegates/{d}", removed.get("id"))
                .then()
                .statusCode(204);
        Api.unauthorized(Api.as(removedToken).get(conference).then());

        Api.asOrganizer().delete("/api/users/{u}", account).then().statusCode(204);
        Api.unauthorized(Api.as(hostToken).get(conference).then());

        // nobody else lost anything
        Api.as(colleagueToken).get(conference).then().statusCode(200);
        Api.asOrganizer().get(conference).then().statusCode(200);
    }

    @Test
    void manyDelegatesArrivingAtOnceAreEachCheckedAndOnlyTheRevokedAreRefused() {
        Api.Setup setup = Api.setup();
        String conference = "/api/conferences/" + setup.conference();
        List<String> tokens = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Object> delegate = Api.createDelegate(setup.conference(), setup.host(), "Đại biểu " + i);
            tokens.add(Api.join((String) delegate.get("joinCode")));
            boolean leaked = i % 5 == 0;
            if (leaked) {
                Api.asOrganizer()
                        .post(conference + "/delegates/{d}/join-code", delegate.get("id"))
                        .then()
                        .statusCode(200);
            }
            expected.add(leaked ? 401 : 200);
        }

        // none of them seen before by this instance, all at once: read together, each answered on its own
        List<Integer> statuses = Api.parallel(
                        tokens.size(), i -> Api.as(tokens.get(i)).get(conference))
                .stream()
                .map(Response::statusCode)
                .toList();

        assertEquals(expected, statuses);
        // and remembered: the same answers again
        for (int i = 0; i < tokens.size(); i++) {
            Api.as(tokens.get(i)).get(conference).then().statusCode(expected.get(i));
        }
    }

    @Test
    void repeatedWrongPasswordsOfOneAccountAreRefusedFromAnyAddressEvenWhenRightAtLast() {
        clock.freeze(Instant.now()); // no time passes: the wait after the free failures is not over
        String username = "host-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite("Hội trường " + unique(), "Hà Nội"));
        Map<String, String> right = Map.of("username", username, "password", "mat-khau-dung-1");

        for (int i = 0; i < freeFailures; i++) {
            Api.unauthorized(anonymous()
                    .body(Map.of("username", username, "password", "sai-" + i))
                    .post("/api/auth/token")
                    .then());
        }

        Api.problem(anonymous().body(right).post("/api/auth/token").then(), 429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        String other = "host-" + unique();
        Api.createUser(other, "mat-khau-dung-2", "SITE_HOST", Api.createSite("Hội trường " + unique(), "Hà Nội"));
        Api.login(other, "mat-khau-dung-2");
    }

    @Test
    void parallelWrongPasswordsOfOneAccountFromManyAddressesStopAtTheFreeFailures() {
        clock.freeze(Instant.now());
        String username = "host-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite("Hội trường " + unique(), "Hà Nội"));

        List<Integer> statuses = Api.parallel(
                        40,
                        i -> anonymous()
                                .body(Map.of("username", username, "password", "sai-" + i))
                                .post("/api/auth/token"))
                .stream()
                .map(Response::statusCode)
                .toList();

        assertEquals(freeFailures, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        assertEquals(40 - freeFailures, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    }

    @Test
    void parallelUnknownJoinCodesFromOneClientStopAtTheBudget() {
        String client = Api.newClientAddress();
        int n = failureBudget + 20;
        List<Integer> statuses = Api.parallel(
                        n,
                        i -> Api.from(client)
                                .body(Map.of("code", "0000-0000-0001-" + (1000 + i)))
                                .post("/api/join"))
                .stream()
                .map(Response::statusCode)
                .toList();
        assertEquals(failureBudget, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        assertEquals(n - failureBudget, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    }

    @Test
    void rightPasswordsCountNothingAndClearTheAccountsFailures() {
        clock.freeze(Instant.now());
        String username = "host-" + unique();
        Api.createUser(username, "mat-khau-dung-1", "SITE_HOST", Api.createSite("Hội trường " + unique(), "Hà Nội"));
        String client = Api.newClientAddress();
        for (int i = 0; i < 3 * freeFailures; i++) {
            Api.from(client)
                    .body(Map.of("username", username, "password", "mat-khau-dung-1"))
                    .post("/api/auth/token")
                    .then()
                    .statusCode(200);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < freeFailures - 1; i++) {
                Api.unauthorized(Api.from(client)
                        .body(Map.of("username", username, "password", "sai-" + i))
                        .post("/api/auth/token")
                        .then());
            }
            Api.login(username, "mat-khau-dung-1");
        }
        for (int i = 0; i < freeFailures; i++) {
            Api.unauthorized(Api.from(client)
                    .body(Map.of("username", username, "password", "sai-" + i))
                    .post("/api/auth/token")
                    .then());
        }
        Api.problem(
                Api.from(client)
                        .body(Map.of("username", username, "password", "sai-x"))
                        .post("/api/auth/token")
                        .then(),
                429);
    }

    @Test
    void repeatedUnknownJoinCodesFromOneClientAreRefusedEvenWhenRightAtLastButItsLoginsAreNot() {
        Api.Setup setup = Api.setup();
        String code = (String) Api.createDelegate(setup.conference(), setup.host(), "Nguyễn Văn Hùng")
                .get("joinCode");
        String client = Api.newClientAddress();

        for (int i = 0; i < failureBudget; i++) {
            Api.unauthorized(Api.from(client)
                    .body(Map.of("code", "0000-0000-0000-" + (1000 + i)))
                    .post("/api/join")
                    .then());
        }

        Api.problem(
                        Api.from(client)
                                .body(Map.of("code", code))
                                .post("/api/join")
                                .then(),
                        429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        Api.from(client)
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/token")
                .then()
                .statusCode(200);
        Api.from(Api.newClientAddress())
                .body(Map.of("code", code))
                .post("/api/join")
                .then()
                .statusCode(200);
    }

    @Test
    void aTokenExpiresAfterExpiresInSeconds() {
        long before = Instant.now().getEpochSecond();
        JsonPath login = anonymous()
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        long after = Instant.now().getEpochSecond();
        long expiresIn = login.getLong("expiresIn");

        Map<String, Object> claims = Tokens.payload(login.getString("accessToken"));
        long issuedAt = ((Number) claims.get("iat")).longValue();
        long expires = ((Number) claims.get("exp")).longValue();
        assertEquals(expiresIn, expires - issuedAt);
        assertThat(
                expires, allOf(greaterThanOrEqualTo(before + expiresIn - 1), lessThanOrEqualTo(after + expiresIn + 1)));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Tokens.Key key = Tokens.serviceKey(dataSource);
        Map<String, Object> claims = Tokens.payload(Api.organizer());
        long now = Instant.now().getEpochSecond();

        // The same claims signed with the service's key are accepted while they are current...
        claims.put("iat", now - 60);
        claims.put("exp", now + 60);
        Api.as(Tokens.signHs256(claims, key)).get("/api/users").then().statusCode(200);

        // ...and refused once they have expired.
        claims.put("iat", now - 7200);
        claims.put("exp", now - 60);
        Api.unauthorized(Api.as(Tokens.signHs256(claims, key)).get("/api/users").then());
    }

    @Test
    void everyTokenNamesTheKeyThatSignedItTheConfiguredSigningKey() {
        // the test profile's ring: test-new signs, test-old only verifies (application.properties)
        assertEquals("test-new", Tokens.header(Api.organizer()).get("kid"));
        Api.Setup s = Api.setup();
        assertEquals("test-new", Tokens.header(Api.siteHost(s.remote())).get("kid"));
    }

    @Test
    void aTokenSignedByAnOlderKeyOfTheRingIsStillAccepted() {
        Map<String, Object> claims = Tokens.payload(Api.organizer());
        String byOldKey = Tokens.signHs256(claims, Tokens.configuredKey("test-old"));
        assertEquals("test-old", Tokens.header(byOldKey).get("kid"));
        Api.as(byOldKey).get("/api/users").then().statusCode(200);
    }

    @Test
    void aTokenNamingAnUnknownKeyOrNoneIsRefused() {
        Map<String, Object> claims = Tokens.payload(Api.organizer());
        byte[] signing = Tokens.configuredKey("test-new").secret();
        Api.unauthorized(Api.as(Tokens.signHs256(claims, new Tokens.Key("test-unknown", signing)))
                .get("/api/users")
                .then());
        Api.unauthorized(Api.as(Tokens.signHs256(claims, new Tokens.Key(null, signing)))
                .get("/api/users")
                .then());
        // the same claims under the right kid pass: only the kid was wrong
        Api.as(Tokens.signHs256(claims, new Tokens.Key("test-new", signing)))
                .get("/api/users")
                .then()
                .statusCode(200);
    }

    @Test
    void aTokenSignedWithTheDatabaseKeyIsRefusedWhereKeysAreConfigured() {
        Map<String, Object> claims = Tokens.payload(Api.organizer());
        Tokens.Key database = Tokens.databaseKey(dataSource);
        Api.unauthorized(
                Api.as(Tokens.signHs256(claims, database)).get("/api/users").then());
        Api.unauthorized(Api.as(Tokens.signHs256(claims, new Tokens.Key(null, database.secret())))
                .get("/api/users")
                .then());
    }

    @Test
    void aTokenWhosePayloadWasAlteredIsRefused() {
        Api.Setup setup = Api.setup();
        Api.Setup other = Api.setup();
        String host = Api.siteHost(setup.remote());
        Api.problem(Api.as(host).get("/api/users").then(), 403);
        Api.problem(
                Api.as(host)
                        .get("/api/conferences/{c}/delegates", other.conference())
                        .then(),
                403);

        String organizer = Tokens.withPayload(host, claims -> claims.put("groups", List.of("ORGANIZER")));
        Api.unauthorized(Api.as(organizer).get("/api/users").then());

        String moreSites =
                Tokens.withPayload(host, claims -> claims.put("sites", List.of(setup.remote(), other.remote())));
        Api.unauthorized(Api.as(moreSites)
                .get("/api/conferences/{c}/delegates", other.conference())
                .then());

        String later =
                Tokens.withPayload(host, claims -> claims.put("exp", ((Number) claims.get("exp")).longValue() + 86400));
        Api.unauthorized(Api.as(later).get("/api/sites").then());
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        Api.unauthorized(Api.as(Tokens.signHs256(Tokens.payload(Api.organizer()), Tokens.randomKey()))
                .get("/api/users")
                .then());
    }

    @Test
    void anUnsignedTokenIsRefused() {
        Map<String, Object> claims = Tokens.payload(Api.organizer());
        String unsigned = Tokens.unsigned(claims);
        assertEquals("none", Tokens.header(unsigned).get("alg"));

        Api.unauthorized(Api.as(unsigned).get("/api/users").then());
        Api.unauthorized(Api.as(unsigned.substring(0, unsigned.length() - 1))
                .get("/api/users")
                .then());
        String original = Api.organizer();
        Api.unauthorized(Api.as(original.substring(0, original.lastIndexOf('.') + 1))
                .get("/api/users")
                .then());
    }

    @Test
    void onlyBearerTokensAuthenticate() {
        String basic = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        Api.unauthorized(anonymous()
                .header("Authorization", "Basic " + basic)
                .get("/api/users")
                .then());
        Api.unauthorized(
                anonymous().header("Authorization", "Bearer ").get("/api/users").then());
        Api.unauthorized(anonymous()
                .header("Authorization", Api.organizer())
                .get("/api/users")
                .then());
    }
}
