package bridgepoint.bench;

import bridgepoint.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

/** What the benchmarks share: requests to the service under test, percentiles, and the report they write. */
final class Bench {

    private Bench() {}

    static RequestSpecification on(ServiceProcess s, String token) {
        RequestSpecification spec = RestAssured.given().baseUri(s.baseUrl()).contentType(ContentType.JSON);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    /** The first organizer's token (the service runs with its default admin/admin outside prod). */
    static String adminToken(ServiceProcess s) {
        return on(s, null)
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    /** Percentile {@code p} of sorted microseconds, in milliseconds. */
    static double pct(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, i))] / 1000.0;
    }
}
