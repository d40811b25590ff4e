package bridgepoint.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The service's own OpenAPI document ({@code GET /q/openapi?format=json}) as a list of operations, so that suites
 * generated from it cover a new endpoint without being edited.
 */
public final class OpenApi {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final JsonNode document;

    private OpenApi(JsonNode document) {
        this.document = document;
    }

    /** The document the running service serves. */
    public static OpenApi read() {
        String json = RestAssured.given()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new OpenApi(Live.json(json));
    }

    /** Every operation whose path starts with {@code prefix}, in the document's order. */
    public List<Operation> operations(String prefix) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith(prefix)) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue(), this));
                }
            }
        }
        return operations;
    }

    /**
     * A schema with its {@code $ref} followed (recursively at the top): the referenced schema with the siblings of
     * the {@code $ref} (description, a narrower type) laid over it. A nullable schema is read as its non-null part:
     * {@code anyOf: [X, {type: null}]} as X, {@code type: [T, "null"]} as T.
     */
    public JsonNode resolve(JsonNode schema) {
        if (schema == null) {
            return null;
        }
        JsonNode nonNull = nonNullBranch(schema);
        if (nonNull != null) {
            return layOver(resolve(nonNull), schema, "anyOf");
        }
        if (schema.path("type").isArray()) {
            ObjectNode single = schema.deepCopy();
            for (JsonNode type : schema.get("type")) {
                if (!type.asText().equals("null")) {
                    single.put("type", type.asText());
                }
            }
            return resolve(single);
        }
        if (!schema.has("$ref")) {
            return schema;
        }
        String ref = schema.get("$ref").asText();
        return layOver(resolve(document.at(ref.substring(1))), schema, "$ref");
    }

    private static JsonNode nonNullBranch(JsonNode schema) {
        if (!schema.has("anyOf")) {
            return null;
        }
        JsonNode found = null;
        for (JsonNode branch : schema.get("anyOf")) {
            if (!branch.path("type").asText().equals("null")) {
                if (found != null) {
                    return null; // a real choice, not just nullability
                }
                found = branch;
            }
        }
        return found;
    }

    /** {@code base} with the members of {@code schema} that it lacks, but for {@code skipped} and a type list. */
    private static ObjectNode layOver(JsonNode base, JsonNode schema, String skipped) {
        ObjectNode merged = base.deepCopy();
        schema.fields().forEachRemaining(f -> {
            boolean typeList = f.getKey().equals("type") && f.getValue().isArray();
            if (!f.getKey().equals(skipped) && !typeList && !merged.has(f.getKey())) {
                merged.set(f.getKey(), f.getValue());
            }
        });
        return merged;
    }

    /** One operation: a method on a path template such as {@code /api/conferences/{id}/agenda/{itemId}}. */
    public record Operation(String method, String path, JsonNode node, OpenApi api) {

        /** {@code "POST /api/conferences/{id}/checkins"}: how suites name the operation. */
        public String key() {
            return method + " " + path;
        }

        /** The path, query and header parameters, with their schemas resolved. */
        public List<Parameter> parameters() {
            List<Parameter> parameters = new ArrayList<>();
            JsonNode list = node.get("parameters");
            if (list != null) {
                for (JsonNode p : list) {
                    parameters.add(new Parameter(
                            p.get("name").asText(),
                            p.get("in").asText(),
                            p.path("required").asBoolean(false),
                            api.resolve(p.get("schema"))));
                }
            }
            return parameters;
        }

        /** The request body's media types and (resolved) schemas, if the operation takes a body. */
        public Optional<Body> body() {
            JsonNode content = node.path("requestBody").path("content");
            if (content.isMissingNode() || content.isEmpty()) {
                return Optional.empty();
            }
            String mediaType = content.has("application/json")
                    ? "application/json"
                    : content.fieldNames().next();
            return Optional.of(
                    new Body(mediaType, api.resolve(content.get(mediaType).get("schema"))));
        }
    }

    public record Parameter(String name, String in, boolean required, JsonNode schema) {}

    public record Body(String mediaType, JsonNode schema) {
        public boolean isJson() {
            return mediaType.contains("json");
        }
    }
}
