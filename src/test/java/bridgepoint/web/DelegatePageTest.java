package bridgepoint.web;

import bridgepoint.support.Api;
import bridgepoint.support.BrowserTest;
import bridgepoint.support.Live;
import bridgepoint.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static bridgepoint.support.Api.asOrganizer;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delegate page (/) in Chromium: joining, following the conference live, reconnecting, checking in. */
@QuarkusTest
class DelegatePageTest extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    /** A live conference (HOST and REMOTE site, three agenda items) and a delegate of the REMOTE site. */
    record Conference(Api.Setup s, String opening, String danang, String closing, Map<String, Object> delegate) {
        String code() {
            return (String) delegate.get("joinCode");
        }

        String delegateId() {
            return (String) delegate.get("id");
        }

        String id() {
            return s.conference();
        }
    }

    static Conference liveConference() {
        Api.Setup s = Api.setup();
        Map<String, Object> opening = Api.itemBody("Khai mạc hội nghị", s.host(), s.at("08:00"), 10);
        opening.put("speaker", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"));
        String openingId = Api.addItem(s.conference(), opening);
        String danang = Api.addItem(
                s.conference(), Api.itemBody("Tham luận của điểm cầu Đà Nẵng", s.remote(), s.at("09:20"), 20));
        String closing = Api.addItem(
                s.conference(), Map.of("kind", "CLOSING", "title", "Tổng kết hội nghị", "plannedMinutes", 20));
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà");
        Api.advance(s.conference(), "publish", "start");
        return new Conference(s, openingId, danang, closing, delegate);
    }

    /** Types the join code into the form and waits for the live view. */
    static void join(Page page, String code) {
        page.navigate(url("/"));
        page.getByLabel("Mã tham dự").fill(code);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Tham dự").setExact(true))
                .click();
        waitUntilLive(page);
    }

    static void waitUntilLive(Page page) {
        assertThat(page.locator("bp-live-status")).hasAttribute("data-live-status", "live");
    }

    static Locator item(Page page, String itemId) {
        return page.locator(".agenda-item[data-item-id='" + itemId + "']");
    }

    @Test
    void aDelegateJoinsWithACodeSeesTheAgendaInVietnameseAndFollowsItLiveWithoutRequests() {
        Conference c = liveConference();
        Page page = openPage(Viewport.PHONE);
        join(page, c.code());

        assertThat(page.locator("#agenda-title")).hasText("Chương trình");
        assertThat(page.locator(".agenda-item")).hasCount(3);
        assertThat(item(page, c.opening())).containsText("Khai mạc hội nghị");
        assertThat(item(page, c.opening())).containsText("Kế hoạch 08:00");
        assertThat(item(page, c.opening())).containsText("Sắp diễn ra");
        assertThat(item(page, c.opening())).containsText("Trung tướng Trần Quốc Tỏ");
        assertThat(page.locator(".on-air")).containsText("Chưa có nội dung nào đang diễn ra");

        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        page.onRequest(r -> requests.add(r.method() + " " + r.url()));

        Live.run(c.s(), c.opening(), "start").statusCode(200);
        // on air without reload within 2 s
        LocatorAssertions.HasAttributeOptions twoSeconds = new LocatorAssertions.HasAttributeOptions().setTimeout(2000);
        assertThat(page.locator(".on-air")).hasAttribute("data-current-item", c.opening(), twoSeconds);
        assertThat(item(page, c.opening())).hasAttribute("data-status", "LIVE", twoSeconds);
        assertThat(page.locator(".on-air")).containsText("Khai mạc hội nghị");
        assertThat(page.locator(".on-air")).containsText("Phát biểu từ Hội trường");

        Live.delay(c.s(), c.danang(), Live.minutes(5)).statusCode(200);
        assertThat(item(page, c.danang())).containsText("Dự kiến 09:25");
        Live.run(c.s(), c.danang(), "start").statusCode(200);
        assertThat(item(page, c.opening())).hasAttribute("data-status", "DONE");
        assertThat(page.locator(".on-air")).hasAttribute("data-current-item", c.danang());
        Live.run(c.s(), c.closing(), "skip").statusCode(200);
        assertThat(item(page, c.closing())).hasAttribute("data-status", "SKIPPED");
        Live.announce(c.id(), "Nghỉ giải lao 15 phút", null);
        assertThat(page.locator(".announcements")).containsText("Nghỉ giải lao 15 phút");

        assertEquals(List.of(), requests, "requests of the page while the agenda changed");

        // the join link: the code is exchanged at once and leaves the address bar
        Page linked = openPage(Viewport.LAPTOP);
        linked.navigate(url("/?code=" + c.code()));
        waitUntilLive(linked);
        assertThat(linked.locator(".on-air")).hasAttribute("data-current-item", c.danang());
        assertEquals(url("/"), linked.url());
        // replaced, not pushed (about:blank, then the page): no history entry keeps the code either
        assertEquals(2, ((Number) linked.evaluate("() => history.length")).intValue());
        // the session survives a reload of the tab
        linked.reload();
        waitUntilLive(linked);
        assertThat(linked.locator(".agenda-item")).hasCount(3);
    }

    @Test
    void afterTheSocketIsCutThePageShowsReconnectingAndEndsWithExactlyTheServicesState() {
        Conference c = liveConference();
        Page page = openPage(Viewport.LAPTOP);
        AtomicBoolean cut = new AtomicBoolean();
        List<String> socketUrls = Collections.synchronizedList(new ArrayList<>());
        List<WebSocketRoute[]> open = Collections.synchronizedList(new ArrayList<>());
        page.routeWebSocket(Pattern.compile(".*/ws/conferences/.*"), ws -> {
            socketUrls.add(ws.url());
            if (cut.get()) {
                ws.close(); // the network is down: the connection fails
                return;
            }
            open.add(new WebSocketRoute[] {ws, ws.connectToServer()});
        });
        join(page, c.code());
        Live.run(c.s(), c.opening(), "start").statusCode(200);
        assertThat(page.locator(".on-air")).hasAttribute("data-current-item", c.opening());
        Live.announce(c.id(), "Chào mừng các đại biểu", null); // an event that, applied twice, would show twice
        assertThat(page.locator(".announcements li")).hasCount(1);

        // the connection drops while the agenda moves on
        cut.set(true);
        for (WebSocketRoute[] route : open) {
            route[1].close();
            route[0].close();
        }
        assertThat(page.locator("bp-live-status")).hasAttribute("data-live-status", "reconnecting");
        assertThat(page.locator("bp-live-status")).containsText("đang kết nối lại");
        Live.delay(c.s(), c.danang(), Live.minutes(7)).statusCode(200);
        Live.run(c.s(), c.danang(), "start").statusCode(200);
        Live.run(c.s(), c.closing(), "skip").statusCode(200);
        asOrganizer()
                .body(Map.of("siteId", c.s().remote()))
                .post(c.s().path() + "/live/handover")
                .then()
                .statusCode(200);
        Live.announce(c.id(), "Đà Nẵng chuẩn bị phát biểu", c.s().remote());
        Live.announce(c.id(), "Chỉ dành cho hội trường chính", c.s().host());
        Live.announce(c.id(), "Kính mời các đại biểu ổn định chỗ ngồi", null);
        assertThat(page.locator("bp-live-status")).hasAttribute("data-live-status", "reconnecting");

        cut.set(false);
        waitUntilLive(page);
        JsonNode state = Live.state(c.id(), Api.organizer());
        assertThat(page.locator("bp-delegate-page"))
                .hasAttribute("data-seq", state.get("seq").asText());

        // exactly the service's state: statuses, order, projected starts, the item on air and the floor
        List<Map<String, Object>> expected = new ArrayList<>();
        for (JsonNode i : state.get("agenda")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i.get("id").asText());
            row.put("status", i.get("status").asText());
            row.put("projected", instant(i.get("projectedStart").asText(null)));
            expected.add(row);
        }
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Locator li : page.locator(".agenda-item").all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", li.getAttribute("data-item-id"));
            row.put("status", li.getAttribute("data-status"));
            row.put("projected", instant(li.getAttribute("data-projected-start")));
            rendered.add(row);
        }
        assertEquals(expected, rendered);
        assertThat(page.locator(".on-air"))
                .hasAttribute(
                        "data-current-item", state.get("currentItem").get("id").asText());
        assertThat(page.locator("[data-floor-site]")).hasAttribute("data-floor-site", c.s().remote());
        assertThat(item(page, c.danang())).containsText("Lùi 7 phút");
        // the announcements for everyone and for my site, once each, newest first; not the other site's
        assertEquals(
                List.of(
                        "Kính mời các đại biểu ổn định chỗ ngồi",
                        "Đà Nẵng chuẩn bị phát biểu",
                        "Chào mừng các đại biểu"),
                page.locator(".announcements li p").allTextContents());

        // it resumed: after the last seq it had, in the stream's epoch (no new snapshot)
        String resumed = socketUrls.get(socketUrls.size() - 1);
        assertTrue(
                resumed.contains("after=")
                        && resumed.contains("epoch=" + state.get("epoch").asText()),
                resumed);
    }

    private static String instant(String time) {
        return time == null || time.isEmpty()
                ? null
                : OffsetDateTime.parse(time).toInstant().toString();
    }

    @Test
    void aRevokedJoinCodeSendsTheDelegateBackToTheJoinFormWithAMessage() {
        Conference c = liveConference();
        Page page = openPage(Viewport.PHONE);
        join(page, c.code());

        asOrganizer()
                .post(c.s().path() + "/delegates/{d}/join-code", c.delegateId())
                .then()
                .statusCode(200);

        assertThat(page.locator("bp-join-form .alert"))
                .containsText("Mã tham dự của bạn đã được thay đổi hoặc thu hồi");
        assertThat(page.getByLabel("Mã tham dự")).isVisible();
        assertNull(page.evaluate("() => sessionStorage.getItem('bp.session.delegate')"));
    }

    @Test
    void theStreamCarriesNoTokenInItsUrlAndAnExpiredSessionSendsTheDelegateBackToTheJoinForm() {
        Conference c = liveConference();
        // the delegate's session as after joining, with a token that expires in a few seconds
        Map<String, Object> claims = Tokens.payload(Api.join(c.code()));
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("exp", Instant.now().getEpochSecond() + 10);
        Map<String, Object> session = new HashMap<>();
        session.put("accessToken", Tokens.signHs256(claims, Tokens.serviceKey(dataSource)));
        session.put("conferenceId", c.id());
        session.put("delegateId", c.delegateId());
        Page page = openPage(Viewport.PHONE);
        List<String> sockets = Collections.synchronizedList(new ArrayList<>());
        page.onWebSocket(ws -> sockets.add(ws.url()));
        page.addInitScript(
                "sessionStorage.setItem('bp.session.delegate', JSON.stringify(" + JSON.valueToTree(session) + "))");
        page.navigate(url("/"));
        waitUntilLive(page);
        assertEquals(1, sockets.size(), sockets.toString());
        assertTrue(sockets.get(0).endsWith("/ws/conferences/" + c.id()), "no token in the URL: " + sockets);

        assertThat(page.locator("bp-join-form .alert"))
                .containsText(
                        "Phiên tham dự đã hết hạn", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertThat(page.getByLabel("Mã tham dự")).isVisible();
        assertNull(page.evaluate("() => sessionStorage.getItem('bp.session.delegate')"));
    }

    @Test
    void aDelegateChecksItselfInAndShowsTheQrCodeOfItsCheckIn() {
        Conference c = liveConference();
        Live.run(c.s(), c.opening(), "start").statusCode(200);
        Page page = openPage(Viewport.PHONE);
        join(page, c.code());
        Live.announce(c.id(), "Kính mời các đại biểu ổn định chỗ ngồi", null);
        Live.announce(c.id(), "Điểm cầu Đà Nẵng chuẩn bị phát biểu sau 5 phút", c.s().remote());

        String payload = "BPCHK:" + c.id() + ":" + c.delegateId();
        assertThat(page.locator(".qr")).hasAttribute("data-payload", payload);
        assertThat(page.locator(".qr canvas")).isVisible();
        String hex = c.delegateId().replace("-", "").substring(0, 8).toUpperCase();
        assertThat(page.locator("[data-short-code]")).hasText(hex.substring(0, 4) + "-" + hex.substring(4));
        assertThat(page.locator(".checkin-state")).hasAttribute("data-checked-in", "false");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Tự điểm danh"))
                .click();
        assertThat(page.locator(".checkin-state")).hasAttribute("data-checked-in", "true");
        assertThat(page.locator(".checkin-state")).containsText("Đã điểm danh tại Điểm cầu");
        JsonNode current = Live.json(asOrganizer()
                .queryParam("delegateId", c.delegateId())
                .queryParam("current", true)
                .get(c.s().path() + "/checkins"));
        assertEquals(1, current.get("total").asInt());
        assertEquals("SELF", current.get("items").get(0).get("method").asText());
        assertEquals(c.s().remote(), current.get("items").get(0).get("siteId").asText());
        assertThat(page.locator(".announcements li")).hasCount(2);

        // fits a phone: nothing wider than the screen
        assertEquals(
                Viewport.PHONE.width,
                ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue());
        screenshot(page, "delegate-phone"); // the README's picture (src/docs/screenshots)
    }

    @Test
    void theEnglishSwitchChangesEveryVisibleLabelAndTimesStayInTheConferencesTimeZone() {
        Conference c = liveConference();
        Live.run(c.s(), c.opening(), "start").statusCode(200);
        Live.announce(c.id(), "Kính mời các đại biểu ổn định chỗ ngồi", null);
        // a browser in Berlin: the agenda still shows Hà Nội times
        Page page = openPage(Viewport.LAPTOP, "de-DE", "Europe/Berlin");
        page.navigate(url("/"));
        Messages messages = Messages.load("shared", "delegate");

        assertThat(page.locator("html")).hasAttribute("lang", "vi");
        messages.assertNoLabelOf("en", visibleText(page));
        page.locator("[data-language=en]").click();
        assertThat(page.locator("html")).hasAttribute("lang", "en");
        assertThat(page.locator("#join-title")).hasText("Join the conference");
        messages.assertNoLabelOf("vi", visibleText(page));

        page.getByLabel("Join code").fill(c.code());
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Join").setExact(true))
                .click();
        waitUntilLive(page);
        assertThat(page.locator(".announcements li")).hasCount(1);
        assertThat(item(page, c.danang())).containsText("Planned 09:20");
        assertThat(page.locator("#agenda-title")).hasText("Agenda");
        messages.assertNoLabelOf("vi", visibleText(page));

        // remembered
        page.reload();
        waitUntilLive(page);
        assertThat(page.locator("#agenda-title")).hasText("Agenda");
        page.locator("[data-language=vi]").click();
        assertThat(page.locator("#agenda-title")).hasText("Chương trình");
        assertThat(item(page, c.danang())).containsText("Kế hoạch 09:20");
        messages.assertNoLabelOf("en", visibleText(page));
    }

    /** What a person sees or hears of the page: its rendered text, and labels, placeholders and titles. */
    static String visibleText(Page page) {
        return (String) page.evaluate("""
                () => [document.body.innerText,
                       ...[...document.querySelectorAll('[aria-label], [placeholder], [title]')]
                           .flatMap(e => ['aria-label', 'placeholder', 'title'].map(a => e.getAttribute(a)))
                           .filter(Boolean)].join('\\n')""");
    }

    @Test
    void theDelegatePageLoadsFastWithAColdCache() {
        Conference c = liveConference();
        Page page = openPage(Viewport.PHONE);
        page.navigate(url("/"));
        assertThat(page.getByLabel("Mã tham dự")).isVisible();
        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) page.evaluate("""
                () => { const n = performance.getEntriesByType('navigation')[0];
                        return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                                 formShown: performance.now(), bytes: performance.getEntriesByType('resource')
                                     .reduce((sum, r) => sum + r.transferSize, n.transferSize) }; }""");
        // a joined delegate opening the page: until the agenda is on screen
        Map<String, Object> session = new HashMap<>();
        session.put("accessToken", Api.join(c.code()));
        session.put("conferenceId", c.id());
        session.put("delegateId", c.delegateId());
        Page joined = openPage(Viewport.PHONE);
        joined.addInitScript(
                "sessionStorage.setItem('bp.session.delegate', JSON.stringify(" + JSON.valueToTree(session) + "))");
        joined.navigate(url("/"));
        assertThat(joined.locator(".agenda-item")).hasCount(3);
        double agendaShown = ((Number) joined.evaluate("() => performance.now()")).doubleValue();

        double load = ((Number) timing.get("load")).doubleValue();
        System.out.printf(
                "Delegate page, cold cache: DOMContentLoaded %.0f ms, load %.0f ms, join form shown %.0f ms, %s bytes;"
                        + " a joined delegate's agenda shown after %.0f ms%n",
                ((Number) timing.get("domContentLoaded")).doubleValue(),
                load,
                ((Number) timing.get("formShown")).doubleValue(),
                timing.get("bytes"),
                agendaShown);
        assertTrue(load < 5000 && agendaShown < 5000, "sanity bound of 5 s: load " + load + ", agenda " + agendaShown);
    }
}
