package bridgepoint.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Holds every request and response that the suite sends through RestAssured to the OpenAPI document the running
 * service serves ({@code /q/openapi}): the operation must be documented, the status code listed, the content type
 * declared, and a JSON body valid against its schema (JSON Schema 2020-12, formats asserted). A request body is held
 * to the document when the service accepted it (2xx): the service may refuse more than the document says, never
 * accept what it does not. A mismatch fails the test that made the request, so a new field or endpoint cannot drift
 * from the document.
 *
 * <p>{@code -Dopenapi.contract=report} collects the mismatches in {@code target/openapi-contract.txt} instead of
 * failing; {@code -Dopenapi.contract=off} turns the check off.
 */
public final class OpenApiContract {

    static final String MODE = System.getProperty("openapi.contract", "enforce");
    private static final String DOCUMENT_URI = "https://bridgepoint.invalid/openapi.json";
    private static final Path REPORT = Path.of("target", "openapi-contract.txt");
    private static final Path SERVED = Path.of("target", "openapi", "served.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPERATIONS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static volatile OpenApiContract loaded;

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiContract(String documentJson) {
        try {
            this.document = JSON.readTree(documentJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schemas = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(DOCUMENT_URI, documentJson)));
        document.get("paths").fieldNames().forEachRemaining(p -> templates.add(new Template(p)));
        // the most literal template first: /agenda/order before /agenda/{itemId}
        templates.sort(Comparator.comparingInt(Template::variables).thenComparing(t -> -t.path.length()));
    }

    /** The contract for the service at {@code baseUri}, read once from the document it serves. */
    public static synchronized OpenApiContract forService(String baseUri) {
        if (loaded == null) {
            String json = fetch(baseUri + "/q/openapi?format=json");
            try {
                Files.createDirectories(SERVED.getParent());
                Files.writeString(SERVED, json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            loaded = new OpenApiContract(json);
        }
        return loaded;
    }

    /** The document's schema at a JSON pointer, e.g. {@code /components/schemas/LiveMessage}. */
    public Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> schemas.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + p)));
    }

    /** The errors of {@code value} against the schema at {@code pointer}, formats asserted; empty when it is valid. */
    public List<String> errors(String pointer, JsonNode value) {
        List<String> messages = new ArrayList<>();
        for (Error e :
                schema(pointer).validate(value, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)))) {
            messages.add(e.toString());
        }
        return messages;
    }

    /**
     * The mismatches of {@code value} against the document's schema at {@code pointer}, for a check made outside
     * RestAssured (a WebSocket message): empty when it matches, and always empty with the check off; in report mode
     * they are written to the report and not returned.
     */
    public List<String> mismatches(String what, String pointer, JsonNode value) {
        if (MODE.equals("off")) {
            return List.of();
        }
        List<String> errors = errors(pointer, value);
        if (!errors.isEmpty() && MODE.equals("report")) {
            report(what + ": " + String.join("; ", errors) + " in " + abbreviate(value.toString()));
            return List.of();
        }
        return errors;
    }

    /** The RestAssured filter that holds each exchange to the document of the service it talks to. */
    public static final Filter FILTER = OpenApiContract::filter;

    private static Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification spec, FilterContext context) {
        Response response = context.next(request, spec);
        URI uri = URI.create(request.getURI());
        String path = uri.getRawPath();
        if (MODE.equals("off") || !path.startsWith("/api/") || !OPERATIONS.contains(request.getMethod())) {
            return response; // pages, /q, static files, OPTIONS and HEAD are not operations of the API document
        }
        OpenApiContract contract = forService(uri.getScheme() + "://" + uri.getRawAuthority());
        String method = request.getMethod().toLowerCase(Locale.ROOT);
        List<String> mismatches = contract.check(method, path, request, response);
        if (!mismatches.isEmpty()) {
            String what = request.getMethod() + " " + path + " → " + response.statusCode() + ": "
                    + String.join("; ", mismatches);
            if (MODE.equals("report")) {
                report(what);
            } else {
                throw new AssertionError("response does not match the OpenAPI document: " + what + "\nbody: "
                        + abbreviate(response.asString()));
            }
        }
        return response;
    }

    private List<String> check(String method, String path, FilterableRequestSpecification request, Response response) {
        List<String> mismatches = new ArrayList<>();
        Template template = templates.stream()
                .filter(t ->
                        t.matches(path) && document.path("paths").path(t.path).has(method))
                .findFirst()
                .orElse(null);
        if (template == null) {
            // an unknown path or method is the router's 404/405, which no operation can document
            if (response.statusCode() != 404 && response.statusCode() != 405) {
                mismatches.add("no operation " + method.toUpperCase(Locale.ROOT) + " " + path + " in the document");
            }
            return mismatches;
        }
        String operation = "/paths/" + escape(template.path) + "/" + method;
        JsonNode responses = document.at(operation + "/responses");
        String status = String.valueOf(response.statusCode());
        JsonNode documented = responses.has(status) ? responses.get(status) : responses.get("default");
        if (documented == null) {
            mismatches.add("status " + status + " is not documented (documented: " + names(responses) + ")");
            return mismatches;
        }
        String pointer = operation + "/responses/" + (responses.has(status) ? status : "default");
        if (documented.has("$ref")) { // a shared answer (components/responses)
            pointer = documented.get("$ref").asText().substring(1);
            documented = document.at(pointer);
            if (documented.isMissingNode()) {
                mismatches.add("status " + status + " refers to " + pointer + ", which is not in the document");
                return mismatches;
            }
        }
        checkBody(pointer, documented, response.contentType(), response.asByteArray(), "response", mismatches);
        if (response.statusCode() / 100 == 2) {
            checkRequestBody(operation, request, mismatches);
        }
        return mismatches;
    }

    private void checkRequestBody(String operation, FilterableRequestSpecification request, List<String> mismatches) {
        Object body = request.getBody();
        if (body == null) {
            return;
        }
        JsonNode requestBody = document.at(operation + "/requestBody");
        if (requestBody.isMissingNode()) {
            mismatches.add("the operation reads no request body, yet one was sent and accepted");
            return;
        }
        byte[] bytes = body instanceof byte[] b
                ? b
                : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : toJson(body);
        checkBody(operation + "/requestBody", requestBody, request.getContentType(), bytes, "request", mismatches);
    }

    private void checkBody(
            String pointer, JsonNode described, String contentType, byte[] body, String what, List<String> out) {
        JsonNode content = described.path("content");
        if (body.length == 0) {
            return;
        }
        if (content.isMissingNode() || content.isEmpty()) {
            out.add("the " + what + " has a body (" + contentType + ") but the document describes none");
            return;
        }
        String mediaType = mediaType(contentType);
        String key = content.has(mediaType) ? mediaType : content.has("*/*") ? "*/*" : null;
        if (key == null) {
            out.add("the " + what + "'s content type " + mediaType + " is not documented (documented: " + names(content)
                    + ")");
            return;
        }
        if (!isJson(mediaType) || !content.get(key).has("schema")) {
            return;
        }
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (IOException e) {
            out.add("the " + what + " is not JSON: " + e.getMessage());
            return;
        }
        for (String error : errors(pointer + "/content/" + escape(key) + "/schema", value)) {
            out.add(what + " " + error);
        }
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static byte[] toJson(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 2_000 ? s : s.substring(0, 2_000) + "…";
    }

    private static synchronized void report(String line) {
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fetch(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A path template of the document, such as {@code /api/conferences/{id}/agenda/{itemId}}. */
    private record Template(String path, Pattern pattern, int variables) {

        Template(String path) {
            this(path, Pattern.compile(Pattern.quote(path).replaceAll("\\{[^/]+}", "\\\\E[^/]+\\\\Q")), (int)
                    path.chars().filter(c -> c == '{').count());
        }

        boolean matches(String actual) {
            return pattern.matcher(actual).matches();
        }
    }
}
