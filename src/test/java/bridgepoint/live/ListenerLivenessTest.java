package bridgepoint.live;

import bridgepoint.support.Management;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A notification listener whose connection went silently dead (here: its backend process stopped with SIGSTOP, the
 * TCP connection still open) notices by its own round trip and connects again.
 */
@QuarkusTest
class ListenerLivenessTest {

    @Inject
    AgroalDataSource dataSource;

    private List<Integer> listenerPids() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pid from pg_stat_activity where application_name = '"
                        + EventNotifications.APPLICATION_NAME + "' and state is not null")) {
            List<Integer> pids = new ArrayList<>();
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
            return pids;
        }
    }

    private static void signal(String signal, int pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Integer.toString(pid))
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    @Test
    void aListenerWhoseBackendHangsIsReplaced() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> listenerPids().size() == 1);
        int hung = listenerPids().get(0);
        signal("STOP", hung);
        try {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> listenerPids().stream().anyMatch(pid -> pid != hung));
        } finally {
            signal("CONT", hung);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Management.request()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP")));
    }
}
