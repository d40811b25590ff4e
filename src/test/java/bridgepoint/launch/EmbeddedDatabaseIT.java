package bridgepoint.launch;

import bridgepoint.support.ServiceProcess;
import bridgepoint.support.Tokens;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static bridgepoint.support.ServiceProcess.adminToken;
import static bridgepoint.support.ServiceProcess.on;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service with no database configured runs its own PostgreSQL whose data survives restarts
 * and kills, and refuses to share its data folder with a second copy. It runs as a role that owns no table, and signs
 * tokens with the key generated into that database (no keys configured: the embedded default).
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
            assertEquals("db", Tokens.header(adminToken(first)).get("kid"), "signed with the database's key");
            assertTheServiceRunsAsARoleThatCannotRewriteTheAudit(first);

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

    /** The launcher made two roles: the tables' owner for the migrations, and the service's, which owns nothing. */
    private void assertTheServiceRunsAsARoleThatCannotRewriteTheAudit(ServiceProcess service) throws Exception {
        assertFalse(service.output().contains("owns the audit table"), service.output());
        Matcher url = Pattern.compile("embedded PostgreSQL running at (\\S+)").matcher(service.output());
        assertTrue(url.find(), service.output());
        String password = Files.readString(home.resolve("db-runtime-password")).trim();
        try (Connection c = DriverManager.getConnection(url.group(1), "bridgepoint_runtime", password);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(*) from audit_entry")) {
                assertTrue(rs.next() && rs.getLong(1) > 0, "the service wrote its audit entries");
            }
            for (String sql : List.of(
                    "delete from audit_entry", "truncate audit_entry", "alter table audit_entry disable trigger all")) {
                SQLException refused = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
            }
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
