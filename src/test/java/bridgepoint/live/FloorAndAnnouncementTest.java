package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Live;
import bridgepoint.support.Live.Unchanged;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.addItem;
import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.itemBody;
import static bridgepoint.support.Live.data;
import static bridgepoint.support.Live.lastSeq;
import static bridgepoint.support.Live.newEvents;
import static bridgepoint.support.Live.run;
import static bridgepoint.support.Live.types;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The floor, announcements, the live state and the stored event stream, over HTTP. */
@QuarkusTest
class FloorAndAnnouncementTest extends ClockedTest {

    /** A setup, live since 08:00 of its day (the clock stopped there). */
    private Setup live() {
        Setup s = Api.setup();
        liveAt(s, "08:00");
        return s;
    }

    private static ValidatableResponse handOver(RequestSpecification as, Setup s, Object body) {
        return as.body(body).post(s.path() + "/live/handover").then();
    }

    private static ValidatableResponse handOver(Setup s, String siteId) {
        return handOver(asOrganizer(), s, Map.of("siteId", siteId));
    }

    private static ValidatableResponse announce(RequestSpecification as, Setup s, Object body) {
        return as.body(body).post(s.path() + "/announcements").then();
    }

    private static String floor(Setup s) {
        return asOrganizer().get(s.path()).then().statusCode(200).extract().path("floorSiteId");
    }

    private static String delegateOf(Setup s, String siteId) {
        return Api.join((String)
                Api.createDelegate(s.conference(), siteId, "Lê Thị Thu Hà").get("joinCode"));
    }

    // ---- the floor ----

    @Test
    void theConferenceStartGivesTheFloorToTheHostSite() {
        Setup s = Api.setup();
        Api.advance(s.conference(), "publish");
        assertNull(floor(s));
        long mark = lastSeq(s.conference());

        // the clock runs: the times answered, stored in the event and read back must be the same
        String startedAt = Api.transition(s.conference(), "start")
                .statusCode(200)
                .body("floorSiteId", equalTo(s.host()))
                .extract()
                .path("startedAt");
        asOrganizer()
                .get(s.path())
                .then()
                .statusCode(200)
                .body("floorSiteId", equalTo(s.host()))
                .body("startedAt", equalTo(startedAt));
        List<Map<String, Object>> events = newEvents(s.conference(), mark);
        assertEquals(List.of("conference.status"), types(events));
        assertEquals("LIVE", data(events.get(0)).get("status"));
        assertEquals("SCHEDULED", data(events.get(0)).get("previousStatus"));
        assertEquals(s.host(), data(events.get(0)).get("floorSiteId"));
        assertEquals(startedAt, data(events.get(0)).get("startedAt"));
    }

    @Test
    void anOrganizerHandsTheFloorToAParticipatingSite() {
        Setup s = live();
        long mark = lastSeq(s.conference());

        handOver(s, s.remote())
                .statusCode(200)
                .body("conferenceId", equalTo(s.conference()))
                .body("floorSiteId", equalTo(s.remote()));
        assertEquals(s.remote(), floor(s));
        List<Map<String, Object>> events = newEvents(s.conference(), mark);
        assertEquals(List.of("floor.handover"), types(events));
        assertEquals(s.remote(), data(events.get(0)).get("siteId"));
        assertEquals(s.host(), data(events.get(0)).get("previousSiteId"));

        // to the site that has the floor: nothing to do, no event
        Unchanged before = Live.unchanged(s);
        handOver(s, s.remote()).statusCode(200).body("floorSiteId", equalTo(s.remote()));
        before.assertUnchanged();

        before.invalid(handOver(s, Api.createSite()), "siteId");
        before.invalid(handOver(s, UUID.randomUUID().toString()), "siteId");
        before.invalid(handOver(asOrganizer(), s, Map.of()), "siteId");
        before.invalid(handOver(asOrganizer(), s, Collections.singletonMap("siteId", null)), "siteId");
        before.invalid(handOver(asOrganizer(), s, Map.of("siteId", "Đà Nẵng")), "siteId");

        handOver(s, s.host()).statusCode(200).body("floorSiteId", equalTo(s.host()));
        assertEquals(s.host(), floor(s));
    }

    @Test
    void theFloorMovesOnlyWhileTheConferenceIsLive() {
        Setup s = Api.setup();
        assertFloorRefused(s, "DRAFT");
        Api.advance(s.conference(), "publish");
        assertFloorRefused(s, "SCHEDULED");
        Api.advance(s.conference(), "start", "end");
        assertFloorRefused(s, "ENDED");
    }

    private static void assertFloorRefused(Setup s, String status) {
        asOrganizer().get(s.path()).then().body("status", equalTo(status));
        Unchanged before = Live.unchanged(s);
        before.refused(handOver(s, s.remote()), 409, "conference-not-live");
        before.refused(handOver(s, s.host()), 409, "conference-not-live");
    }

    @Test
    void theHostOfTheSiteWithTheFloorMayOnlyHandItBackToTheHostSite() {
        Setup s = Api.setup();
        String third = Api.createSite();
        Api.addSite(s.conference(), third, "REMOTE");
        liveAt(s, "08:00");
        String hostOfHost = Api.siteHost(s.host());
        String hostOfRemote = Api.siteHost(s.remote());
        String hostOfThird = Api.siteHost(third);
        String outsider = Api.siteHost(Api.createSite());
        String delegate = delegateOf(s, s.remote());
        handOver(s, s.remote()).statusCode(200);

        Unchanged before = Live.unchanged(s);
        // the host of the site with the floor: not to another site, nor to itself
        before.forbidden(handOver(Api.as(hostOfRemote), s, Map.of("siteId", third)));
        before.forbidden(handOver(Api.as(hostOfRemote), s, Map.of("siteId", s.remote())));
        // hosts of sites without the floor, even the HOST site's own host
        before.forbidden(handOver(Api.as(hostOfHost), s, Map.of("siteId", s.host())));
        before.forbidden(handOver(Api.as(hostOfThird), s, Map.of("siteId", s.host())));
        before.forbidden(handOver(Api.as(outsider), s, Map.of("siteId", s.host())));
        before.forbidden(handOver(Api.as(delegate), s, Map.of("siteId", s.host())));
        before.unauthorized(handOver(Api.anonymous(), s, Map.of("siteId", s.host())));

        long mark = lastSeq(s.conference());
        handOver(Api.as(hostOfRemote), s, Map.of("siteId", s.host()))
                .statusCode(200)
                .body("floorSiteId", equalTo(s.host()));
        assertEquals(s.host(), floor(s));
        List<Map<String, Object>> events = newEvents(s.conference(), mark);
        assertEquals(List.of("floor.handover"), types(events));
        assertEquals(s.host(), data(events.get(0)).get("siteId"));
        assertEquals(s.remote(), data(events.get(0)).get("previousSiteId"));

        // it no longer has the floor
        Live.unchanged(s).forbidden(handOver(Api.as(hostOfRemote), s, Map.of("siteId", s.host())));
    }

    // ---- announcements ----

    @Test
    void announcementsAreStoredAsEventsForAllSitesOrOne() {
        Setup s = Api.setup();
        Api.advance(s.conference(), "publish");
        long mark = lastSeq(s.conference());

        String text = "Hội nghị bắt đầu lúc 08:00, đề nghị các điểm cầu kiểm tra đường truyền";
        Map<String, Object> toAll = announce(asOrganizer(), s, Map.of("text", text))
                .statusCode(200)
                .body("seq", equalTo((int) mark + 1))
                .body("type", equalTo("announcement"))
                .body("data.text", equalTo(text))
                .body("data.siteId", nullValue())
                .extract()
                .jsonPath()
                .getMap("");

        at(s, "08:00");
        Api.advance(s.conference(), "start");
        String toRemoteText = "Điểm cầu Đà Nẵng chuẩn bị phát biểu sau 5 phút";
        Map<String, Object> toOne = announce(
                        asOrganizer(), s, Map.of("text", "  " + toRemoteText + "\n", "siteId", s.remote()))
                .statusCode(200)
                .body("type", equalTo("announcement"))
                .body("data.text", equalTo(toRemoteText))
                .body("data.siteId", equalTo(s.remote()))
                .body("at", equalTo(s.at("08:00")))
                .extract()
                .jsonPath()
                .getMap("");
        String longest = "đ".repeat(2000);
        Map<String, Object> longestEvent = announce(asOrganizer(), s, Map.of("text", longest))
                .statusCode(200)
                .body("data.text", equalTo(longest))
                .extract()
                .jsonPath()
                .getMap("");

        List<Map<String, Object>> events = newEvents(s.conference(), mark);
        assertEquals(List.of("announcement", "conference.status", "announcement", "announcement"), types(events));
        assertEquals(toAll, events.get(0));
        assertEquals(toOne, events.get(2));
        assertEquals(longestEvent, events.get(3));
        assertEquals(mark + 3, Live.seq(toOne));

        // the live state carries the latest ones, newest first, so that a client joining late sees them
        JsonPath state = Api.asOrganizer()
                .get(s.path() + "/live")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of(Live.seq(longestEvent), Live.seq(toOne), Live.seq(toAll)),
                state.getList("announcements.seq", Long.class));
        assertEquals(List.of(longest, toRemoteText, text), state.getList("announcements.text"));
        assertEquals(Arrays.asList(null, s.remote(), null), state.getList("announcements.siteId"));
        assertEquals(s.at("08:00"), state.getString("announcements[1].at"));
        assertEquals(List.of("admin", "admin", "admin"), state.getList("announcements.by"));
    }

    @Test
    void announcementsNeedAScheduledOrLiveConference() {
        Setup s = Api.setup();
        Unchanged draft = Live.unchanged(s);
        draft.refused(announce(asOrganizer(), s, Map.of("text", "Nháp")), 409, "conference-not-live");
        Api.advance(s.conference(), "cancel");
        Live.unchanged(s).refused(announce(asOrganizer(), s, Map.of("text", "Đã hủy")), 409, "conference-not-live");

        Setup ended = live();
        Api.advance(ended.conference(), "end");
        Live.unchanged(ended)
                .refused(announce(asOrganizer(), ended, Map.of("text", "Đã kết thúc")), 409, "conference-not-live");
    }

    @Test
    void announcementsAreValidatedAndMadeByOrganizersOnly() {
        Setup s = live();
        String host = Api.siteHost(s.host());
        String delegate = delegateOf(s, s.remote());

        Unchanged before = Live.unchanged(s);
        before.invalid(announce(asOrganizer(), s, Map.of("text", "")), "text");
        before.invalid(announce(asOrganizer(), s, Map.of("text", "   \n\t")), "text");
        before.invalid(announce(asOrganizer(), s, Map.of()), "text");
        before.invalid(announce(asOrganizer(), s, Map.of("text", "x".repeat(2001))), "text");
        before.invalid(announce(asOrganizer(), s, Map.of("text", 42)), "text");
        before.invalid(
                announce(
                        asOrganizer(),
                        s,
                        Map.of("text", "Chú ý", "siteId", UUID.randomUUID().toString())),
                "siteId");
        before.invalid(announce(asOrganizer(), s, Map.of("text", "Chú ý", "siteId", Api.createSite())), "siteId");
        before.invalid(announce(asOrganizer(), s, Map.of("text", "Chú ý", "siteId", "Đà Nẵng")), "siteId");
        before.forbidden(announce(Api.as(host), s, Map.of("text", "Chú ý")));
        before.forbidden(announce(Api.as(delegate), s, Map.of("text", "Chú ý")));
        before.unauthorized(announce(Api.anonymous(), s, Map.of("text", "Chú ý")));
    }

    // ---- the live state ----

    @Test
    void theLiveStateIsTheStateAsOfItsSeq() {
        Setup s = Api.setup();
        List<String> items = List.of(
                addItem(s.conference(), itemBody("Khai mạc", s.host(), s.at("08:00"), 10)),
                addItem(s.conference(), itemBody("Tham luận Đà Nẵng", s.remote(), s.at("08:10"), 20)));
        liveAt(s, "08:03");

        JsonPath state = liveState(s, Api.organizer());
        assertEquals(lastSeq(s.conference()), state.getLong("seq"));
        assertEquals("LIVE", state.getString("status"));
        assertEquals(s.host(), state.getString("floorSiteId"));
        asOrganizer().get(s.path() + "/live").then().body("$", not(hasKey("currentItem")));
        // the agenda as GET /agenda shows it: A not before now (08:03), B after A's 10 minutes
        assertEquals(items, state.getList("agenda.id"));
        assertEquals(List.of(s.at("08:03"), s.at("08:13")), state.getList("agenda.projectedStart"));
        assertEquals(Live.agenda(s).getList("items"), state.getList("agenda"));
        assertEquals(List.of(s.host(), s.remote()), state.getList("sites.siteId"));
        assertEquals(List.of("HOST", "REMOTE"), state.getList("sites.role"));
        assertEquals(List.of(false, false), state.getList("sites.online"));

        run(s, items.get(1), "start").statusCode(200);
        state = liveState(s, Api.organizer());
        assertEquals(lastSeq(s.conference()), state.getLong("seq"));
        assertEquals(items.get(1), state.getString("currentItem.id"));
        assertEquals("LIVE", state.getString("currentItem.status"));
        assertEquals(s.remote(), state.getString("floorSiteId"));
        assertEquals(Live.agenda(s).getList("items"), state.getList("agenda"));
    }

    @Test
    void theLiveStateIsForTheConferencesPeopleOnly() {
        Setup s = live();
        Setup other = Api.setup();
        String hostOfRemote = Api.siteHost(s.remote());
        String outsider = Api.siteHost(Api.createSite());
        String delegate = delegateOf(s, s.remote());
        String otherDelegate = delegateOf(other, other.host());

        long seq = lastSeq(s.conference());
        for (String token : List.of(Api.organizer(), hostOfRemote, delegate)) {
            assertEquals(seq, liveState(s, token).getLong("seq"));
            Api.as(token).get(s.path() + "/events").then().statusCode(200).body("total", equalTo((int) seq));
        }
        for (String token : List.of(otherDelegate, outsider)) {
            Api.problem(Api.as(token).get(s.path() + "/live").then(), 403, "forbidden");
            Api.problem(Api.as(token).get(s.path() + "/events").then(), 403, "forbidden");
        }
        Api.unauthorized(Api.anonymous().get(s.path() + "/live").then());
        Api.problem(
                asOrganizer()
                        .get("/api/conferences/{c}/live", UUID.randomUUID())
                        .then(),
                404,
                "not-found");
        Api.problem(
                asOrganizer()
                        .get("/api/conferences/{c}/events", UUID.randomUUID())
                        .then(),
                404,
                "not-found");
    }

    private static JsonPath liveState(Setup s, String token) {
        return Api.as(token)
                .get(s.path() + "/live")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    // ---- the stored stream ----

    @Test
    void eventsAreReadInSeqOrderFromAfterInPagesOfSize() {
        Setup s = live();
        for (int i = 1; i <= 5; i++) {
            announce(asOrganizer(), s, Map.of("text", "Thông báo " + i)).statusCode(200);
        }
        List<Map<String, Object>> all = newEvents(s.conference(), 0);
        int n = all.size();
        assertEquals(
                List.of("announcement", "announcement", "announcement", "announcement", "announcement"),
                types(all.subList(n - 5, n)));

        String events = s.path() + "/events";
        asOrganizer()
                .get(events)
                .then()
                .statusCode(200)
                .body("total", equalTo(n))
                .body("items.size()", equalTo(n));
        asOrganizer()
                .queryParam("size", 2)
                .get(events)
                .then()
                .statusCode(200)
                .body("total", equalTo(n))
                .body("size", equalTo(2))
                .body("items.seq", equalTo(List.of(1, 2)));
        asOrganizer()
                .queryParam("after", 2)
                .queryParam("size", 2)
                .get(events)
                .then()
                .statusCode(200)
                .body("total", equalTo(n - 2))
                .body("items.seq", equalTo(List.of(3, 4)));
        asOrganizer()
                .queryParam("after", n - 1)
                .queryParam("size", 1000)
                .get(events)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.seq", equalTo(List.of(n)))
                .body("items[0].data.text", equalTo("Thông báo 5"));
        asOrganizer()
                .queryParam("after", n)
                .get(events)
                .then()
                .statusCode(200)
                .body("total", equalTo(0))
                .body("items.size()", equalTo(0));
        asOrganizer()
                .queryParam("size", 1)
                .get(events)
                .then()
                .statusCode(200)
                .body("total", equalTo(n))
                .body("items.seq", equalTo(List.of(1)));

        // read page by page with size 2, the pages put together are the whole stream
        List<Map<String, Object>> paged = new ArrayList<>();
        for (long after = 0; after < n; after += 2) {
            paged.addAll(asOrganizer()
                    .queryParam("after", after)
                    .queryParam("size", 2)
                    .get(events)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items"));
        }
        assertEquals(all, paged);

        for (String size : List.of("0", "1001", "-1", "ten", "1.5")) {
            Api.invalid(asOrganizer().queryParam("size", size).get(events).then(), "size");
        }
        for (String after : List.of("-1", "x", "2.5")) {
            Api.invalid(asOrganizer().queryParam("after", after).get(events).then(), "after");
        }
    }
}
