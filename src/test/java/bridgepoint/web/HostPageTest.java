package bridgepoint.web;

import bridgepoint.support.Api;
import bridgepoint.support.Attendance;
import bridgepoint.support.BrowserTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host site page (/host) in Chromium: signing in, finding delegates without diacritics and checking them in,
 * short codes and QR codes, head counts, the heartbeat, and working offline (service worker, queued check-ins).
 */
@QuarkusTest
class HostPageTest extends BrowserTest {

    /** A live conference, a host account of its REMOTE site, and that site's delegates by name. */
    record Desk(Api.Setup s, String username, Map<String, String> delegates) {
        String site() {
            return s.remote();
        }

        String id(String name) {
            return delegates.get(name);
        }

        String hostToken() {
            return Api.login(username, Api.HOST_PASSWORD);
        }
    }

    /** A delegate of this site with this organization; its id. */
    static String delegate(Api.Setup s, String siteId, String fullName, String organization) {
        return asOrganizer()
                .body(Map.of("fullName", fullName, "organization", organization, "siteId", siteId))
                .post(s.path() + "/delegates")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A live conference whose REMOTE site has these delegates ({name, organization} pairs) and a host account. */
    static Desk desk(Api.Setup s, String... namesAndOrganizations) {
        Api.advance(s.conference(), "publish", "start");
        Map<String, String> delegates = new LinkedHashMap<>();
        for (int i = 0; i < namesAndOrganizations.length; i += 2) {
            delegates.put(
                    namesAndOrganizations[i],
                    delegate(s, s.remote(), namesAndOrganizations[i], namesAndOrganizations[i + 1]));
        }
        String username = "host-" + Api.unique();
        Api.createUser(username, Api.HOST_PASSWORD, "SITE_HOST", s.remote());
        return new Desk(s, username, delegates);
    }

    static Desk desk(String... namesAndOrganizations) {
        return desk(Api.setup(), namesAndOrganizations);
    }

    /** Signs in on /host; the account's one site and its one live conference are chosen by themselves. */
    static void signIn(Page page, String username) {
        page.navigate(url("/host"));
        submitSignIn(page, username, "Tên đăng nhập", "Mật khẩu", "Đăng nhập");
        assertThat(page.locator("bp-host-desk")).isVisible();
    }

    /** Fills in the sign-in form (labelled in the page's language) for a host account. */
    static void submitSignIn(Page page, String username, String userLabel, String passwordLabel, String button) {
        submitSignIn(page, username, Api.HOST_PASSWORD, userLabel, passwordLabel, button);
    }

    static void submitSignIn(
            Page page, String username, String password, String userLabel, String passwordLabel, String button) {
        page.getByLabel(userLabel).fill(username);
        page.getByLabel(passwordLabel).fill(password);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(button).setExact(true))
                .click();
    }

    static Locator results(Page page) {
        return page.locator(".people .person");
    }

    /** Types a search and waits for its results. */
    static void search(Page page, String query) {
        page.locator("#delegate-search").fill(query);
        assertThat(page.locator(".people")).hasAttribute("data-query", query);
    }

    static Locator checkInButton(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Điểm danh " + name));
    }

    static Locator feedback(Page page) {
        return page.locator(".feedback");
    }

    static JsonPath siteNumbers(Desk d) {
        return Attendance.rollUp(d.s()).setRootPath("sites.find { it.siteId == '" + d.site() + "' }");
    }

    @Test
    void
            aHostFindsDelegatesWithoutDiacriticsChecksThemInWithOneTapRaisingTheOrganizersDashboardAndSeesNoOtherSitesDelegates() {
        Api.Setup s = Api.setup();
        String otherSitesDelegate = delegate(s, s.host(), "Trần Văn Đức Anh", "Văn phòng Trung ương, Đà Nẵng");
        Desk d = desk(
                s,
                "Trần Văn Đức",
                "Sở Nội vụ",
                "Lê Thị Thu Hà",
                "Ban Dân vận Thành ủy Đà Nẵng",
                "Nguyễn Thị Lan",
                "Hội Liên hiệp Phụ nữ");
        Page page = openPage(Viewport.PHONE);
        signIn(page, d.username());
        // the organizer watches the attendance dashboard in the console meanwhile
        Page console = openPage(Viewport.LAPTOP);
        ConsolePageTest.signIn(console);
        console.navigate(url("/console" + ConsolePageTest.tab(s.conference(), "attendance")));
        ConsolePageTest.waitUntilLive(console);
        Locator dashboard = console.locator(".site-attendance[data-site-id='" + d.site() + "']");
        assertThat(dashboard).hasAttribute("data-checked-in", "0");

        search(page, "da nang");
        assertThat(results(page)).hasCount(1);
        assertThat(results(page)).containsText("Lê Thị Thu Hà");
        search(page, "tran van duc");
        assertThat(results(page)).hasCount(1);
        assertThat(results(page).first()).hasAttribute("data-delegate-id", d.id("Trần Văn Đức"));

        checkInButton(page, "Trần Văn Đức").click();
        assertThat(feedback(page)).hasText("Đã điểm danh: Trần Văn Đức");
        assertThat(results(page).first()).containsText("Đã điểm danh");
        assertThat(checkInButton(page, "Trần Văn Đức")).isDisabled();
        assertThat(page.locator(".checked-in li[data-delegate-id='" + d.id("Trần Văn Đức") + "']"))
                .isVisible();
        // the one tap raises the organizer's dashboard without a reload
        assertThat(dashboard).hasAttribute("data-checked-in", "1");

        // stored once, at this site, by its host; the roll-up counts it and the page's live numbers follow
        Map<String, Object> current = Attendance.current(s, d.id("Trần Văn Đức"));
        assertEquals(d.site(), current.get("siteId"));
        assertEquals("SITE_HOST", current.get("method"));
        assertEquals(1, siteNumbers(d).getInt("checkedIn"));
        assertThat(page.locator("[data-number=checkedIn]")).hasText("1");
        assertThat(page.locator("[data-number=registered]")).hasText("3");

        search(page, "lan");
        assertThat(results(page)).hasCount(1);
        assertThat(results(page)).containsText("Nguyễn Thị Lan");
        screenshot(page, "host-phone"); // the README's picture (src/docs/screenshots)
        assertEquals(
                Viewport.PHONE.width,
                ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue());

        // the host site's own delegate is not this host's: neither the page nor the API shows it
        search(page, "tran van duc anh");
        assertThat(page.locator("[data-found='0']")).isVisible();
        String hostToken = d.hostToken();
        Api.as(hostToken)
                .queryParam("q", "tran van duc anh")
                .get(s.path() + "/delegates")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        Api.as(hostToken)
                .queryParam("siteId", s.host())
                .get(s.path() + "/delegates")
                .then()
                .statusCode(403);
        Api.as(hostToken)
                .get(s.path() + "/delegates/" + otherSitesDelegate)
                .then()
                .statusCode(403);
        // and the other site's host does not see this site's delegates
        String otherHost = "host-" + Api.unique();
        Api.createUser(otherHost, Api.HOST_PASSWORD, "SITE_HOST", s.host());
        Page other = openPage(Viewport.LAPTOP);
        signIn(other, otherHost);
        search(other, "tran van duc");
        assertThat(results(other)).hasCount(1);
        assertThat(results(other)).containsText("Trần Văn Đức Anh");
        search(other, "da nang thanh uy");
        assertThat(other.locator("[data-found='0']")).isVisible();
    }

    @Test
    void offlineCheckInsAreQueuedAndUploadedOnceWhenTheNetworkIsBackEvenWhenAnUploadIsRepeated() {
        Desk d = desk(
                "Trần Văn Đức", "Sở Nội vụ",
                "Lê Thị Thu Hà", "Ban Dân vận Thành ủy Đà Nẵng",
                "Phạm Quốc Bảo", "Công an thành phố",
                "Võ Thị Hồng", "Sở Y tế");
        // a request the page makes while offline (e.g. after the event of the delegate removed below) fails, and
        // Chromium logs the failure itself
        allowConsoleError("net::ERR_INTERNET_DISCONNECTED");
        Page page = openPage(Viewport.LAPTOP);
        BrowserContext context = page.context();
        signIn(page, d.username());
        // the page and its bundles are stored by the service worker, the roster on the device
        assertThat(page.locator("bp-host-page")).hasAttribute("data-offline-ready", "true");
        assertThat(page.locator("[data-roster-count]")).hasAttribute("data-roster-count", "4");
        // removed by the organizers after the roster was fetched: its offline check-in will be rejected
        asOrganizer()
                .delete(d.s().path() + "/delegates/" + d.id("Võ Thị Hồng"))
                .then()
                .statusCode(204);

        context.setOffline(true);
        assertThat(page.locator(".offline-banner")).isVisible();
        for (String[] person : new String[][] {
            {"tran van duc", "Trần Văn Đức"},
            {"da nang", "Lê Thị Thu Hà"},
            {"pham quoc bao", "Phạm Quốc Bảo"},
            {"vo thi hong", "Võ Thị Hồng"}
        }) {
            search(page, person[0]);
            assertThat(results(page)).hasCount(1);
            assertThat(page.locator(".search-card")).containsText("Kết quả từ danh sách lưu trên máy");
            checkInButton(page, person[1]).click();
            assertThat(feedback(page)).hasText("Đã lưu trên máy, sẽ gửi khi có mạng: " + person[1]);
        }
        assertThat(page.locator(".sync")).hasAttribute("data-waiting", "4");
        assertThat(page.locator(".checked-in li[data-waiting=true]")).hasCount(4);

        // reloaded while offline: the service worker serves the page, the queue is still on the device
        Response reloaded = page.reload();
        assertTrue(reloaded.fromServiceWorker(), "the page came from the service worker");
        assertThat(page.locator(".offline-banner")).isVisible();
        assertThat(page.locator(".sync")).hasAttribute("data-waiting", "4");
        List<Map<String, Object>> queued = queue(page);
        assertEquals(4, queued.size());

        // an earlier upload of the first entry reached the service, but its answer never came back
        Map<String, Object> first = queued.stream()
                .filter(e -> d.id("Trần Văn Đức").equals(e.get("delegateId")))
                .findFirst()
                .orElseThrow();
        String hostToken = d.hostToken();
        Attendance.batch(Api.as(hostToken), d.s(), List.of(entry(first)))
                .statusCode(200)
                .body("[0].result", equalTo("created"));

        context.setOffline(false);
        assertThat(page.locator(".sync")).hasAttribute("data-waiting", "0");
        assertThat(page.locator(".upload-results li[data-result=created]")).hasCount(2);
        assertThat(page.locator(".upload-results li[data-result=duplicate]")).hasCount(1);
        Locator rejected = page.locator(".upload-results li[data-result=rejected]");
        assertThat(rejected).hasCount(1);
        assertThat(rejected).containsText("Võ Thị Hồng");
        // in the page's language, not the service's English
        assertThat(rejected).containsText("Lý do: không tìm thấy đại biểu (có thể đã bị xóa)");
        assertEquals(List.of(), queue(page));
        assertThat(page.locator(".checked-in-card h2")).hasText("Đã điểm danh tại điểm cầu (3)");

        // stored exactly once each, at the time they were made, at this site
        assertStoredOnce(d, queued);
        // uploading the same entries again adds nothing
        List<Map<String, Object>> again = new ArrayList<>();
        queued.forEach(e -> again.add(entry(e)));
        List<String> answers = Attendance.batch(Api.as(hostToken), d.s(), again)
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("result");
        assertEquals(List.of("duplicate", "duplicate", "duplicate", "rejected"), answers);
        assertStoredOnce(d, queued);
    }

    /** Each of the three remaining delegates has one check-in, current, at the site, with its offline time. */
    private static void assertStoredOnce(Desk d, List<Map<String, Object>> queued) {
        for (String name : List.of("Trần Văn Đức", "Lê Thị Thu Hà", "Phạm Quốc Bảo")) {
            List<Map<String, Object>> history = Attendance.history(d.s(), d.id(name));
            assertEquals(1, history.size(), name + ": " + history);
            assertEquals(d.site(), history.get(0).get("siteId"));
            assertEquals(true, history.get(0).get("current"));
            String at = (String) queued.stream()
                    .filter(e -> d.id(name).equals(e.get("delegateId")))
                    .findFirst()
                    .orElseThrow()
                    .get("at");
            assertEquals(
                    Instant.parse(at).getEpochSecond(),
                    OffsetDateTime.parse((String) history.get(0).get("at"))
                            .toInstant()
                            .getEpochSecond());
        }
        assertEquals(3, siteNumbers(d).getInt("checkedIn"));
    }

    /** The queue as the page keeps it in IndexedDB. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> queue(Page page) {
        return (List<Map<String, Object>>) page.evaluate("""
                () => new Promise((resolve, reject) => {
                    const open = indexedDB.open('bridgepoint-host');
                    open.onerror = () => reject(open.error);
                    open.onsuccess = () => {
                        const all = open.result.transaction('queue').objectStore('queue').getAll();
                        all.onsuccess = () => resolve(all.result.sort((a, b) => a.at.localeCompare(b.at)));
                        all.onerror = () => reject(all.error);
                    };
                })""");
    }

    /** A queue entry as the batch upload takes it. */
    private static Map<String, Object> entry(Map<String, Object> queued) {
        return Attendance.entry(
                (String) queued.get("nonce"),
                (String) queued.get("delegateId"),
                (String) queued.get("siteId"),
                queued.get("at"));
    }

    @Test
    void aHostChecksInByShortCodeAndByScanningReportsTheHeadCountAndItsHeartbeatPutsTheSiteOnline() {
        Desk d = desk("Trần Văn Đức", "Sở Nội vụ", "Lê Thị Thu Hà", "Ban Dân vận Thành ủy Đà Nẵng");
        Page page = openPage(Viewport.PHONE);
        // a camera and a BarcodeDetector that reads what the test holds up (headless Chromium on Linux has neither)
        page.addInitScript("""
                window.BarcodeDetector = class {
                    static async getSupportedFormats() { return ['qr_code']; }
                    async detect() { return window.heldUp ? [{ rawValue: window.heldUp }] : []; }
                };
                navigator.mediaDevices.getUserMedia = async () => {
                    const canvas = document.createElement('canvas');
                    canvas.width = 64;
                    canvas.height = 64;
                    canvas.getContext('2d').fillRect(0, 0, 64, 64);
                    return canvas.captureStream();
                };""");
        signIn(page, d.username());

        // the heartbeat: the site goes online
        await().atMost(Duration.ofSeconds(15)).until(() -> siteNumbers(d).getBoolean("online"));
        assertThat(page.locator("[data-site-online]")).hasAttribute("data-site-online", "true");

        // the short code, typed in any case without the dash
        String hex = d.id("Lê Thị Thu Hà").replace("-", "").substring(0, 8);
        Locator code = page.getByLabel("Mã ngắn của đại biểu");
        code.fill("12");
        code.press("Enter");
        assertThat(feedback(page)).hasText("Mã ngắn gồm 8 ký tự dạng XXXX-XXXX.");
        code.fill(hex.toLowerCase());
        code.press("Enter");
        assertThat(feedback(page)).hasText("Đã điểm danh: Lê Thị Thu Hà");
        assertEquals(d.site(), Attendance.current(d.s(), d.id("Lê Thị Thu Hà")).get("siteId"));

        // the QR code of the delegate page
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Quét mã QR bằng camera"))
                .click();
        assertThat(page.locator("video.scanner__video")).isVisible();
        page.evaluate("p => { window.heldUp = p; }", "BPCHK:" + d.s().conference() + ":" + d.id("Trần Văn Đức"));
        assertThat(feedback(page)).hasText("Đã điểm danh: Trần Văn Đức");
        assertEquals(d.site(), Attendance.current(d.s(), d.id("Trần Văn Đức")).get("siteId"));
        page.evaluate("p => { window.heldUp = p; }", "BPCHK:" + Api.unique() + ":x");
        assertThat(feedback(page)).hasText("Đây không phải mã QR điểm danh.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Dừng quét"))
                .click();
        assertThat(page.locator("[data-number=checkedIn]")).hasText("2");

        // the head count
        page.getByLabel("Số người có mặt trong hội trường").fill("57");
        page.getByLabel("Ghi chú (không bắt buộc)").fill("2 khách mời không có trong danh sách");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Gửi báo cáo"))
                .click();
        assertThat(page.locator(".report-done")).containsText("Đã báo cáo 57 người lúc");
        asOrganizer()
                .get(d.s().path() + "/sites/" + d.site() + "/attendance")
                .then()
                .statusCode(200)
                .body("items[0].present", equalTo(57))
                .body("items[0].note", equalTo("2 khách mời không có trong danh sách"));
        assertEquals(57, siteNumbers(d).getInt("reportedPresent"));
        assertThat(page.locator("[data-number=reportedPresent]")).hasText("57");
    }

    @Test
    void aDeskWhoseSiteLeavesTheConferenceSaysSoAndOneSignedOutEverywhereIsBackAtTheSignIn() {
        Desk leaving = desk();
        Page page = openPage(Viewport.PHONE);
        signIn(page, leaving.username());
        assertThat(page.locator("bp-host-desk bp-live-status")).hasAttribute("data-live-status", "live");
        asOrganizer()
                .delete(leaving.s().path() + "/sites/{site}", leaving.site())
                .then()
                .statusCode(204);
        assertThat(page.locator("bp-host-page .alert").first())
                .containsText("Điểm cầu của bạn không còn tham gia hội nghị này");
        assertThat(page.locator("bp-host-page")).hasAttribute("data-view", "conferences");

        Desk revoked = desk();
        Page other = openPage(Viewport.PHONE);
        signIn(other, revoked.username());
        assertThat(other.locator("bp-host-desk bp-live-status")).hasAttribute("data-live-status", "live");
        String id = asOrganizer()
                .get("/api/users?q=" + revoked.username())
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        asOrganizer().post("/api/users/{id}/sign-out", id).then().statusCode(204);
        assertThat(other.locator("bp-host-sign-in .alert")).containsText("Quyền truy cập của phiên này đã bị thu hồi");
        assertThat(other.getByLabel("Tên đăng nhập")).isVisible();
    }

    @Test
    void anOrganizerMayUseTheDeskOfAnySite() {
        Desk d = desk("Trần Văn Đức", "Sở Nội vụ");
        String siteName = asOrganizer().get("/api/sites/" + d.site()).path("name");
        Page page = openPage(Viewport.LAPTOP);
        page.navigate(url("/host"));
        submitSignIn(page, "admin", "admin", "Tên đăng nhập", "Mật khẩu", "Đăng nhập");
        page.getByLabel("Tìm điểm cầu (tên, thành phố)").fill(siteName);
        page.locator("[data-site-id='" + d.site() + "']").click();
        assertThat(page.locator(".desk-head__conference")).hasAttribute("data-conference-id", d.s().conference());

        search(page, "tran van duc");
        checkInButton(page, "Trần Văn Đức").click();
        assertThat(feedback(page)).hasText("Đã điểm danh: Trần Văn Đức");
        Map<String, Object> current = Attendance.current(d.s(), d.id("Trần Văn Đức"));
        assertEquals("ORGANIZER", current.get("method"));
        assertEquals(d.site(), current.get("siteId"));
    }

    @Test
    void theEnglishSwitchChangesEveryVisibleLabel() {
        // names that contain no label of either language (a site called "Điểm cầu …" would read as one)
        LocalDate day = Api.freshDay();
        String hall = Api.createSite("Hội trường Ba Đình " + Api.unique(), "Hà Nội");
        String sonTra = Api.createSite("Trung tâm Sơn Trà " + Api.unique(), "Đà Nẵng");
        String conference = Api.createConference(day, "08:00", "11:30", hall, "HOST");
        Api.addSite(conference, sonTra, "REMOTE");
        Api.Setup s = new Api.Setup(conference, hall, sonTra, day);
        Desk d = desk(s, "Trần Văn Đức", "Sở Nội vụ", "Lê Thị Thu Hà", "Thành ủy");
        Messages messages = Messages.load("shared", "host");
        Page page = openPage(Viewport.LAPTOP);
        page.navigate(url("/host"));
        assertThat(page.locator("#sign-in-title")).hasText("Đăng nhập điểm cầu");
        messages.assertNoLabelOf("en", DelegatePageTest.visibleText(page));

        page.locator("[data-language=en]").click();
        assertThat(page.locator("#sign-in-title")).hasText("Host site sign-in");
        messages.assertNoLabelOf("vi", DelegatePageTest.visibleText(page));
        submitSignIn(page, d.username(), "Username", "Password", "Sign in");
        assertThat(page.locator("bp-host-desk")).isVisible();
        assertThat(page.locator("[data-number=registered]")).hasText("2");
        search(page, "tran van duc");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check in Trần Văn Đức"))
                .click();
        assertThat(feedback(page)).hasText("Checked in: Trần Văn Đức");
        page.getByLabel("People present in the room").fill("12");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the report"))
                .click();
        assertThat(page.locator(".report-done")).containsText("Reported 12 people at");
        messages.assertNoLabelOf("vi", DelegatePageTest.visibleText(page));

        page.context().setOffline(true);
        assertThat(page.locator(".offline-banner"))
                .hasText("Offline: check-ins are kept on this device and sent automatically when the network is back.");
        messages.assertNoLabelOf("vi", DelegatePageTest.visibleText(page));
        page.context().setOffline(false);

        page.locator("[data-language=vi]").click();
        assertThat(page.locator("#search-title")).hasText("Tìm đại biểu");
        messages.assertNoLabelOf("en", DelegatePageTest.visibleText(page));
    }

    @Test
    void aHostChangesItsOwnPasswordAndStaysAtItsDesk() {
        allowConsoleError("status of 401"); // the browser logs the refused wrong password
        Desk d = desk("Trần Văn Đức", "Sở Nội vụ");
        String otherDevice = d.hostToken();
        Page page = openPage(Viewport.PHONE);
        signIn(page, d.username());

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Đổi mật khẩu"))
                .click();
        page.locator("#current-password").fill("mat-khau-sai-9");
        page.locator("#new-password").fill("mat-khau-moi-9");
        page.locator("#repeat-password").fill("mat-khau-moi-9");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu mật khẩu mới"))
                .click();
        assertThat(page.locator(".alert")).hasText("Mật khẩu hiện tại không đúng.");

        page.locator("#current-password").fill(Api.HOST_PASSWORD);
        page.locator("#repeat-password").fill("mat-khau-khac-9");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu mật khẩu mới"))
                .click();
        assertThat(page.locator(".alert")).hasText("Hai lần nhập mật khẩu mới không khớp nhau.");

        page.locator("#repeat-password").fill("mat-khau-moi-9");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lưu mật khẩu mới"))
                .click();

        assertThat(page.locator("bp-host-desk")).isVisible();
        assertThat(page.locator("main > .notice")).containsText("Đã đổi mật khẩu");
        search(page, "tran van duc");
        checkInButton(page, "Trần Văn Đức").click();
        assertThat(feedback(page)).hasText("Đã điểm danh: Trần Văn Đức");
        Api.login(d.username(), "mat-khau-moi-9");
        Api.unauthorized(Api.as(otherDevice).get("/api/sites").then()); // other devices sign in again
    }
}
