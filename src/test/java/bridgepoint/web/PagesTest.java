package bridgepoint.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages and their bundles as HTTP serves them: addresses, types, security headers, caching. */
@QuarkusTest
class PagesTest {

    static final String CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
            + "style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final Pattern BUNDLE = Pattern.compile("/static/bundle/[\\w-]+\\.(?:js|css)");

    @Test
    void thePagesAreServedAtTheirAddressesWithSecurityHeadersAndRevalidated() {
        for (String[] page : List.of(
                new String[] {"/", "bp-delegate-page"},
                new String[] {"/index.html", "bp-delegate-page"},
                new String[] {"/host", "bp-host-page"},
                new String[] {"/host/", "bp-host-page"},
                new String[] {"/console", "bp-console-page"},
                new String[] {"/console/", "bp-console-page"})) {
            RestAssured.given()
                    .redirects()
                    .follow(false)
                    .get(page[0])
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("text/html"))
                    .header("Content-Security-Policy", CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Cache-Control", "no-cache")
                    .body(containsString("<" + page[1] + ">"))
                    // no inline script: the page's own scripts are files of its bundle
                    .body(containsString("<script type=\"module\" src=\"/static/bundle/"));
        }
    }

    @Test
    void bundlesHaveHashedNamesTheirTypesAndAreCachedForever() {
        String html = RestAssured.get("/").then().statusCode(200).extract().asString();
        Matcher m = BUNDLE.matcher(html);
        int found = 0;
        while (m.find()) {
            found++;
            String path = m.group();
            Response r = RestAssured.get(path);
            assertEquals(200, r.statusCode(), path);
            assertEquals(
                    path.endsWith(".js") ? "text/javascript" : "text/css",
                    r.contentType().split(";")[0],
                    path);
            assertEquals("public, max-age=31536000, immutable", r.header("Cache-Control"), path);
            assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
            assertTrue(path.matches(".*-[A-Z0-9]{8}\\.(js|css)"), "a content hash in the name: " + path);
            // minified: long lines (only the templates' HTML keeps its line breaks), no comments
            String body = r.asString();
            assertTrue(body.length() / body.lines().count() > 100, path + " is not minified");
            assertTrue(!body.contains("/**"), path + " keeps the sources' comments");
        }
        assertEquals(2, found, "the delegate page's script and stylesheet: " + html);
    }

    @Test
    void theHostPagesServiceWorkerIsServedFromTheRootAndRevalidated() {
        // at the root, so that its scope may be /host without a Service-Worker-Allowed header; never cached, so that
        // browsers see a new version at once
        RestAssured.get("/host-sw.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", CSP)
                .header("Service-Worker-Allowed", nullValue())
                .body(containsString("addEventListener('fetch'"));
    }

    @Test
    void theApiAndSwaggerUiKeepTheirOwnHeaders() {
        // Swagger UI runs inline script: no page CSP there
        RestAssured.get("/q/swagger-ui/").then().statusCode(200).header("Content-Security-Policy", nullValue());
        RestAssured.get("/api/sites")
                .then()
                .statusCode(401)
                .header("Content-Security-Policy", nullValue())
                .header("Cache-Control", nullValue());
        RestAssured.get("/no-such-page")
                .then()
                .statusCode(404)
                .header("Content-Type", equalTo("application/problem+json"));
    }
}
