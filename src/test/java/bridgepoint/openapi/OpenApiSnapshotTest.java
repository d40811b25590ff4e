package bridgepoint.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client of {@link GeneratedClientTest} is generated at build time from a committed copy of the OpenAPI
 * document ({@code src/test/resources/openapi/bridgepoint.json}, also the file to hand to integrators). This test keeps
 * that copy equal to the document the service serves: after a change to the API, refresh it with
 * {@code ./mvnw verify -Dtest=OpenApiSnapshotTest -Dopenapi.snapshot=update} and commit it with the change.
 */
@QuarkusTest
class OpenApiSnapshotTest {

    static final Path SNAPSHOT = Path.of("src", "test", "resources", "openapi", "bridgepoint.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void theCommittedDocumentIsTheOneTheServiceServes() throws IOException {
        JsonNode served = JSON.readTree(given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        if ("update".equals(System.getProperty("openapi.snapshot"))) {
            Files.writeString(SNAPSHOT, JSON.writeValueAsString(served) + "\n");
        }
        List<String> differences = new ArrayList<>();
        diff("", JSON.readTree(SNAPSHOT.toFile()), served, differences);
        assertTrue(
                differences.isEmpty(),
                () -> "the served OpenAPI document differs from " + SNAPSHOT + " at " + differences.size()
                        + " places, e.g. " + differences.subList(0, Math.min(20, differences.size()))
                        + "; refresh it with ./mvnw verify -Dtest=OpenApiSnapshotTest -Dopenapi.snapshot=update");
    }

    /** The JSON pointers where {@code committed} and {@code served} differ (object members in any order). */
    private static void diff(String at, JsonNode committed, JsonNode served, List<String> out) {
        if (committed.isObject() && served.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            committed.fieldNames().forEachRemaining(names::add);
            served.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String pointer = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!committed.has(name)) {
                    out.add(pointer + " (only served)");
                } else if (!served.has(name)) {
                    out.add(pointer + " (only committed)");
                } else {
                    diff(pointer, committed.get(name), served.get(name), out);
                }
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            Iterator<JsonNode> a = committed.elements();
            Iterator<JsonNode> b = served.elements();
            for (int i = 0; a.hasNext(); i++) {
                diff(at + "/" + i, a.next(), b.next(), out);
            }
        } else if (!committed.equals(served)) {
            out.add(at);
        }
    }
}
