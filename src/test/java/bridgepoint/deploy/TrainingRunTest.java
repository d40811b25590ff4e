package bridgepoint.deploy;

import bridgepoint.support.Api;
import bridgepoint.support.Commands;
import bridgepoint.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AOT cache's training run ({@code deploy/aot/TrainingRun.java}, which the image build runs) still drives the
 * service through a conference day: run as a source file with this JDK against the test instance, with 20 WebSocket
 * clients and 6 rounds, it must end well, and the conference it ran must be ENDED with every event stored. An API
 * change that breaks it fails here, not in an image build.
 */
@QuarkusTest
class TrainingRunTest {

    private static final Pattern CONFERENCE = Pattern.compile("conference ([0-9a-f-]{36}): (\\d+) events to (\\d+)");

    @Test
    void drivesAConferenceDayThroughTheService() throws Exception {
        String output = Commands.output(
                Duration.ofMinutes(3),
                ProcessHandle.current().info().command().orElse("java"),
                Path.of("deploy/aot/TrainingRun.java").toString(),
                "http://localhost:" + RestAssured.port,
                Management.url(),
                "20",
                "6");

        Matcher m = CONFERENCE.matcher(output);
        assertTrue(m.find(), output);
        String conference = m.group(1);
        int events = Integer.parseInt(m.group(2));
        assertEquals("20", m.group(3));
        String admin = Api.organizer();
        given().auth()
                .oauth2(admin)
                .get("/api/conferences/" + conference)
                .then()
                .statusCode(200)
                .body("status", equalTo("ENDED"));
        List<Integer> seqs = given().auth()
                .oauth2(admin)
                .get("/api/conferences/" + conference + "/events?after=0&size=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.seq");
        assertTrue(seqs.size() >= events, events + " events sent, stored: " + seqs);
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "the stored stream has no gap");
        }
    }
}
