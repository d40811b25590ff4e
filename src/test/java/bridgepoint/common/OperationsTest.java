package bridgepoint.common;

import bridgepoint.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, metrics and the OpenAPI document, as operations and client authors use them. */
@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksTheDatabaseAndTheEventListener() {
        // the listener connects on its own thread at start-up
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Management.request().get("/q/health/ready").statusCode() == 200);
        Management.request()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.find { it.name == 'Live event notifications' }.status", equalTo("UP"));
        Management.request().get("/q/health/live").then().statusCode(200);
        // not on the public port
        RestAssured.get("/q/health/live").then().statusCode(404);
        RestAssured.get("/q/metrics").then().statusCode(404);
    }

    @Test
    void prometheusMetrics() {
        RestAssured.get("/api/sites").then().statusCode(401);
        Management.request()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void swaggerUi() {
        RestAssured.get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void openApiDescribesEveryEndpointWithItsErrors() {
        JsonPath doc = RestAssured.given()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        for (String path : List.of(
                "/api/auth/token",
                "/api/join",
                "/api/users",
                "/api/sites",
                "/api/sites/{siteId}",
                "/api/conferences",
                "/api/conferences/{id}",
                "/api/conferences/{id}/publish",
                "/api/conferences/{id}/sites/{siteId}",
                "/api/conferences/{id}/delegates",
                "/api/conferences/{id}/agenda",
                "/api/conferences/{id}/agenda/order")) {
            assertTrue(paths.containsKey(path), "OpenAPI lacks " + path);
        }
        int operations = 0;
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (String method : path.getValue().keySet()) {
                operations++;
                String at = "paths['" + path.getKey() + "']." + method;
                Map<String, Object> responses = doc.getMap(at + ".responses");
                assertTrue(responses.keySet().stream().anyMatch(s -> s.startsWith("2")), at + " has no success answer");
                assertTrue(responses.containsKey("401"), at + " does not document 401");
                for (String status : responses.keySet()) {
                    // 414 is the HTTP server's own refusal of an over-long request line, before the application
                    if (status.startsWith("4") && !status.equals("414")) {
                        // the error answers are shared: a reference to components/responses, which has the body
                        String shared = doc.getString(at + ".responses['" + status + "'].$ref");
                        assertNotNull(shared, at + " " + status + " is not a shared response");
                        assertEquals(
                                "#/components/schemas/Problem",
                                doc.getString("components.responses." + shared.replace("#/components/responses/", "")
                                        + ".content['application/problem+json'].schema.$ref"),
                                at + " " + status);
                    }
                }
                if (Set.of("put", "patch").contains(method) && path.getKey().endsWith("}")) {
                    assertTrue(responses.containsKey("412"), at + " does not document 412");
                    assertTrue(responses.containsKey("400"), at + " does not document 400");
                }
            }
        }
        assertTrue(operations >= 38, "only " + operations + " operations documented");
        assertEquals(
                Set.of("201", "400", "401", "403", "409", "413", "415", "503"),
                doc.getMap("paths['/api/sites'].post.responses").keySet());
        assertEquals(
                "#/components/schemas/SitePatch",
                doc.getString(
                        "paths['/api/sites/{siteId}'].patch.requestBody.content['application/merge-patch+json'].schema.$ref"));
        assertNull(doc.get("components.schemas.SitePatch.required"), "a merge patch requires nothing");
        assertEquals(
                "null",
                doc.getString("components.schemas.SitePatch.properties.city.anyOf[1].type"),
                "null clears an optional field");
        assertEquals(
                "Điểm cầu Đà Nẵng",
                doc.getString("components.schemas.SiteRequest.examples[0].name"),
                "request bodies carry examples");
        assertEquals(
                "#/components/responses/BadRequest", doc.getString("paths['/api/sites'].post.responses['400'].$ref"));
        assertEquals(
                "urn:bridgepoint:problem:validation",
                doc.getString(
                        "components.responses.BadRequest.content['application/problem+json'].examples.validation.value.type"));
        assertEquals(
                Set.of(
                        "BadRequest",
                        "Unauthorized",
                        "Forbidden",
                        "NotFound",
                        "Conflict",
                        "PreconditionFailed",
                        "PayloadTooLarge",
                        "UriTooLong",
                        "UnsupportedMediaType",
                        "TooManyAttempts",
                        "Busy"),
                doc.getMap("components.responses").keySet(),
                "one shared answer per error status");
    }
}
