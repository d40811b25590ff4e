package bridgepoint.support;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.net.URI;

/**
 * The test instance's management interface: health and metrics, on a port of their own (README, Operations), not
 * on the public one that every other test talks to.
 */
public final class Management {

    private Management() {}

    /** Its base URL ({@code http://localhost:<port>}). */
    public static String url() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /** A request to the management interface (paths as on it: {@code /q/health/ready}, {@code /q/metrics}). */
    public static RequestSpecification request() {
        URI uri = URI.create(url());
        return RestAssured.given()
                .baseUri(uri.getScheme() + "://" + uri.getHost())
                .port(uri.getPort());
    }

    /** The Prometheus text of {@code /q/metrics}. */
    public static String metrics() {
        return request().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    public static double metric(String name, String... labels) {
        return Metrics.value(metrics(), name, labels);
    }
}
