package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Management;
import bridgepoint.support.RawUpload;
import bridgepoint.support.RawUpload.Answer;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.problem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is read before the caller is known, and an instance takes in only the bodies it may hold: requests are
 * sent by hand, the head and a few bytes of a large body, and must be answered without the rest.
 */
@QuarkusTest
class RequestBodiesTest {

    /** The size of the uploads of the attack on the issue (14 MB). */
    private static final int SIZE = 14_000_000;

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final byte[] CSV_HEAD = "fullName,site\n".getBytes(StandardCharsets.UTF_8);
    private static final String IN_FLIGHT = "bridgepoint_http_body_bytes_in_flight";

    private static RawUpload upload(String path, String type, long length, String token) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", type));
        headers.put(
                length < 0 ? "Transfer-Encoding" : "Content-Length", length < 0 ? "chunked" : Long.toString(length));
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
            headers.put("Expect", "100-continue");
        }
        return RawUpload.start(RestAssured.port, "POST", path, headers, length < 0 ? chunk(CSV_HEAD) : CSV_HEAD);
    }

    private static byte[] chunk(byte[] data) {
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, chunk, 0, head.length);
        System.arraycopy(data, 0, chunk, head.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    /** The answer to a request whose body was not sent: a problem, and the connection is to be closed. */
    private static Answer refusedUnread(RawUpload upload, int status, String slug) {
        Answer answer = upload.answer(WAIT);
        assertNotNull(answer, "no answer within " + WAIT + " while the body was not sent");
        assertEquals(status, answer.status(), answer.body());
        assertEquals(Problem.MEDIA_TYPE, answer.header("Content-Type"));
        assertTrue(answer.body().contains("\"type\":\"urn:bridgepoint:problem:" + slug + "\""), answer.body());
        assertEquals("close", answer.header("Connection"));
        return answer;
    }

    /** The server closes the connection by itself (a moment after its answer), instead of waiting for the body. */
    private static void assertClosedUnread(RawUpload upload) {
        assertTrue(upload.closedByServer(WAIT), "the server waits for the body instead of closing the connection");
    }

    private static double metric(String name) {
        return Management.metric(name);
    }

    private static long budget() {
        return ConfigProvider.getConfig()
                .getOptionalValue("bridgepoint.http.max-bytes-in-flight", MemorySize.class)
                .orElseGet(() -> new MemorySizeConverter().convert("64M"))
                .asLongValue();
    }

    /** This process's folder of uploads (the tests run in the service's process). */
    private static List<Path> uploadsLeft() throws IOException {
        Path folder = Path.of(
                System.getProperty("java.io.tmpdir"),
                "bridgepoint-uploads",
                Long.toString(ProcessHandle.current().pid()));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void withoutAStandingTokenABodyIsRefusedWith401UnreadWhateverItsSize() {
        Setup s = Api.setup();
        for (String token : new String[] {null, "not.a.token", Api.organizer() + "x"}) {
            for (String[] target : List.of(
                    new String[] {s.path() + "/delegates/import", "text/csv"},
                    new String[] {s.path() + "/awards/import", "text/csv; charset=UTF-8"},
                    new String[] {"/api/sites", "application/json"})) {
                Map<String, String> headers =
                        new HashMap<>(Map.of("Content-Type", target[1], "Content-Length", Integer.toString(SIZE)));
                if (token != null) {
                    headers.put("Authorization", "Bearer " + token);
                }
                try (RawUpload upload = RawUpload.start(RestAssured.port, "POST", target[0], headers, CSV_HEAD)) {
                    Answer answer = refusedUnread(upload, 401, "unauthorized");
                    assertEquals("Bearer", answer.header("WWW-Authenticate"), target[0]);
                    if (token == null && target[1].equals("text/csv")) {
                        assertClosedUnread(upload);
                    }
                }
            }
        }
    }

    @Test
    void aRoleTheRouteDoesNotAllowIsRefusedWith403Unread() {
        Setup s = Api.setup();
        String host = Api.siteHost(s.host());
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.host(), "Lê Thị Thu Hà").get("joinCode"));
        for (String token : List.of(host, delegate)) {
            for (String path : List.of(s.path() + "/delegates/import", s.path() + "/awards/import")) {
                try (RawUpload upload = upload(path, "text/csv", SIZE, token)) {
                    refusedUnread(upload, 403, "forbidden");
                }
            }
        }
        try (RawUpload upload = upload("/api/sites", "application/json", 900_000, host)) {
            refusedUnread(upload, 403, "forbidden");
            assertClosedUnread(upload);
        }
    }

    @Test
    void beyondTheBudgetABodyIsRefusedWith503UnreadAndAbortedUploadsGiveTheirBytesBack() {
        Setup s = Api.setup();
        String path = s.path() + "/delegates/import";
        int fit = (int) (budget() / SIZE);
        double busyBefore = metric("bridgepoint_http_bodies_busy_total");
        List<RawUpload> held = new ArrayList<>();
        try {
            for (int i = 1; i <= fit; i++) {
                RawUpload upload = upload(path, "text/csv", SIZE, Api.organizer());
                held.add(upload);
                assertTrue(upload.continued(WAIT), "upload " + i + " of " + fit + " is taken in (100 Continue)");
            }
            assertEquals((double) fit * SIZE, metric(IN_FLIGHT));
            try (RawUpload beyond = upload(path, "text/csv", SIZE, Api.organizer())) {
                Answer answer = refusedUnread(beyond, 503, "busy");
                assertTrue(answer.header("Retry-After").matches("[1-9][0-9]*"), answer.header("Retry-After"));
                assertClosedUnread(beyond);
            }
            assertEquals(busyBefore + 1, metric("bridgepoint_http_bodies_busy_total"));
        } finally {
            held.forEach(RawUpload::abort);
        }
        await().atMost(WAIT).until(() -> metric(IN_FLIGHT) == 0);

        // a body of no declared length holds its bytes as they come, and gives them back when its client goes
        try (RawUpload chunked = upload(path, "text/csv", -1, Api.organizer())) {
            assertTrue(chunked.continued(WAIT));
            byte[] rows = ("Lê Thị Thu Hà," + s.host() + "\n").repeat(20_000).getBytes(StandardCharsets.UTF_8);
            assertTrue(chunked.send(chunk(rows)));
            await().atMost(WAIT).until(() -> metric(IN_FLIGHT) >= rows.length);
            chunked.abort();
        }
        await().atMost(WAIT).until(() -> metric(IN_FLIGHT) == 0);
    }

    @Test
    void aFourteenMegabyteImportStillWorksAndItsFileIsDeletedAfterwards() throws IOException {
        Setup s = Api.setup();
        String note = "x".repeat(1000); // a wide column nobody imports, for many bytes in few rows
        StringBuilder csv = new StringBuilder("fullName,site,note\n");
        int rows = 0;
        while (csv.length() < SIZE) {
            csv.append("Dai bieu ")
                    .append(rows++)
                    .append(',')
                    .append(s.host())
                    .append(',')
                    .append(note)
                    .append('\n');
        }
        String job = asOrganizer()
                .contentType("text/csv; charset=UTF-8")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .post(s.path() + "/delegates/import")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        JsonPath[] done = {null};
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    done[0] = asOrganizer()
                            .get("/api/imports/{j}", job)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    return !"RUNNING".equals(done[0].getString("status"));
                });
        assertEquals("DONE", done[0].getString("status"), done[0].prettify());
        assertEquals(rows, done[0].getInt("total"));
        assertEquals(rows, done[0].getInt("created"));
        await().atMost(WAIT).until(() -> uploadsLeft().isEmpty());
    }

    @Test
    void refusedUploadsLeaveNoFileBehind() throws IOException {
        Setup s = Api.setup();
        problem(
                asOrganizer()
                        .contentType("text/csv")
                        .body("name,place\nTrần Quốc Tỏ,Hà Nội\n")
                        .post(s.path() + "/delegates/import")
                        .then(),
                400,
                "validation");
        try (RawUpload cut = upload(s.path() + "/delegates/import", "text/csv", -1, Api.organizer())) {
            assertTrue(cut.continued(WAIT));
            byte[] part = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 25 && cut.send(chunk(part)) && !cut.answering(); i++) {
                // sending until the limit (20 MB) cuts it off
            }
            refusedUnread(cut, 413, "payload-too-large");
        }
        await().atMost(WAIT).until(() -> uploadsLeft().isEmpty());
    }
}
