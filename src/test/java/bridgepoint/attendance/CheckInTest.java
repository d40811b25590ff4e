package bridgepoint.attendance;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Attendance.checkIn;
import static bridgepoint.support.Attendance.checkInBody;
import static bridgepoint.support.Attendance.checkInMe;
import static bridgepoint.support.Attendance.checkIns;
import static bridgepoint.support.Attendance.current;
import static bridgepoint.support.Attendance.delegate;
import static bridgepoint.support.Attendance.history;
import static bridgepoint.support.Attendance.joinedDelegate;
import static bridgepoint.support.Attendance.rollUp;
import static bridgepoint.support.Attendance.scheduled;
import static bridgepoint.support.Attendance.unchanged;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Check-ins by organizers, site hosts and delegates: idempotence, moves with history, states, scope rules. */
@QuarkusTest
class CheckInTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anOrganizerChecksInOnceAndARepeatAnswersTheSameCheckIn() {
        Setup s = scheduled();
        String d = delegate(s, s.host(), "Trần Quốc Tỏ");
        OffsetDateTime before = OffsetDateTime.now();

        ExtractableResponse<Response> created = checkIn(s, d, s.host())
                .statusCode(201)
                .body("delegateId", equalTo(d))
                .body("siteId", equalTo(s.host()))
                .body("assignedSiteId", equalTo(s.host()))
                .body("atAssignedSite", equalTo(true))
                .body("method", equalTo("ORGANIZER"))
                .body("recordedBy", equalTo("admin"))
                .body("movedFromSiteId", nullValue())
                .body("current", equalTo(true))
                .body("at", endsWith("+07:00"))
                .body("recordedAt", endsWith("+07:00"))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith(checkIns(s) + "/" + id), created.header("Location"));
        OffsetDateTime at = OffsetDateTime.parse(created.path("at"));
        assertFalse(
                at.isBefore(before.minusSeconds(1))
                        || at.isAfter(OffsetDateTime.now().plusSeconds(1)),
                "check-in time " + at + " is not the time of the request");
        assertEquals(
                created.<String>path("at"),
                created.path("recordedAt"),
                "an online check-in happens when it is recorded");
        Map<String, Object> first = created.jsonPath().getMap("");

        // again, and again without siteId (the assigned site): 200 with the very same check-in
        assertEquals(
                first,
                checkIn(s, d, s.host()).statusCode(200).extract().jsonPath().getMap(""));
        assertEquals(
                first, checkIn(s, d, null).statusCode(200).extract().jsonPath().getMap(""));
        assertEquals(
                first,
                asOrganizer()
                        .get(created.header("Location"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap(""));
        assertEquals(List.of(first), history(s, d));
    }

    @Test
    void parallelCheckInsOfOneDelegateCreateExactlyOne() {
        Setup s = scheduled();
        String d = delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");

        List<Response> responses = Api.parallel(
                20, i -> asOrganizer().body(checkInBody(d, s.remote())).post(checkIns(s)));

        List<Integer> statuses = responses.stream().map(Response::statusCode).toList();
        assertEquals(1, statuses.stream().filter(code -> code == 201).count(), "one 201 among " + statuses);
        assertEquals(19, statuses.stream().filter(code -> code == 200).count(), "nineteen 200 among " + statuses);
        Set<String> ids =
                responses.stream().map(r -> r.jsonPath().getString("id")).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "every answer names the same check-in: " + ids);
        List<Map<String, Object>> history = history(s, d);
        assertEquals(1, history.size(), "check-ins stored: " + history);
        assertEquals(ids.iterator().next(), history.get(0).get("id"));
        assertEquals(ids.iterator().next(), current(s, d).get("id"));
        assertEquals(1, Api.total(checkIns(s) + "?current=true"));
    }

    @Test
    void parallelCheckInsAtTwoSitesLeaveOneCurrentCheckInAndTheirHistory() {
        Setup s = scheduled();
        String d = delegate(s, s.host(), "Phạm Đức Thắng");

        List<Response> responses = Api.parallel(
                20,
                i -> asOrganizer()
                        .body(checkInBody(d, i % 2 == 0 ? s.host() : s.remote()))
                        .post(checkIns(s)));

        responses.forEach(r -> assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.asString()));
        // an online check-in answered 201 always moved the delegate (it was current when it was answered)
        responses.stream()
                .filter(r -> r.statusCode() == 201)
                .forEach(r -> assertTrue(r.jsonPath().getBoolean("current"), r.asString()));
        Set<String> created = responses.stream()
                .filter(r -> r.statusCode() == 201)
                .map(r -> r.jsonPath().getString("id"))
                .collect(Collectors.toSet());
        List<Map<String, Object>> history = history(s, d);
        assertEquals(
                created,
                history.stream().map(c -> c.get("id")).collect(Collectors.toSet()),
                "every 201 is one stored check-in");
        assertEquals(
                1,
                history.stream()
                        .filter(c -> Boolean.TRUE.equals(c.get("current")))
                        .count(),
                history.toString());
        // each check-in after the first moved the delegate from the site of the one before it
        for (int i = 0; i < history.size() - 1; i++) {
            assertEquals(history.get(i + 1).get("siteId"), history.get(i).get("movedFromSiteId"), history.toString());
        }
        assertEquals(history.get(0).get("id"), current(s, d).get("id"), "the newest check-in is the current one");
        assertEquals(1, rollUp(s).getInt("totals.checkedIn"));
    }

    /**
     * A check-in that holds the delegate (an offline entry, a second check-in: the locked path) and writes the
     * delegate's current check-in, while the delegate's first online check-in arrives. The first check-in used to
     * write its index entry before it touched the delegate row, then wait for the row while the other waited for
     * that index entry: PostgreSQL broke the deadlock by failing one of them (a 500). Here the connection stands in
     * for the locked path, so that the two meet in exactly that order.
     */
    @Test
    void aFirstCheckInWaitsForACheckInThatHoldsTheDelegateInsteadOfDeadlockingWithIt() throws Exception {
        Setup s = scheduled();
        String d = delegate(s, s.remote(), "Lê Văn Hưu");
        UUID offline = UUID.randomUUID();
        CompletableFuture<Response> online;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("set local lock_timeout = '20s'"); // a wait, never a hang
            }
            try (PreparedStatement lock = c.prepareStatement("select 1 from delegate where id = ? for update")) {
                lock.setObject(1, UUID.fromString(d));
                lock.executeQuery().close();
            }
            online = CompletableFuture.supplyAsync(
                    () -> asOrganizer().body(checkInBody(d, s.remote())).post(checkIns(s)));
            await().atMost(Duration.ofSeconds(20)).until(() -> blockedBy(c) > 0);

            try (PreparedStatement insert = c.prepareStatement("""
                    insert into checkin (id, conference_id, delegate_id, site_id, at, recorded_at, method, recorded_by,
                                         current)
                    values (?, ?, ?, ?, now() - interval '5 minutes', now(), 'OFFLINE', 'tablet', true)""")) {
                insert.setObject(1, offline);
                insert.setObject(2, UUID.fromString(s.conference()));
                insert.setObject(3, UUID.fromString(d));
                insert.setObject(4, UUID.fromString(s.remote()));
                insert.executeUpdate();
            }
            c.commit();
        }

        // the online check-in waited, then found the delegate checked in there already
        Response answer = online.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(offline.toString(), answer.jsonPath().getString("id"));
        assertEquals(1, history(s, d).size());
    }

    /** How many other sessions wait for a lock that this connection holds. */
    private static int blockedBy(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select count(*) from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void delegatesRemovedWhileTheyAreCheckedInAreNotFoundNeverAnError() {
        Setup s = scheduled();
        List<String> delegates = IntStream.range(0, 30)
                .mapToObj(i -> delegate(s, i % 2 == 0 ? s.host() : s.remote(), "Đại biểu " + i))
                .toList();

        // each delegate checked in and removed at the same moment
        List<Response> responses = Api.parallel(
                60,
                i -> i % 2 == 0
                        ? asOrganizer()
                                .body(checkInBody(delegates.get(i / 2), null))
                                .post(checkIns(s))
                        : asOrganizer().delete(s.path() + "/delegates/" + delegates.get(i / 2)));

        for (int i = 0; i < responses.size(); i++) {
            int status = responses.get(i).statusCode();
            if (i % 2 == 0) {
                assertTrue(
                        status == 201 || status == 404,
                        "check-in: " + responses.get(i).asString());
            } else {
                assertEquals(204, status, "removal: " + responses.get(i).asString());
            }
        }
        assertEquals(0, Api.total(checkIns(s)), "a removed delegate's check-ins go with it");
        assertEquals(0, rollUp(s).getInt("totals.checkedIn"));
    }

    @Test
    void aSiteLeavingTheConferenceWhileDelegatesCheckInThereEitherStaysWithThemOrTakesNone() {
        for (int round = 0; round < 4; round++) {
            Setup s = scheduled();
            String visited = Api.createSite();
            Api.addSite(s.conference(), visited, "REMOTE");
            List<String> delegates = IntStream.range(0, 12)
                    .mapToObj(i -> delegate(s, s.host(), "Đại biểu " + i))
                    .toList();

            // twelve check-ins at the site and, in the middle of them, its removal from the conference
            List<Response> responses = Api.parallel(
                    13,
                    i -> i == 6
                            ? asOrganizer().delete(s.path() + "/sites/" + visited)
                            : asOrganizer()
                                    .body(checkInBody(delegates.get(i < 6 ? i : i - 1), visited))
                                    .post(checkIns(s)));

            int removal = responses.get(6).statusCode();
            long checkedIn =
                    responses.stream().filter(r -> r.statusCode() == 201).count();
            for (int i = 0; i < responses.size(); i++) {
                if (i != 6) {
                    int status = responses.get(i).statusCode();
                    assertTrue(
                            status == 201 || status == 400,
                            "check-in: " + responses.get(i).asString());
                }
            }
            assertEquals(checkedIn, Api.total(checkIns(s) + "?siteId=" + visited), "every 201 is stored");
            if (removal == 204) {
                assertEquals(0, checkedIn, "the site left, yet check-ins there were taken");
            } else {
                problem(responses.get(6).then(), 409, "site-has-attendance");
                assertTrue(checkedIn > 0);
            }
        }
    }

    @Test
    void aDelegateChecksItselfIn() {
        Setup s = scheduled();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.host(), "Lê Thị Thu Hà");
        String d = (String) delegate.get("id");
        String token = Api.join((String) delegate.get("joinCode"));

        Map<String, Object> first = checkInMe(token, s, null)
                .statusCode(201)
                .body("delegateId", equalTo(d))
                .body("siteId", equalTo(s.host()))
                .body("atAssignedSite", equalTo(true))
                .body("method", equalTo("SELF"))
                .body("recordedBy", equalTo("delegate:" + d))
                .body("current", equalTo(true))
                .extract()
                .jsonPath()
                .getMap("");
        assertEquals(
                first,
                checkInMe(token, s, null).statusCode(200).extract().jsonPath().getMap(""));
        assertEquals(
                first,
                checkInMe(token, s, s.host())
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap(""));
        // the delegate reads its own check-in
        Api.as(token)
                .get(checkIns(s) + "/{c}", first.get("id"))
                .then()
                .statusCode(200)
                .body("id", equalTo(first.get("id")));

        // at the other site: the delegate moves there
        Map<String, Object> moved = checkInMe(token, s, s.remote())
                .statusCode(201)
                .body("siteId", equalTo(s.remote()))
                .body("atAssignedSite", equalTo(false))
                .body("movedFromSiteId", equalTo(s.host()))
                .body("method", equalTo("SELF"))
                .extract()
                .jsonPath()
                .getMap("");
        assertEquals(
                List.of(moved.get("id"), first.get("id")),
                history(s, d).stream().map(c -> c.get("id")).toList());
        assertEquals(moved.get("id"), current(s, d).get("id"));
    }

    @Test
    void aDelegateReadsItsCurrentCheckInHoweverItWasMade() {
        Setup s = scheduled();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.host(), "Lê Thị Thu Hà");
        String d = (String) delegate.get("id");
        String token = Api.join((String) delegate.get("joinCode"));
        String colleagueToken = joinedDelegate(s, s.host(), "Phạm Minh Chính");

        Api.as(token).get(checkIns(s) + "/me").then().statusCode(204).body(emptyString());

        // checked in by a host: the delegate reads it
        Map<String, Object> byHost = checkIn(Api.as(Api.siteHost(s.host())), s, d, null)
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("");
        assertEquals(
                byHost,
                Api.as(token)
                        .get(checkIns(s) + "/me")
                        .then()
                        .statusCode(200)
                        .body("method", equalTo("SITE_HOST"))
                        .extract()
                        .jsonPath()
                        .getMap(""));
        // after a move, the current one
        Map<String, Object> moved = checkInMe(token, s, s.remote())
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("");
        Api.as(token)
                .get(checkIns(s) + "/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(moved.get("id")))
                .body("siteId", equalTo(s.remote()))
                .body("current", equalTo(true));
        // a colleague's /me is the colleague's own
        Api.as(colleagueToken).get(checkIns(s) + "/me").then().statusCode(204);
        // delegates only, of this conference
        problem(Api.asOrganizer().get(checkIns(s) + "/me").then(), 403, "forbidden");
        Setup other = scheduled();
        String otherToken = joinedDelegate(other, other.host(), "Đinh Tiến Dũng");
        problem(Api.as(otherToken).get(checkIns(s) + "/me").then(), 403, "forbidden");
        Api.unauthorized(Api.anonymous().get(checkIns(s) + "/me").then());
    }

    @Test
    void checkingInAtAnotherSiteThanTheAssignedOneIsAllowedAndRecorded() {
        Setup s = scheduled();
        String d = delegate(s, s.host(), "Võ Văn Thưởng");

        checkIn(s, d, s.remote())
                .statusCode(201)
                .body("siteId", equalTo(s.remote()))
                .body("assignedSiteId", equalTo(s.host()))
                .body("atAssignedSite", equalTo(false))
                .body("movedFromSiteId", nullValue())
                .body("current", equalTo(true));
        assertEquals(s.remote(), current(s, d).get("siteId"));
    }

    @Test
    void aCheckInAtASecondSiteMovesTheDelegateAndKeepsTheHistory() {
        Setup s = scheduled();
        String d = delegate(s, s.host(), "Đặng Thị Ngọc Thịnh");
        String other = delegate(s, s.host(), "Trương Hòa Bình");
        checkIn(s, other, null).statusCode(201);

        String first = checkIn(s, d, s.host()).statusCode(201).extract().path("id");
        Map<String, Object> moved = checkIn(s, d, s.remote())
                .statusCode(201)
                .body("siteId", equalTo(s.remote()))
                .body("movedFromSiteId", equalTo(s.host()))
                .body("atAssignedSite", equalTo(false))
                .body("current", equalTo(true))
                .extract()
                .jsonPath()
                .getMap("");
        assertEquals(
                moved,
                checkIn(s, d, s.remote()).statusCode(200).extract().jsonPath().getMap(""));

        List<Map<String, Object>> history = history(s, d);
        assertEquals(
                List.of(moved.get("id"), first),
                history.stream().map(c -> c.get("id")).toList());
        assertEquals(
                List.of(true, false),
                history.stream().map(c -> c.get("current")).toList());
        assertEquals(s.host(), history.get(1).get("siteId"));
        assertEquals(moved.get("id"), current(s, d).get("id"));
        // the filters of the list
        asOrganizer()
                .queryParam("siteId", s.host())
                .get(checkIns(s))
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(first, checkInIdOf(s, other)))
                .body("total", equalTo(2));
        asOrganizer()
                .queryParam("siteId", s.host())
                .queryParam("current", true)
                .get(checkIns(s))
                .then()
                .statusCode(200)
                .body("items.delegateId", containsInAnyOrder(other));
        asOrganizer()
                .queryParam("current", false)
                .get(checkIns(s))
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(first));

        // and back: a third check-in, moved from the second site
        checkIn(s, d, null)
                .statusCode(201)
                .body("siteId", equalTo(s.host()))
                .body("movedFromSiteId", equalTo(s.remote()))
                .body("atAssignedSite", equalTo(true));
        assertEquals(3, history(s, d).size());
        assertEquals(s.host(), current(s, d).get("siteId"));
    }

    private static String checkInIdOf(Setup s, String delegateId) {
        return (String) current(s, delegateId).get("id");
    }

    @Test
    void checkInsAreTakenWhileTheConferenceIsScheduledOrLive() {
        Setup s = Api.setup();
        String d = delegate(s, s.host(), "Hoàng Trung Hải");
        String token = joinedDelegate(s, s.remote(), "Bùi Thị Minh Hoài");

        Snapshot draft = unchanged(s);
        problem(checkIn(s, d, s.host()), 409, "conference-closed").body("currentStatus", equalTo("DRAFT"));
        problem(checkInMe(token, s, null), 409, "conference-closed");
        draft.assertUnchanged();

        Api.advance(s.conference(), "publish");
        checkIn(s, d, s.host()).statusCode(201);
        Api.advance(s.conference(), "start");
        checkInMe(token, s, null).statusCode(201);
        checkIn(s, d, s.remote()).statusCode(201);
        Api.advance(s.conference(), "end");

        Snapshot ended = unchanged(s);
        problem(checkIn(s, d, s.host()), 409, "conference-closed").body("currentStatus", equalTo("ENDED"));
        problem(checkIn(s, d, s.remote()), 409, "conference-closed");
        problem(checkInMe(token, s, s.host()), 409, "conference-closed");
        ended.assertUnchanged();

        Setup cancelled = Api.setup();
        String c = delegate(cancelled, cancelled.host(), "Hoàng Trung Hải");
        Api.advance(cancelled.conference(), "publish", "cancel");
        Snapshot before = unchanged(cancelled);
        problem(checkIn(cancelled, c, null), 409, "conference-closed").body("currentStatus", equalTo("CANCELLED"));
        before.assertUnchanged();
    }

    @Test
    void unknownDelegatesSitesAndBadBodiesAreRefused() {
        Setup s = scheduled();
        String d = delegate(s, s.host(), "Ngô Xuân Lịch");
        Setup other = scheduled();
        String stranger = delegate(other, other.host(), "Ngô Xuân Lịch");
        String outsider = Api.createSite();
        Snapshot before = unchanged(s);
        Snapshot otherBefore = unchanged(other);

        problem(checkIn(s, UUID.randomUUID().toString(), s.host()), 404, "not-found");
        problem(checkIn(s, UUID.randomUUID().toString(), null), 404, "not-found");
        // a delegate of another conference is unknown here
        problem(checkIn(s, stranger, s.host()), 404, "not-found");
        problem(checkIn(s, stranger, null), 404, "not-found");
        // a site that does not take part
        invalid(checkIn(s, d, outsider), "siteId");
        invalid(checkIn(s, d, other.host()), "siteId");
        invalid(checkIn(s, d, UUID.randomUUID().toString()), "siteId");
        // bad bodies
        invalid(checkIn(s, null, s.host()), "delegateId");
        invalid(checkIn(asOrganizer(), s, Map.of()), "delegateId");
        invalid(checkIn(asOrganizer(), s, Map.of("delegateId", "not-a-uuid")), "delegateId");
        invalid(checkIn(asOrganizer(), s, Map.of("delegateId", d, "siteId", 42)), "siteId");
        problem(asOrganizer().body("{\"delegateId\":").post(checkIns(s)).then(), 400, "malformed-json");
        problem(asOrganizer().post(checkIns(s)).then(), 400);
        // an unknown conference
        problem(
                checkIn(asOrganizer(), new Setup(UUID.randomUUID().toString(), s.host(), s.remote(), s.day()), d, null),
                404,
                "not-found");
        before.assertUnchanged();
        otherBefore.assertUnchanged();
        Api.unauthorized(
                Api.anonymous().body(checkInBody(d, null)).post(checkIns(s)).then());
        before.assertUnchanged();
    }

    @Test
    void aSiteHostChecksInAtItsOwnSitesOnly() {
        Setup s = scheduled();
        String atHost = delegate(s, s.host(), "Trần Quốc Tỏ");
        String atRemote = delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");
        String username = "host-" + Api.unique();
        Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", s.remote());
        String hostOfRemote = Api.login(username, Api.HOST_PASSWORD);
        Setup other = scheduled();
        String hostOfOther = Api.siteHost(other.host(), other.remote());
        Snapshot before = unchanged(s);

        // Đà Nẵng's host cannot check anyone in at Hà Nội, named or by default
        problem(checkIn(Api.as(hostOfRemote), s, atHost, s.host()), 403, "forbidden");
        problem(checkIn(Api.as(hostOfRemote), s, atHost, null), 403, "forbidden");
        problem(checkIn(Api.as(hostOfRemote), s, atRemote, s.host()), 403, "forbidden");
        // a host of another conference's sites cannot check in here at all
        problem(checkIn(Api.as(hostOfOther), s, atRemote, s.remote()), 403, "forbidden");
        problem(checkIn(Api.as(hostOfOther), s, atRemote, null), 403, "forbidden");
        problem(checkIn(Api.as(hostOfOther), s, atRemote, other.host()), 400);
        // nor list its check-ins of a site it does not host
        problem(
                Api.as(hostOfRemote)
                        .queryParam("siteId", s.host())
                        .get(checkIns(s))
                        .then(),
                403,
                "forbidden");
        problem(Api.as(hostOfOther).get(checkIns(s)).then(), 403, "forbidden");
        before.assertUnchanged();

        // at its own site: its own delegates, and a Hà Nội delegate (flagged)
        String own = checkIn(Api.as(hostOfRemote), s, atRemote, null)
                .statusCode(201)
                .body("siteId", equalTo(s.remote()))
                .body("atAssignedSite", equalTo(true))
                .body("method", equalTo("SITE_HOST"))
                .body("recordedBy", equalTo(username))
                .extract()
                .path("id");
        String visiting = checkIn(Api.as(hostOfRemote), s, atHost, s.remote())
                .statusCode(201)
                .body("siteId", equalTo(s.remote()))
                .body("assignedSiteId", equalTo(s.host()))
                .body("atAssignedSite", equalTo(false))
                .body("method", equalTo("SITE_HOST"))
                .extract()
                .path("id");
        checkIn(Api.as(hostOfRemote), s, atHost, s.remote()).statusCode(200).body("id", equalTo(visiting));

        // it lists the check-ins of its own sites only
        String organizers = checkIn(s, delegate(s, s.host(), "Lê Minh Hưng"), null)
                .statusCode(201)
                .extract()
                .path("id");
        Api.as(hostOfRemote)
                .get(checkIns(s))
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(own, visiting))
                .body("total", equalTo(2));
        Api.as(hostOfRemote).get(checkIns(s) + "/{c}", organizers).then().statusCode(403);
        asOrganizer()
                .get(checkIns(s))
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(own, visiting, organizers));
    }

    @Test
    void delegatesCheckInOnlyThemselvesInTheirOwnConference() {
        Setup s = scheduled();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.host(), "Lê Thị Thu Hà");
        String token = Api.join((String) delegate.get("joinCode"));
        String colleague = delegate(s, s.host(), "Phạm Minh Chính");
        Setup other = scheduled();
        String otherToken = joinedDelegate(other, other.host(), "Đinh Tiến Dũng");
        String hostToken = Api.siteHost(s.host());
        Snapshot before = unchanged(s);
        Snapshot otherBefore = unchanged(other);

        problem(checkIn(Api.as(token), s, colleague, null), 403, "forbidden");
        problem(checkIn(Api.as(token), s, colleague, s.host()), 403, "forbidden");
        // not even itself through the organizers' endpoint
        problem(checkIn(Api.as(token), s, (String) delegate.get("id"), null), 403, "forbidden");
        // /me on another conference
        problem(checkInMe(otherToken, s, null), 403, "forbidden");
        problem(checkInMe(token, other, null), 403, "forbidden");
        // /me is for delegates only
        problem(checkInMe(Api.organizer(), s, null), 403, "forbidden");
        problem(checkInMe(hostToken, s, s.host()), 403, "forbidden");
        // nor does a delegate read the check-ins
        problem(Api.as(token).get(checkIns(s)).then(), 403, "forbidden");
        Api.unauthorized(Api.anonymous().post(checkIns(s) + "/me").then());
        before.assertUnchanged();
        otherBefore.assertUnchanged();
    }

    @Test
    void theDelegatesListFiltersOnCheckedIn() {
        Setup s = scheduled();
        String present = delegate(s, s.host(), "Trần Quốc Tỏ");
        String moved = delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");
        String absent = delegate(s, s.remote(), "Lê Thị Thu Hà");
        String absentToo = delegate(s, s.host(), "Phạm Đức Thắng");
        String delegates = s.path() + "/delegates";
        asOrganizer()
                .queryParam("checkedIn", true)
                .get(delegates)
                .then()
                .statusCode(200)
                .body("total", equalTo(0));

        checkIn(s, present, null).statusCode(201);
        checkIn(s, moved, null).statusCode(201);
        checkIn(s, moved, s.host()).statusCode(201);

        asOrganizer()
                .queryParam("checkedIn", true)
                .get(delegates)
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(present, moved))
                .body("total", equalTo(2));
        asOrganizer()
                .queryParam("checkedIn", "false")
                .get(delegates)
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(absent, absentToo))
                .body("total", equalTo(2));
        asOrganizer().get(delegates).then().statusCode(200).body("total", equalTo(4));
        asOrganizer()
                .queryParam("checkedIn", true)
                .queryParam("siteId", s.remote())
                .get(delegates)
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(moved));
        asOrganizer()
                .queryParam("checkedIn", false)
                .queryParam("q", "thu ha")
                .get(delegates)
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(absent));
        // a site host: its own sites' delegates
        Api.as(Api.siteHost(s.remote()))
                .queryParam("checkedIn", false)
                .get(delegates)
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(absent));
        invalid(asOrganizer().queryParam("checkedIn", "yes").get(delegates).then(), "checkedIn");
    }
}
