package bridgepoint.web;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.BrowserTest;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Tokens;
import bridgepoint.web.DelegatePageTest.Conference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketFrame;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Position;
import com.microsoft.playwright.options.SelectOption;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static bridgepoint.support.Api.asOrganizer;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The organizer console (/console) in Chromium: everything through the public API and the live stream. */
@QuarkusTest
class ConsolePageTest extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    // ---- steps ----

    /** Opens the console and signs in as the organizer through the form. */
    static void signIn(Page page) {
        page.navigate(url("/console"));
        page.getByLabel("Tên đăng nhập").fill("admin");
        page.getByLabel("Mật khẩu").fill("admin");
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Đăng nhập").setExact(true))
                .click();
        assertThat(page.locator(".console-nav")).isVisible();
    }

    /** A page whose tab already holds an organizer's session (as after signing in), at this place of the console. */
    Page signedIn(Viewport viewport, String hash) {
        Page page = openPage(viewport);
        Map<String, Object> session = new HashMap<>();
        session.put("accessToken", Api.organizer());
        session.put("role", "ORGANIZER");
        page.addInitScript(
                "sessionStorage.setItem('bp.session.console', JSON.stringify(" + JSON.valueToTree(session) + "))");
        page.navigate(url("/console" + hash));
        return page;
    }

    static String tab(String conferenceId, String tab) {
        return "#/conferences/" + conferenceId + "/" + tab;
    }

    static void waitUntilLive(Page page) {
        assertThat(page.locator("bp-conference-page bp-live-status")).hasAttribute("data-live-status", "live");
    }

    static Locator runItem(Page page, String itemId) {
        return page.locator(".run-item[data-item-id='" + itemId + "']");
    }

    static Locator agendaRow(Page page, String itemId) {
        return page.locator(".agenda-row[data-item-id='" + itemId + "']");
    }

    static List<String> shownOrder(Page page) {
        return page.locator(".agenda-row").all().stream()
                .map(row -> row.getAttribute("data-item-id"))
                .toList();
    }

    static List<String> savedOrder(Api.Setup s) {
        return Live.agenda(s).getList("items.id");
    }

    static void awaitSavedOrder(Api.Setup s, List<String> expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(expected, savedOrder(s)));
    }

    static List<String> order(List<String> ids, int... indexes) {
        List<String> ordered = new ArrayList<>();
        for (int i : indexes) {
            ordered.add(ids.get(i));
        }
        return ordered;
    }

    /** Nothing on the page is wider than the phone's screen (the elements that stick out are named otherwise). */
    static void assertFitsPhone(Page page, String view) {
        // (a phone's layout viewport grows with content that sticks out, so the phone's own width is the measure)
        Object wider = page.evaluate("""
                width => document.documentElement.scrollWidth <= width ? null
                    : [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > width + 0.5)
                        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
                                  + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')
                        .slice(0, 15).join(', ')""", Viewport.PHONE.width);
        assertEquals(null, wider, "the " + view + " view is wider than the phone");
    }

    /** Records the requests a page makes from now on. */
    static List<String> requests(Page page) {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        page.onRequest(r -> requests.add(r.method() + " " + r.url().replaceFirst("^https?://[^/]+", "")));
        return requests;
    }

    // ---- issue test 1: the organizer starts an item in the console, the delegate sees it on air ----

    @Test
    void anItemStartedInTheConsoleIsOnAirOnTheDelegatesPageWithinTwoSeconds() {
        Conference c = DelegatePageTest.liveConference();
        Page delegate = openPage(Viewport.PHONE);
        DelegatePageTest.join(delegate, c.code());
        assertThat(delegate.locator(".on-air")).hasAttribute("data-current-item", "");

        Page console = openPage(Viewport.LAPTOP);
        signIn(console);
        console.navigate(url("/console" + tab(c.id(), "run")));
        waitUntilLive(console);
        assertThat(runItem(console, c.opening())).hasAttribute("data-status", "PLANNED");
        List<String> requests = requests(console);

        runItem(console, c.opening())
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bắt đầu: Khai mạc hội nghị"))
                .click();
        long clicked = System.nanoTime();
        assertThat(delegate.locator(".on-air"))
                .hasAttribute(
                        "data-current-item", c.opening(), new LocatorAssertions.HasAttributeOptions().setTimeout(2000));
        System.out.printf(
                "Console → delegate page: the item was on air %d ms after the click%n",
                (System.nanoTime() - clicked) / 1_000_000);
        // the console shows it from the stream too: the one request was the command itself
        assertThat(console.locator(".on-air")).hasAttribute("data-current-item", c.opening());
        assertThat(runItem(console, c.opening())).hasAttribute("data-status", "LIVE");
        assertThat(console.locator(".on-air")).containsText("Trung tướng Trần Quốc Tỏ");

        // the next one: the live item finishes first; a delay shows as the expected time
        runItem(console, c.danang())
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Lùi giờ: Tham luận của điểm cầu Đà Nẵng"))
                .click();
        console.getByLabel("Lùi «Tham luận của điểm cầu Đà Nẵng» thêm (phút)").fill("7");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Xác nhận lùi"))
                .click();
        assertThat(runItem(console, c.danang())).containsText("Đã lùi 7 phút");
        assertThat(DelegatePageTest.item(delegate, c.danang())).containsText("Lùi 7 phút");
        runItem(console, c.danang())
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Bắt đầu: Tham luận của điểm cầu Đà Nẵng"))
                .click();
        assertThat(delegate.locator(".on-air")).hasAttribute("data-current-item", c.danang());
        assertThat(runItem(console, c.opening())).hasAttribute("data-status", "DONE");
        runItem(console, c.closing())
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bỏ qua: Tổng kết hội nghị"))
                .click();
        assertThat(DelegatePageTest.item(delegate, c.closing())).hasAttribute("data-status", "SKIPPED");
        console.locator(".on-air [data-run=finish]").click();
        assertThat(delegate.locator(".on-air")).hasAttribute("data-current-item", "");
        assertThat(console.locator(".on-air")).containsText("Chưa có nội dung nào đang phát");

        assertEquals(
                List.of(
                        "POST /api/conferences/" + c.id() + "/agenda/" + c.opening() + "/start",
                        "POST /api/conferences/" + c.id() + "/agenda/" + c.danang() + "/delay",
                        "POST /api/conferences/" + c.id() + "/agenda/" + c.danang() + "/start",
                        "POST /api/conferences/" + c.id() + "/agenda/" + c.closing() + "/skip",
                        "POST /api/conferences/" + c.id() + "/agenda/" + c.danang() + "/finish"),
                requests,
                "the console's requests: one per command, none per event");
        assertEquals(List.of(), Live.liveItems(c.s()));
    }

    // ---- handover and announcements ----

    @Test
    void theFloorAndAnnouncementsFromTheConsoleReachTheStreamAndTheDelegates() {
        Conference c = DelegatePageTest.liveConference();
        long before = Live.lastSeq(c.id());
        Page delegate = openPage(Viewport.PHONE);
        DelegatePageTest.join(delegate, c.code());

        Page console = signedIn(Viewport.PHONE, tab(c.id(), "run"));
        waitUntilLive(console);
        String remoteName = console.locator(".floor-sites [data-site-id='" + c.s().remote() + "'] .row__title")
                .textContent();
        console.locator("[data-handover='" + c.s().remote() + "']").click();
        assertThat(console.locator("[data-floor-site]")).hasAttribute("data-floor-site", c.s().remote());
        assertThat(delegate.locator("[data-floor-site]")).hasAttribute("data-floor-site", c.s().remote());
        assertThat(console.locator(".floor-sites [data-site-id='" + c.s().remote() + "']"))
                .containsText("Đang được trao lời");

        console.getByLabel("Nội dung thông báo").fill("Kính mời các đại biểu ổn định chỗ ngồi");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Gửi thông báo"))
                .click();
        assertThat(console.locator(".announcements li")).hasCount(1);
        console.getByLabel("Nội dung thông báo").fill("Đà Nẵng chuẩn bị phát biểu sau 5 phút");
        console.getByLabel("Gửi tới").selectOption(c.s().remote());
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Gửi thông báo"))
                .click();
        assertThat(console.locator(".announcements li")).hasCount(2);
        console.getByLabel("Nội dung thông báo").fill("Chỉ dành cho hội trường chính");
        console.getByLabel("Gửi tới").selectOption(c.s().host());
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Gửi thông báo"))
                .click();
        assertThat(console.locator(".announcements li")).hasCount(3);
        assertThat(console.locator(".announcements li").first()).containsText("Gửi " + "Hội trường");
        assertThat(console.locator(".announcements li").nth(1)).containsText("Gửi " + remoteName);

        // the delegate of the remote site sees the one for all and the one for its site
        assertThat(delegate.locator(".announcements li p"))
                .hasText(new String[] {"Đà Nẵng chuẩn bị phát biểu sau 5 phút", "Kính mời các đại biểu ổn định chỗ ngồi"
                });

        List<Map<String, Object>> events = Live.newEvents(c.id(), before);
        List<Map<String, Object>> made = events.stream()
                .filter(e -> List.of("floor.handover", "announcement").contains(e.get("type")))
                .toList();
        assertEquals(List.of("floor.handover", "announcement", "announcement", "announcement"), Live.types(made));
        assertEquals(c.s().remote(), Live.data(made.get(0)).get("siteId"));
        assertEquals(
                "Kính mời các đại biểu ổn định chỗ ngồi", Live.data(made.get(1)).get("text"));
        assertEquals(null, Live.data(made.get(1)).get("siteId"));
        assertEquals(c.s().remote(), Live.data(made.get(2)).get("siteId"));
        assertEquals(c.s().host(), Live.data(made.get(3)).get("siteId"));
        assertFitsPhone(console, "run of show");
    }

    // ---- issue test 3: a host's check-in raises the dashboard's count live ----

    @Test
    void aCheckInByASiteHostRaisesTheDashboardsCountLiveAndShowsWhichSitesAreOnline() {
        // the reference conference (README), with three bridge points; the sites' names are made unique
        String tag = " · " + Api.unique().substring(0, 4);
        String hall = Api.createSite("Hội trường Bộ Công an" + tag, "Hà Nội");
        String danang = Api.createSite("Điểm cầu Đà Nẵng" + tag, "Đà Nẵng");
        String hue = Api.createSite("Điểm cầu Thừa Thiên Huế" + tag, "Huế");
        Map<String, Object> body = Api.conferenceBody(
                "Hội nghị trực tuyến tổng kết công tác dân vận",
                "2021-12-22T08:00:00+07:00",
                "2021-12-22T11:30:00+07:00");
        body.put("chair", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"));
        String id = Api.createConference(body);
        Api.addSite(id, hall, "HOST");
        Api.addSite(id, danang, "REMOTE");
        Api.addSite(id, hue, "REMOTE");
        Api.Setup s = new Api.Setup(id, hall, danang, LocalDate.of(2021, 12, 22));
        List<String> remote = new ArrayList<>();
        for (String name :
                List.of("Lê Thị Thu Hà", "Nguyễn Thị Hồng Nhung", "Phạm Minh Chính", "Võ Văn Thưởng", "Trần Mưu")) {
            remote.add((String) Api.createDelegate(id, danang, name).get("id"));
        }
        List<String> central = new ArrayList<>();
        for (String name : List.of(
                "Trần Quốc Tỏ", "Nguyễn Văn Thành", "Lê Quốc Hùng", "Đỗ Văn Chiến", "Bùi Văn Nam", "Lương Tam Quang")) {
            central.add((String) Api.createDelegate(id, hall, name).get("id"));
        }
        for (String name : List.of("Hồ Xuân Hương", "Phan Bội Châu", "Ngô Thì Nhậm")) {
            Api.createDelegate(id, hue, name);
        }
        Api.advance(id, "publish", "start");
        central.forEach(d -> Attendance.checkIn(s, d, hall).statusCode(201));
        Attendance.report(asOrganizer(), s, hall, Map.of("present", 7, "note", "Có 1 khách mời"))
                .statusCode(200);
        Attendance.checkIn(s, remote.get(1), danang).statusCode(201);
        String host = Api.siteHost(danang);

        Page console = signedIn(Viewport.LAPTOP, tab(id, "attendance"));
        waitUntilLive(console);
        Locator chart = console.locator(".site-attendance[data-site-id='" + danang + "']");
        assertThat(chart).hasAttribute("data-registered", "5");
        assertThat(chart).hasAttribute("data-checked-in", "1");
        assertThat(chart).hasAttribute("data-online", "false");
        assertThat(console.locator("[data-total=checkedIn]")).hasText("7");
        List<String> requests = requests(console);

        // the host of Đà Nẵng checks a delegate in: the count rises without a reload
        Attendance.checkIn(Api.as(host), s, remote.get(0), danang).statusCode(201);
        assertThat(chart).hasAttribute("data-checked-in", "2");
        assertThat(console.locator("[data-total=checkedIn]")).hasText("8");
        assertThat(chart.locator(".bar--checkedIn .bar__number")).hasText("2");
        // … its page goes online (heartbeats on the stream), and reports the head count
        try (LiveClient hostPage = LiveClient.connect(id, host)) {
            hostPage.send("{\"type\":\"heartbeat\",\"siteId\":\"" + danang + "\"}");
            assertThat(chart).hasAttribute("data-online", "true");
            assertThat(chart.locator(".presence")).hasText("Đang kết nối");
            Attendance.report(Api.as(host), s, danang, Map.of("present", 3)).statusCode(200);
            assertThat(chart).hasAttribute("data-reported", "3");
            assertThat(console.locator("[data-total=sitesOnline]")).hasText("1 trên 3");
            Attendance.checkIn(Api.as(host), s, remote.get(2), danang).statusCode(201);
            assertThat(chart).hasAttribute("data-checked-in", "3");
            assertEquals(List.of(), requests, "requests of the dashboard while the numbers changed");
            screenshot(console, "console-dashboard"); // the README's picture (src/docs/screenshots)
        }
    }

    // ---- issue test 5: the CSV import shows progress and the bad rows ----

    @Test
    void theCsvImportShowsItsProgressAndTheBadRowsWithTheirSpreadsheetRowNumbers() throws IOException {
        Api.Setup s = Api.setup();
        String remoteName =
                asOrganizer().get("/api/sites/" + s.remote()).then().extract().path("name");
        // rows as a spreadsheet numbers them: the header is row 1
        StringBuilder csv = new StringBuilder("fullName,title,organization,email,phone,site\n");
        int rows = 1;
        int good = 0;
        for (int i = 2; i <= 1501; i++) {
            rows++;
            switch (i) {
                case 5 ->
                    csv.append(",Phó Trưởng ban,Ban Dân vận,,,")
                            .append(remoteName)
                            .append('\n');
                case 9 -> csv.append("Hồ Văn Lạc,,,,,Điểm cầu Cà Mau\n");
                case 14 ->
                    csv.append("Lê Thị Bình,,,dai.bieu3@danang.gov.vn,,")
                            .append(remoteName)
                            .append('\n');
                default -> {
                    csv.append("Đại biểu số ")
                            .append(i)
                            .append(",Chuyên viên,\"Sở Nội vụ, TP Đà Nẵng\",dai.bieu")
                            .append(i)
                            .append("@danang.gov.vn,0236 3822 ")
                            .append(String.format("%03d", i % 1000))
                            .append(',')
                            .append(remoteName)
                            .append('\n');
                    good++;
                }
            }
        }
        Path file = Files.createTempFile("delegates", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        Page console = signedIn(Viewport.LAPTOP, tab(s.conference(), "delegates"));
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Nhập từ tệp CSV"))
                .click();
        // what the progress bar showed, as it changed
        console.evaluate("""
                () => { window.importStates = [];
                        new MutationObserver(() => {
                            const job = document.querySelector('.import-job');
                            if (job) window.importStates.push(job.dataset.status + ' ' + job.dataset.processed + '/'
                                                              + job.dataset.total);
                        }).observe(document.body, {subtree: true, childList: true, attributes: true}); }""");
        console.getByLabel("Tệp CSV").setInputFiles(file);
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Bắt đầu nhập"))
                .click();

        Locator job = console.locator(".import-job");
        assertThat(job).hasAttribute("data-status", "DONE");
        assertThat(job).hasAttribute("data-processed", String.valueOf(rows - 1));
        assertThat(job.locator("progress")).hasAttribute("max", String.valueOf(rows - 1));
        assertThat(job).containsText("Đã xử lý 1500/1500 dòng");
        assertThat(job).containsText("đã thêm " + good + " đại biểu, 3 dòng bị từ chối");
        @SuppressWarnings("unchecked")
        List<String> states = (List<String>) console.evaluate("() => window.importStates");
        assertTrue(states.stream().anyMatch(st -> st.startsWith("RUNNING ")), "the progress while it ran: " + states);
        assertEquals("DONE 1500/1500", states.get(states.size() - 1), "the progress at the end: " + states);

        Locator bad = job.locator(".import-errors tbody tr");
        assertThat(bad).hasCount(3);
        assertThat(bad.nth(0)).hasAttribute("data-row", "5");
        assertThat(bad.nth(0)).containsText("Thiếu họ tên");
        assertThat(bad.nth(1)).hasAttribute("data-row", "9");
        assertThat(bad.nth(1)).containsText("Không có điểm cầu «Điểm cầu Cà Mau» trong hội nghị");
        assertThat(bad.nth(2)).hasAttribute("data-row", "14");
        assertThat(bad.nth(2)).containsText("Trùng thư điện tử dai.bieu3@danang.gov.vn");
        assertEquals(good, Api.total(s.path() + "/delegates"));
        // the list shows the new delegates
        assertThat(console.locator("bp-pager")).containsText(String.valueOf(good));
    }

    // ---- the agenda: add, move by keyboard and by drag, a stale order ----

    @Test
    void agendaItemsAreAddedAndMovedByKeyboardAndByDragAndTheOrderIsSaved() {
        Api.Setup s = Api.setup();
        List<String> ids = new ArrayList<>();
        ids.add(Api.addItem(s.conference(), Api.itemBody("Khai mạc", s.host(), s.at("08:00"), 10)));
        ids.add(Api.addItem(s.conference(), Api.itemBody("Báo cáo tổng kết", s.host(), s.at("08:10"), 30)));
        ids.add(Api.addItem(s.conference(), Api.itemBody("Tham luận Đà Nẵng", s.remote(), s.at("08:40"), 20)));

        Page console = signedIn(Viewport.LAPTOP, tab(s.conference(), "agenda"));
        waitUntilLive(console);
        assertThat(console.locator(".agenda-row")).hasCount(3);

        // add an item with a speaker, a site and a document
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm nội dung"))
                .first()
                .click();
        Locator form = console.locator(".agenda-item-form");
        form.getByLabel("Loại nội dung").selectOption("DOCUMENT_BRIEFING");
        form.getByLabel("Tên nội dung").fill("Quán triệt các văn bản mới");
        form.getByLabel("Người trình bày", new Locator.GetByLabelOptions().setExact(true))
                .fill("Nguyễn Văn A");
        form.getByLabel("Phát biểu từ điểm cầu").selectOption(s.host());
        form.getByLabel("Giờ dự kiến (Asia/Ho_Chi_Minh)").fill(s.day() + "T09:00");
        form.getByLabel("Thời lượng (phút)").fill("40");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Thêm văn bản"))
                .click();
        form.getByLabel("Số hiệu văn bản 1").fill("23-QĐ/TW");
        form.getByLabel("Trích yếu văn bản 1").fill("Quy định về công tác dân vận của hệ thống chính trị");
        form.getByLabel("Ngày ban hành 1").fill("2021-07-30");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Lưu"))
                .click();
        assertThat(console.locator(".agenda-row")).hasCount(4);
        String added = Live.agenda(s).getString("items[3].id");
        ids.add(added);
        JsonPath item = Live.agenda(s);
        assertEquals("DOCUMENT_BRIEFING", item.getString("items[3].kind"));
        assertEquals(s.at("09:00"), item.getString("items[3].plannedStart"));
        assertEquals("23-QĐ/TW", item.getString("items[3].documents[0].code"));
        assertEquals("2021-07-30", item.getString("items[3].documents[0].issuedOn"));
        assertThat(agendaRow(console, added)).containsText("Kế hoạch 09:00");
        assertThat(agendaRow(console, added)).containsText("23-QĐ/TW");

        // by keyboard: Alt+↑ on the item, twice; it keeps the focus
        agendaRow(console, added).focus();
        console.keyboard().press("Alt+ArrowUp");
        awaitSavedOrder(s, order(ids, 0, 1, 3, 2));
        assertThat(agendaRow(console, added)).isFocused();
        console.keyboard().press("Alt+ArrowUp");
        awaitSavedOrder(s, order(ids, 0, 3, 1, 2));
        assertEquals(order(ids, 0, 3, 1, 2), shownOrder(console));
        assertThat(console.locator("[role=status][aria-live]")).containsText("vị trí 2/4");
        // … and with the buttons
        agendaRow(console, ids.get(0))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Chuyển xuống: Khai mạc"))
                .click();
        awaitSavedOrder(s, order(ids, 3, 0, 1, 2));
        assertThat(agendaRow(console, ids.get(0)).locator(".move-down")).isFocused();

        // by drag and drop: the last item onto the upper half of the first
        agendaRow(console, ids.get(2))
                .dragTo(
                        agendaRow(console, ids.get(3)),
                        new Locator.DragToOptions().setTargetPosition(new Position(40, 5)));
        awaitSavedOrder(s, order(ids, 2, 3, 0, 1));
        assertThat(console.locator(".agenda-row").first()).hasAttribute("data-item-id", ids.get(2));
        // … and onto the lower half of the last
        agendaRow(console, ids.get(2))
                .dragTo(
                        agendaRow(console, ids.get(1)),
                        new Locator.DragToOptions()
                                .setTargetPosition(new Position(
                                        40, agendaRow(console, ids.get(1)).boundingBox().height - 5)));
        awaitSavedOrder(s, order(ids, 3, 0, 1, 2));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(order(ids, 3, 0, 1, 2), shownOrder(console)));

        // edit an item, and delete one
        agendaRow(console, ids.get(1))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sửa Báo cáo tổng kết"))
                .click();
        console.locator(".agenda-item-form").getByLabel("Tên nội dung").fill("Báo cáo tổng kết công tác dân vận");
        console.locator(".agenda-item-form")
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Lưu"))
                .click();
        assertThat(agendaRow(console, ids.get(1))).containsText("Báo cáo tổng kết công tác dân vận");
        agendaRow(console, ids.get(2))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Xóa"))
                .click();
        agendaRow(console, ids.get(2)).locator(".confirm__yes").click();
        assertThat(console.locator(".agenda-row")).hasCount(3);
        assertEquals(order(ids, 3, 0, 1), savedOrder(s));
    }

    @Test
    void aStaleAgendaIsNotOverwrittenAndTheOrganizerIsToldSo() {
        Api.Setup s = Api.setup();
        List<String> ids = new ArrayList<>();
        for (String title : List.of("Khai mạc", "Báo cáo", "Tham luận", "Bế mạc")) {
            ids.add(Api.addItem(s.conference(), Api.itemBody(title)));
        }
        String otherOrganizer = "organizer-" + Api.unique();
        Api.createUser(otherOrganizer, Api.HOST_PASSWORD, "ORGANIZER");
        String other = Api.login(otherOrganizer, Api.HOST_PASSWORD);

        allowConsoleError("status of 412"); // the browser logs the refused reorder
        // the console's stream can be held back, as on a slow network
        AtomicBoolean hold = new AtomicBoolean();
        List<Runnable> held = Collections.synchronizedList(new ArrayList<>());
        Page console = openPage(Viewport.LAPTOP);
        console.routeWebSocket(Pattern.compile(".*/ws/conferences/.*"), ws -> {
            WebSocketRoute server = ws.connectToServer();
            server.onMessage(frame -> {
                Runnable deliver = () -> ws.send(frameText(frame));
                if (hold.get()) {
                    held.add(deliver);
                } else {
                    deliver.run();
                }
            });
        });
        signIn(console);
        console.navigate(url("/console" + tab(s.conference(), "agenda")));
        waitUntilLive(console);
        agendaRow(console, ids.get(3)).focus();
        console.keyboard().press("Alt+ArrowUp");
        awaitSavedOrder(s, order(ids, 0, 1, 3, 2));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(order(ids, 0, 1, 3, 2), shownOrder(console)));

        // another organizer reorders; the console has not heard of it yet when its organizer moves an item
        hold.set(true);
        List<String> theirs = order(ids, 3, 2, 1, 0);
        Api.as(other)
                .header("If-Match", Api.etag(s.path() + "/agenda"))
                .body(Map.of("itemIds", theirs))
                .put(s.path() + "/agenda/order")
                .then()
                .statusCode(200);
        agendaRow(console, ids.get(0)).focus();
        console.keyboard().press("Alt+ArrowDown");

        assertThat(console.locator("[data-agenda-message]"))
                .containsText("Chương trình vừa được người khác thay đổi nên thao tác của bạn chưa được lưu");
        assertEquals(theirs, savedOrder(s), "not overwritten");
        // the console shows the order as it is now, although its stream is still held back
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(theirs, shownOrder(console)));

        hold.set(false);
        List<Runnable> late = new ArrayList<>(held);
        held.clear();
        late.forEach(Runnable::run);
        assertThat(console.locator("bp-conference-page bp-live-status")).hasAttribute("data-live-status", "live");
        // a move now starts from the order the organizer sees, and is saved
        agendaRow(console, ids.get(0)).focus();
        console.keyboard().press("Alt+ArrowUp");
        awaitSavedOrder(s, order(ids, 3, 2, 0, 1));
    }

    private static String frameText(WebSocketFrame frame) {
        return frame.text();
    }

    // ---- conferences, sites, bridge points, delegates ----

    @Test
    void anOrganizerCreatesASiteAndAConferenceWithItsBridgePointsEditsPublishesAndFindsIt() {
        String unique = Api.unique();
        Page console = openPage(Viewport.LAPTOP);
        signIn(console);

        // two sites
        console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Địa điểm"))
                .click();
        List<String> siteNames = List.of("Hội trường Bộ " + unique, "Điểm cầu Đà Nẵng " + unique);
        for (String name : siteNames) {
            console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm địa điểm"))
                    .click();
            console.getByLabel("Tên địa điểm").fill(name);
            console.getByLabel("Tỉnh/thành phố").fill(name.contains("Đà Nẵng") ? "Đà Nẵng" : "Hà Nội");
            console.getByLabel("Sức chứa (người)").fill("120");
            console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu"))
                    .click();
            assertThat(console.locator(".notice")).hasText("Đã lưu.");
        }
        console.getByLabel("Tìm kiếm").fill("da nang " + unique);
        console.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Tìm").setExact(true))
                .click();
        assertThat(console.locator(".site-rows .row")).hasCount(1);
        assertThat(console.locator(".site-rows .row")).containsText("Điểm cầu Đà Nẵng " + unique);

        // a conference, 22 December 2041, 08:00–11:30 Hà Nội time, typed by a browser in another time zone
        console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Các hội nghị"))
                .click();
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Tạo hội nghị mới"))
                .click();
        String title = "Hội nghị trực tuyến tổng kết công tác dân vận " + unique;
        console.getByLabel("Tên hội nghị").fill(title);
        console.getByLabel("Bắt đầu").fill("2041-12-22T08:00");
        console.getByLabel("Kết thúc").fill("2041-12-22T11:30");
        console.getByLabel("Họ và tên").fill("Trần Quốc Tỏ");
        console.getByLabel("Chức danh").fill("Trung tướng");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu"))
                .click();
        assertThat(console.locator("h1.conference-title")).hasText(title);
        String id = console.url().replaceFirst(".*#/conferences/([^/]+)/.*", "$1");
        JsonPath created = asOrganizer()
                .get("/api/conferences/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("2041-12-22T08:00:00+07:00", created.getString("startsAt"));
        assertEquals("2041-12-22T11:30:00+07:00", created.getString("endsAt"));
        assertEquals("Trần Quốc Tỏ", created.getString("chair.name"));

        // its bridge points: the hall as HOST, Đà Nẵng with two co-chairs and its stream
        console.locator("[data-tab=sites]").click();
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm điểm cầu"))
                .click();
        console.getByLabel("Tìm địa điểm").fill(siteNames.get(0));
        assertThat(console.locator("#participation-site")).hasAttribute("data-query", siteNames.get(0));
        console.getByLabel("Địa điểm", new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setLabel(siteNames.get(0) + " (Hà Nội)"));
        console.getByLabel("Vai trò").selectOption("HOST");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu"))
                .click();
        assertThat(console.locator(".participant")).hasCount(1);
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm điểm cầu"))
                .click();
        console.getByLabel("Tìm địa điểm").fill(siteNames.get(1));
        assertThat(console.locator("#participation-site")).hasAttribute("data-query", siteNames.get(1));
        console.getByLabel("Địa điểm", new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setLabel(siteNames.get(1) + " (Đà Nẵng)"));
        console.getByLabel("Vai trò").selectOption("REMOTE");
        console.getByLabel("Đường truyền").fill("https://stream.example.vn/danang");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm đồng chủ trì"))
                .click();
        console.getByLabel("Họ tên đồng chủ trì 1").fill("Lê Văn Trung");
        console.getByLabel("Chức danh đồng chủ trì 1").fill("Trưởng Ban Dân vận Thành ủy");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm đồng chủ trì"))
                .click();
        console.getByLabel("Họ tên đồng chủ trì 2").fill("Trần Mưu");
        console.getByLabel("Chức danh đồng chủ trì 2").fill("Đại tá, Phó Giám đốc Công an TP Đà Nẵng");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu"))
                .click();
        assertThat(console.locator(".participant")).hasCount(2);
        JsonPath sites = asOrganizer()
                .get("/api/conferences/" + id + "/sites")
                .then()
                .extract()
                .jsonPath();
        assertEquals(List.of("HOST", "REMOTE"), sites.getList("items.role"));
        assertEquals(List.of("Lê Văn Trung", "Trần Mưu"), sites.getList("items[1].chairs.name"));
        assertEquals("https://stream.example.vn/danang", sites.getString("items[1].streamUrl"));
        assertThat(console.locator(".participant").nth(1)).containsText("Trưởng Ban Dân vận Thành ủy Lê Văn Trung");

        // edit (If-Match), then publish
        console.locator("[data-tab=overview]").click();
        console.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Sửa").setExact(true))
                .click();
        console.getByLabel("Mô tả").fill("Tổng kết công tác dân vận năm 2041");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu"))
                .click();
        assertThat(console.locator(".details")).containsText("Tổng kết công tác dân vận năm 2041");
        console.locator("[data-action=publish]").click();
        assertThat(console.locator(".conference-head [data-conference-status]"))
                .hasAttribute("data-conference-status", "SCHEDULED");
        assertEquals(
                "SCHEDULED",
                asOrganizer().get("/api/conferences/" + id).then().extract().path("status"));

        // found in the list by words without accents and by status
        console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Các hội nghị"))
                .click();
        console.getByLabel("Tìm kiếm").fill("tong ket dan van " + unique);
        console.getByLabel("Trạng thái").selectOption("SCHEDULED");
        assertThat(console.locator(".conference-rows .row")).hasCount(1);
        assertThat(console.locator(".conference-rows .row")).containsText(title);
        console.getByLabel("Trạng thái").selectOption("DRAFT");
        assertThat(console.getByText("Không có hội nghị nào phù hợp.")).isVisible();
    }

    @Test
    void aStaleEditIsRefusedAndACancelledConferenceIsDeleted() {
        Api.Setup s = Api.setup();
        Page console = signedIn(Viewport.PHONE, tab(s.conference(), "overview"));
        assertThat(console.locator("h1.conference-title")).isVisible();
        allowConsoleError("status of 412"); // the browser logs the refused save
        console.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Sửa").setExact(true))
                .click();
        console.getByLabel("Mô tả").fill("Bản của tôi");
        // someone else saves first
        asOrganizer()
                .body(Map.of("description", "Bản của người khác"))
                .patch(s.path())
                .then()
                .statusCode(200);
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu"))
                .click();
        assertThat(console.locator("bp-conference-form .alert")).containsText("Hội nghị vừa được người khác thay đổi");
        assertEquals(
                "Bản của người khác",
                asOrganizer().get(s.path()).then().extract().path("description"));
        assertThat(console.getByLabel("Mô tả")).hasValue("Bản của người khác");

        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hủy bỏ"))
                .click();
        console.locator("[data-action=cancel] button").click();
        console.locator("[data-action=cancel] .confirm__yes").click();
        assertThat(console.locator(".conference-head [data-conference-status]"))
                .hasAttribute("data-conference-status", "CANCELLED");
        console.locator("[data-action=delete] button").click();
        console.locator("[data-action=delete] .confirm__yes").click();
        assertThat(console.locator("h1")).hasText("Hội nghị của ban tổ chức");
        asOrganizer().get(s.path()).then().statusCode(404);
    }

    @Test
    void delegatesAreAddedFoundPerSiteAndGetAPrintableJoinLinkWithAQrCode() {
        Api.Setup s = Api.setup();
        Api.createDelegate(s.conference(), s.host(), "Trần Quốc Tỏ");
        Page console = signedIn(Viewport.PHONE, tab(s.conference(), "delegates"));
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm đại biểu"))
                .click();
        console.getByLabel("Họ và tên đại biểu").fill("Lê Thị Thu Hà");
        console.locator("#delegate-siteId").selectOption(s.remote());
        console.getByLabel("Đơn vị").fill("Ban Dân vận Thành ủy Đà Nẵng");
        console.getByLabel("Thư điện tử").fill("ha.ltt@danang.gov.vn");
        console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu"))
                .click();
        Locator card = console.locator(".join-card");
        assertThat(card).containsText("Lê Thị Thu Hà");
        Map<String, Object> delegate = asOrganizer()
                .queryParam("q", "le thi thu ha")
                .get(s.path() + "/delegates")
                .then()
                .extract()
                .jsonPath()
                .getMap("items[0]");
        String code = (String) delegate.get("joinCode");
        assertThat(card.locator("[data-join-code]")).hasText(code);
        String link = url("/?code=" + code);
        assertThat(card.locator(".join-link")).hasAttribute("href", link);
        assertThat(card.locator(".join-qr")).hasAttribute("data-qr-text", link);
        assertThat(card.locator(".join-qr canvas")).isVisible();

        // per site, and by name without accents
        console.locator("#delegate-site-filter").selectOption(s.remote());
        assertThat(console.locator(".delegate-rows .row")).hasCount(1);
        console.locator("#delegate-site-filter").selectOption("");
        assertThat(console.locator(".delegate-rows .row")).hasCount(2);
        console.getByLabel("Tìm kiếm").fill("tran quoc to");
        console.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Tìm").setExact(true))
                .click();
        assertThat(console.locator(".delegate-rows .row")).hasCount(1);
        assertThat(console.locator(".delegate-rows .row")).containsText("Trần Quốc Tỏ");

        // a leaked code is replaced: the old one no longer joins
        card.locator("[data-action=new-code] button").click();
        card.locator("[data-action=new-code] .confirm__yes").click();
        assertThat(card.locator("[data-join-code]")).not().hasText(code);
        String newCode = card.locator("[data-join-code]").textContent();
        Api.anonymous().body(Map.of("code", code)).post("/api/join").then().statusCode(401);
        Api.join(newCode);
        assertThat(card.locator(".join-qr")).hasAttribute("data-qr-text", url("/?code=" + newCode));
        assertFitsPhone(console, "delegates");

        // removed
        card.locator("[data-action=remove] button").click();
        card.locator("[data-action=remove] .confirm__yes").click();
        assertThat(console.locator(".notice")).containsText("Đã xóa đại biểu Lê Thị Thu Hà");
        assertEquals(1, Api.total(s.path() + "/delegates"));
    }

    // ---- languages, every view, phone size ----

    @Test
    void theEnglishSwitchChangesEveryVisibleLabelOnEveryViewWithoutConsoleErrors() {
        // data whose words are no label of the console
        String unique = Api.unique();
        String hall = Api.createSite("Trung tâm Ba Đình " + unique, "Hà Nội");
        String danang = Api.createSite("Sơn Trà " + unique, "Đà Nẵng");
        LocalDate day = Api.freshDay();
        Map<String, Object> body =
                Api.conferenceBody("Giao ban trực tuyến " + unique, Api.at(day, "08:00"), Api.at(day, "11:30"));
        body.put("chair", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"));
        String id = Api.createConference(body);
        Api.addSite(id, hall, "HOST");
        Api.addSite(id, danang, "REMOTE");
        Api.createDelegate(id, danang, "Lê Thị Thu Hà");
        Map<String, Object> item = Api.itemBody("Phát biểu của đồng chí Trần Quốc Tỏ", hall, Api.at(day, "08:00"), 20);
        item.put("speaker", Map.of("name", "Trần Quốc Tỏ", "title", "Trung tướng"));
        Api.addItem(id, item);
        Api.advance(id, "publish", "start");
        Live.announce(id, "Kính mời các đại biểu ổn định chỗ ngồi", null);

        Messages messages = Messages.load("shared", "console");
        Page console = openPage(Viewport.PHONE);
        console.navigate(url("/console"));
        assertThat(console.locator("#sign-in-title")).hasText("Đăng nhập ban tổ chức");
        messages.assertNoLabelOf("en", DelegatePageTest.visibleText(console));
        console.locator("[data-language=en]").click();
        assertThat(console.locator("#sign-in-title")).hasText("Organizer sign-in");
        messages.assertNoLabelOf("vi", DelegatePageTest.visibleText(console));
        console.getByLabel("Username").fill("admin");
        console.getByLabel("Password").fill("admin");
        console.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Sign in").setExact(true))
                .click();
        assertThat(console.locator(".console-nav")).isVisible();

        for (String language : List.of("en", "vi")) {
            if (language.equals("vi")) {
                console.locator("[data-language=vi]").click();
            }
            String other = language.equals("en") ? "vi" : "en";
            // every view, with its forms open
            console.navigate(url("/console#/conferences"));
            console.locator("#conference-q").fill(unique);
            console.locator("#conference-q").press("Enter");
            assertThat(console.locator(".conference-rows .row")).hasCount(1);
            console.locator(".view-head button.primary").click();
            checkView(console, messages, other, "conferences");

            for (String tab : List.of("overview", "sites", "delegates", "agenda", "run", "attendance")) {
                console.navigate(url("/console" + tab(id, tab)));
                waitUntilLive(console);
                assertThat(console.locator(".tab-panel")).hasAttribute("data-tab-panel", tab);
                switch (tab) {
                    case "overview" -> console.locator(".card-head button").click();
                    case "sites" ->
                        console.locator(".participant button").first().click();
                    case "delegates" -> {
                        assertThat(console.locator(".delegate-rows .row")).hasCount(1);
                        console.locator(".delegate-rows .row button").click();
                        console.locator(".view-head .actions button").nth(1).click();
                    }
                    case "agenda" ->
                        console.locator(".view-head button.primary").click();
                    case "run" ->
                        console.locator(".run-item [data-run=delay]").first().click();
                    default -> assertThat(console.locator(".site-attendance")).hasCount(2);
                }
                checkView(console, messages, other, tab);
            }
            console.navigate(url("/console#/sites"));
            console.locator("#site-q").fill(unique);
            console.locator("#site-q").press("Enter");
            assertThat(console.locator(".site-rows .row")).hasCount(2);
            console.locator(".view-head button.primary").click();
            checkView(console, messages, other, "sites");
        }
    }

    /** The view shows no label of the other language, and fits the phone's width. */
    private static void checkView(Page page, Messages messages, String otherLanguage, String view) {
        assertThat(page.locator("html")).hasAttribute("lang", otherLanguage.equals("en") ? "vi" : "en");
        messages.assertNoLabelOf(otherLanguage, DelegatePageTest.visibleText(page));
        assertFitsPhone(page, view);
        screenshot(page, "console-" + view + "-" + (otherLanguage.equals("en") ? "vi" : "en"));
    }

    // ---- load ----

    @Test
    void theConsoleLoadsFastWithAColdCache() {
        Conference c = DelegatePageTest.liveConference();
        Page page = openPage(Viewport.LAPTOP);
        page.navigate(url("/console"));
        assertThat(page.getByLabel("Tên đăng nhập")).isVisible();
        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) page.evaluate("""
                () => { const n = performance.getEntriesByType('navigation')[0];
                        return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                                 formShown: performance.now(), bytes: performance.getEntriesByType('resource')
                                     .reduce((sum, r) => sum + r.transferSize, n.transferSize) }; }""");
        // a signed-in organizer opening the dashboard: until the live numbers are on screen
        Page dashboard = signedIn(Viewport.LAPTOP, tab(c.id(), "attendance"));
        assertThat(dashboard.locator(".site-attendance")).hasCount(2);
        double shown = ((Number) dashboard.evaluate("() => performance.now()")).doubleValue();
        double load = ((Number) timing.get("load")).doubleValue();
        System.out.printf(
                "Console page, cold cache: DOMContentLoaded %.0f ms, load %.0f ms, sign-in form shown %.0f ms, %s bytes;"
                        + " a signed-in organizer's dashboard shown after %.0f ms%n",
                ((Number) timing.get("domContentLoaded")).doubleValue(),
                load,
                ((Number) timing.get("formShown")).doubleValue(),
                timing.get("bytes"),
                shown);
        assertTrue(load < 5000 && shown < 5000, "sanity bound of 5 s: load " + load + ", dashboard " + shown);
    }

    @Test
    void aSiteHostCannotUseTheConsoleAndAnExpiredSessionReturnsToTheSignIn() {
        Api.Setup s = Api.setup();
        String username = "host-" + Api.unique();
        Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", s.remote());
        Page page = openPage(Viewport.PHONE);
        page.navigate(url("/console"));
        page.getByLabel("Tên đăng nhập").fill(username);
        page.getByLabel("Mật khẩu").fill(Api.HOST_PASSWORD);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Đăng nhập").setExact(true))
                .click();
        assertThat(page.locator(".join .alert")).containsText("Tài khoản này không thuộc ban tổ chức");
        assertThat(page.locator(".console-nav")).hasCount(0);
        assertEquals(null, page.evaluate("() => sessionStorage.getItem('bp.session.console')"));

        page.getByLabel("Mật khẩu").fill("wrong-password");
        page.getByLabel("Tên đăng nhập").fill("admin");
        allowConsoleError("status of 401"); // the browser logs the refused sign-in (and the expired token below)
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Đăng nhập").setExact(true))
                .click();
        assertThat(page.locator(".join .alert")).containsText("Tên đăng nhập hoặc mật khẩu không đúng");

        // a session whose token is no longer accepted: back to the sign-in form, with a message
        Page expired = openPage(Viewport.PHONE);
        expired.addInitScript("sessionStorage.setItem('bp.session.console', "
                + "JSON.stringify({accessToken: 'expired.token.value', role: 'ORGANIZER'}))");
        expired.navigate(url("/console#/conferences"));
        assertThat(expired.locator(".join .alert")).containsText("Phiên làm việc đã hết hạn");
        assertThat(expired.getByLabel("Tên đăng nhập")).isVisible();
        assertEquals(null, expired.evaluate("() => sessionStorage.getItem('bp.session.console')"));
    }

    @Test
    void theConferencesStreamEndsWithItsSessionExpiredOrRevokedAndTheConsoleSaysWhy() {
        Conference c = DelegatePageTest.liveConference();
        Map<String, Object> claims = Tokens.payload(Api.organizer());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("exp", Instant.now().getEpochSecond() + 10);
        Page page = openPage(Viewport.LAPTOP);
        page.addInitScript("sessionStorage.setItem('bp.session.console', JSON.stringify("
                + JSON.valueToTree(Map.of(
                        "accessToken", Tokens.signHs256(claims, Tokens.serviceKey(dataSource)), "role", "ORGANIZER"))
                + "))");
        page.navigate(url("/console" + tab(c.id(), "overview")));
        waitUntilLive(page);
        assertThat(page.locator(".join .alert"))
                .containsText(
                        "Phiên làm việc đã hết hạn", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertEquals(null, page.evaluate("() => sessionStorage.getItem('bp.session.console')"));

        // another organizer, signed out everywhere by the first
        String username = "organizer-" + Api.unique();
        String id = Api.createUser(username, "mat-khau-dai-1", "ORGANIZER");
        Page other = openPage(Viewport.LAPTOP);
        other.navigate(url("/console" + tab(c.id(), "overview")));
        other.getByLabel("Tên đăng nhập").fill(username);
        other.getByLabel("Mật khẩu").fill("mat-khau-dai-1");
        other.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Đăng nhập").setExact(true))
                .click();
        waitUntilLive(other);
        asOrganizer().post("/api/users/{id}/sign-out", id).then().statusCode(204);
        assertThat(other.locator(".join .alert")).containsText("Quyền truy cập của phiên này đã bị thu hồi");
        assertThat(other.getByLabel("Tên đăng nhập")).isVisible();
    }

    // ---- accounts ----

    static Locator accountRow(Page page, String username) {
        return page.locator(".account-rows .row[data-username='" + username + "']");
    }

    /** Finds the account by its username in the accounts page's search (of every site); its row. */
    static Locator findAccount(Page page, String username) {
        page.locator("#account-q").fill(username);
        page.locator("#account-site-filter").selectOption(new SelectOption().setIndex(0)); // every site
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Tìm").setExact(true))
                .click();
        Locator row = accountRow(page, username);
        assertThat(row).isVisible();
        return row;
    }

    /** Clicks a confirm button of a row, then its "yes". */
    static void confirm(Locator row, String buttonClass) {
        Locator button = row.locator("bp-confirm-button." + buttonClass);
        button.locator("button").first().click();
        button.locator(".confirm__yes").click();
    }

    @Test
    void anOrganizerResetsAHostsPasswordShownOnceAndTheHostSetsANewOneWithItOnTheHostPage() {
        HostPageTest.Desk d = HostPageTest.desk("Trần Văn Đức", "Sở Nội vụ");
        Page console = signedIn(Viewport.LAPTOP, "#/accounts");
        assertThat(console.locator("main h1")).hasText("Tài khoản ban tổ chức và điểm cầu");
        Locator row = findAccount(console, d.username());

        confirm(row, "reset-password");

        Locator code = console.locator("[data-reset-code]");
        assertThat(code).hasText(Pattern.compile("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        String resetCode = code.textContent().trim();
        console.reload();
        assertThat(console.locator(".account-rows")).isVisible();
        assertThat(console.locator("[data-reset-code]")).hasCount(0); // shown once

        Page host = openPage(Viewport.PHONE);
        host.navigate(url("/host"));
        host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Tôi có mã đặt lại mật khẩu"))
                .click();
        assertThat(host.locator("#sign-in-title")).hasText("Đặt mật khẩu mới bằng mã");
        host.locator("#reset-username").fill(d.username());
        host.locator("#reset-code").fill(resetCode.toLowerCase());
        host.locator("#new-password").fill("mat-khau-moi-9");
        host.locator("#repeat-password").fill("mat-khau-moi-9");
        host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Đặt mật khẩu và đăng nhập"))
                .click();

        assertThat(host.locator("bp-host-desk")).isVisible();
        assertThat(host.locator("main > .notice")).containsText("Đã đổi mật khẩu");
        Api.login(d.username(), "mat-khau-moi-9");
        Api.unauthorized(Api.setPasswordWithCode(d.username(), resetCode, "mat-khau-khac-9"));
        Api.unauthorized(Api.anonymous()
                .body(Map.of("username", d.username(), "password", Api.HOST_PASSWORD))
                .post("/api/auth/token")
                .then());
    }

    @Test
    void anOrganizerCreatesAHostForABridgePointMovesItSignsItOutAndDisablesIt() {
        allowConsoleError("status of 401"); // the host's page, signed out by the organizer
        String danang = Api.createSite("Điểm cầu Đà Nẵng " + Api.unique(), "Đà Nẵng");
        String hue = Api.createSite("Điểm cầu Huế " + Api.unique(), "Huế");
        String danangName = asOrganizer().get("/api/sites/" + danang).path("name");
        String username = "danang-" + Api.unique();
        Page page = signedIn(Viewport.LAPTOP, "#/accounts");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thêm tài khoản"))
                .click();
        page.locator("#account-username").fill(username);
        page.locator("#account-password").fill("mat-khau-dai-1");
        page.locator("#account-display-name").fill("Cán bộ đón tiếp Đà Nẵng");
        // the form lists every site; the filter finds one without accents
        String suffix = danangName.substring(danangName.lastIndexOf(' ') + 1);
        page.locator("#account-site-search").fill("diem cau da nang " + suffix);
        assertThat(page.locator(".site-picks input[value='" + hue + "']")).isHidden();
        page.locator(".site-picks input[value='" + danang + "']").check();
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Lưu").setExact(true))
                .click();
        assertThat(page.locator(".notice")).hasText("Đã lưu.");

        // found by its display name without diacritics, and by its site
        page.locator("#account-q").fill("can bo don tiep da nang");
        page.locator("#account-site-filter").selectOption(danang);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Tìm").setExact(true))
                .click();
        Locator row = accountRow(page, username);
        assertThat(row).containsText("Cán bộ đón tiếp Đà Nẵng");
        assertThat(row).containsText(danangName);
        assertThat(row).containsText("Chưa đăng nhập lần nào");
        String id = row.getAttribute("data-account-id");
        JsonPath created = asOrganizer().get("/api/users/" + id).jsonPath();
        assertEquals(List.of(danang), created.getList("siteIds"));
        assertEquals("admin", created.getString("createdBy.username"));
        String token = Api.login(username, "mat-khau-dai-1");

        // moved from Đà Nẵng to Huế: its old token no longer works
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sửa " + username))
                .click();
        page.locator(".site-picks input[value='" + danang + "']").uncheck();
        page.locator(".site-picks input[value='" + hue + "']").check();
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Lưu").setExact(true))
                .click();
        assertThat(page.locator(".notice")).hasText("Đã lưu.");
        assertEquals(
                List.of(hue), asOrganizer().get("/api/users/" + id).jsonPath().getList("siteIds"));
        Api.unauthorized(Api.as(token).get("/api/sites").then());

        String again = Api.login(username, "mat-khau-dai-1");
        row = findAccount(page, username);
        confirm(row, "sign-out");
        assertThat(page.locator(".notice")).hasText(username + " đã bị đăng xuất trên mọi thiết bị.");
        Api.unauthorized(Api.as(again).get("/api/sites").then());

        row = accountRow(page, username);
        confirm(row, "disable");
        assertThat(page.locator(".notice")).hasText("Đã vô hiệu hóa tài khoản " + username + ".");
        assertThat(accountRow(page, username).locator("[data-disabled]")).hasText("Đã vô hiệu hóa");
        assertEquals(true, asOrganizer().get("/api/users/" + id).path("disabled"));
        accountRow(page, username)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Kích hoạt lại"))
                .click();
        assertThat(accountRow(page, username).locator("[data-disabled]")).hasCount(0);
        Api.login(username, "mat-khau-dai-1");
    }
}
