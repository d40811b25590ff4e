package bridgepoint.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A base for {@code @QuarkusTest} classes that drive the pages in Debian's Chromium with Playwright (README, "Browser
 * tests"). One Playwright and one browser per test class (starting them takes some 3 s); each page gets a context of
 * its own (a fresh profile: cold cache, empty storage) in Vietnamese and Hà Nội time unless the test asks otherwise.
 *
 * <p>Without Chromium the tests are skipped with a message, except in CI ({@code CI=true}), where they fail. Any
 * console error or uncaught exception of a page fails the test (a test that provokes one on purpose names it with
 * {@link #allowConsoleError}). After each test, the last page opened is saved as {@code
 * target/screenshots/<test method>.png}.
 */
public abstract class BrowserTest {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Headless as root, and quiet: this machine's network refuses Chromium's background connections. */
    private static final List<String> CHROMIUM_ARGS = List.of(
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");

    /** The sizes the pages are tested at. */
    public enum Viewport {
        PHONE(390, 844, true),
        LAPTOP(1366, 768, false);

        public final int width;
        public final int height;
        public final boolean mobile;

        Viewport(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    public static final String LOCALE = "vi-VN";
    public static final String TIME_ZONE = "Asia/Ho_Chi_Minh";

    private static Playwright playwright;
    protected static Browser browser;

    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> pageErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<Pattern> allowedErrors = new ArrayList<>();
    private Page lastPage;
    private String testName;

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            String missing = "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing + ": the browser tests cannot run, and CI requires them");
            }
            System.err.println("SKIPPED browser tests: " + missing);
            Assumptions.abort(missing + ": browser tests skipped");
        }
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(CHROMIUM_ARGS));
    }

    @AfterAll
    static void closeBrowser() {
        if (playwright != null) {
            playwright.close(); // closes the browser too
        }
        playwright = null;
        browser = null;
    }

    @BeforeEach
    void nameTest(TestInfo info) {
        testName = info.getTestMethod().map(Method::getName).orElse(info.getDisplayName());
    }

    @AfterEach
    void saveScreenshotAndCheckErrors() {
        try {
            if (lastPage != null && !lastPage.isClosed()) {
                screenshot(lastPage, testName);
            }
        } finally {
            contexts.forEach(BrowserContext::close);
            contexts.clear();
            lastPage = null;
        }
        List<String> unexpected;
        synchronized (pageErrors) {
            unexpected = pageErrors.stream()
                    .filter(e ->
                            allowedErrors.stream().noneMatch(p -> p.matcher(e).find()))
                    .toList();
            pageErrors.clear();
        }
        allowedErrors.clear();
        assertEquals(List.of(), unexpected, "console errors or uncaught exceptions of the pages");
    }

    /** A page of a new context in Vietnamese and Hà Nội time, at this size. */
    protected Page openPage(Viewport viewport) {
        return openPage(viewport, LOCALE, TIME_ZONE);
    }

    /** A page of a new context (fresh profile: cold cache, empty storage) with this locale and time zone. */
    protected Page openPage(Viewport viewport, String locale, String timeZone) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setLocale(locale)
                .setTimezoneId(timeZone)
                .setViewportSize(viewport.width, viewport.height)
                .setIsMobile(viewport.mobile)
                .setHasTouch(viewport.mobile));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                pageErrors.add("console error: " + message.text() + " (" + message.location() + ")");
            }
        });
        page.onPageError(error -> pageErrors.add("uncaught: " + error));
        lastPage = page;
        return page;
    }

    /** Console errors matching this regular expression are part of the test; any other still fails it. */
    protected void allowConsoleError(String regex) {
        allowedErrors.add(Pattern.compile(regex));
    }

    /** The service's address of this path (the test port). */
    protected static String url(String path) {
        return "http://localhost:" + RestAssured.port + path;
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png}; its path. */
    protected static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }
}
