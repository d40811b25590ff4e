package bridgepoint.launch;

import bridgepoint.support.ServiceProcess;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service with no database configured runs its own PostgreSQL whose data survives restarts
 * and kills, and refuses to share its data folder with a second copy.
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path home;

    @Test
    void keepsDataAcrossRestartsAndKillsAndRefusesASecondCopy() throws Exception {
        Map<String, String> env = Map.of("BRIDGEPOINT_DATA_DIR", home.toString());
        String siteId;
        try (ServiceProcess first = ServiceProcess.start("embedded-1", env).awaitReady()) {
            assertTrue(first.output().contains("embedded PostgreSQL running"), first.output());
            siteId = createSite(first, "Điểm cầu Đà Nẵng");

            try (ServiceProcess second = ServiceProcess.start("embedded-2", env)) {
                assertNotEquals(0, second.awaitExit());
                assertTrue(second.output().contains("is in use by another Bridgepoint process"), second.output());
            }
            assertEquals(143, first.stop(), "SIGTERM ends the service");
        }
        assertFalse(Files.exists(home.resolve("pgdata/postmaster.pid")), "PostgreSQL stopped with the service");

        try (ServiceProcess again = ServiceProcess.start("embedded-3", env).awaitReady()) {
            readSite(again, siteId).body("name", equalTo("Điểm cầu Đà Nẵng"));
            again.kill();
        }
        // kill -9 leaves PostgreSQL running without its owner; the next start takes it over.
        assertTrue(Files.exists(home.resolve("pgdata/postmaster.pid")));
        try (ServiceProcess recovered = ServiceProcess.start("embedded-4", env).awaitReady()) {
            readSite(recovered, siteId).body("name", equalTo("Điểm cầu Đà Nẵng"));
            recovered.stop();
        }
    }

    private static String createSite(ServiceProcess service, String name) {
        return on(service, adminToken(service))
                .body(Map.of("name", name, "city", "Đà Nẵng"))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static ValidatableResponse readSite(ServiceProcess service, String id) {
        return on(service, adminToken(service)).get("/api/sites/" + id).then().statusCode(200);
    }
}
