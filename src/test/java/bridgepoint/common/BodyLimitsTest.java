package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.snapshot;
import static bridgepoint.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Body limits count the bytes read, by what the endpoint takes: a chunked body (no Content-Length) or one labelled
 * as CSV is held to the JSON limit (1 MB) outside the imports; an import takes CSV up to 20 MB.
 */
@QuarkusTest
class BodyLimitsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Sent chunked: {@code ofInputStream} gives no length, so the client sends no Content-Length. */
    private static HttpResponse<String> chunked(String path, String contentType, InputStream body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + Api.organizer())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code prefix}, then {@code n} bytes of 'x', then {@code suffix}, without holding them all. */
    private static InputStream padded(String prefix, long n, String suffix) {
        InputStream xs = new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) 'x');
                left -= k;
                return k;
            }
        };
        return new SequenceInputStream(Collections.enumeration(List.of(text(prefix), xs, text(suffix))));
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertEquals(413, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("urn:bridgepoint:problem:payload-too-large"), response.body());
    }

    @Test
    void aChunkedJsonBodyOverTheLimitIsA413AndCreatesNothing() throws Exception {
        String name = "Điểm cầu " + unique();
        Snapshot before = snapshot("/api/sites?q=" + name);
        assertTooLarge(chunked(
                "/api/sites",
                "application/json",
                padded("{\"name\": \"" + name + "\", \"address\": \"", 2L * 1024 * 1024, "\"}")));
        before.assertUnchanged();
    }

    @Test
    void aSmallChunkedJsonBodyIsRead() throws Exception {
        String name = "Điểm cầu " + unique();
        HttpResponse<String> response =
                chunked("/api/sites", "application/json", text("{\"name\": \"" + name + "\", \"city\": \"Huế\"}"));
        assertEquals(201, response.statusCode(), response.body());
    }

    @Test
    void aBodyLabelledCsvIsHeldToTheJsonLimitOutsideImports() {
        String name = "Điểm cầu " + unique();
        Snapshot before = snapshot("/api/sites?q=" + name);
        problem(
                asOrganizer()
                        .contentType("text/csv")
                        .body("name\n" + name + "," + "x".repeat(2 * 1024 * 1024))
                        .post("/api/sites")
                        .then(),
                413,
                "payload-too-large");
        before.assertUnchanged();
    }

    @Test
    void aChunkedCsvImportOverItsLimitIsA413() throws Exception {
        Api.Setup s = Api.setup();
        Snapshot before = snapshot(s.path() + "/delegates");
        assertTooLarge(chunked(
                s.path() + "/delegates/import",
                "text/csv; charset=utf-8",
                padded("fullName,site\n\"", 21L * 1024 * 1024, "\"," + s.host() + "\n")));
        before.assertUnchanged();
    }
}
