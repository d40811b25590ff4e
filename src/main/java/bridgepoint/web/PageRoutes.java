package bridgepoint.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * The pages' addresses: {@code /host} and {@code /console} (with or without a trailing slash) serve the pages that
 * the Web Bundler renders from {@code src/main/resources/web/host.html} and {@code console.html}; {@code /} serves
 * {@code index.html} by itself. Rerouted inside the server, so the address bar keeps what was typed.
 */
@ApplicationScoped
public class PageRoutes {

    static final Map<String, String> PAGES = Map.of(
            "/host", "/host.html",
            "/host/", "/host.html",
            "/console", "/console.html",
            "/console/", "/console.html");

    void routes(@Observes Router router) {
        PAGES.forEach((path, page) -> router.get(path).handler(rc -> rc.reroute(page)));
    }
}
