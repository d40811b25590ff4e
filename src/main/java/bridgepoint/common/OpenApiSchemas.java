package bridgepoint.common;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes the component schemas as exact as a generated client needs them: a schema that only ever goes out (a
 * response) lists as {@code required} every property that is never null (the service always writes those); nullable
 * properties are declared with {@code @Schema(nullable = true)} on the record component, which OpenAPI 3.1 shows as
 * {@code type: [X, "null"]} or {@code anyOf: [X, {type: null}]}. Free-form JSON ({@code JsonNode}: an audit entry's
 * before and after, an event's data) becomes a plain object instead of Jackson's internals. In a request body, an
 * optional property may also be null.
 */
final class OpenApiSchemas {

    private static final String REF_PREFIX = "#/components/schemas/";
    private static final Set<String> JACKSON_INTERNALS = Set.of("JsonNode", "JsonNodeType");

    private OpenApiSchemas() {}

    static void complete(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null || components.getSchemas() == null) {
            return;
        }
        headersHaveSchemas(openAPI);
        Map<String, Schema> schemas = components.getSchemas();
        schemas.values().forEach(OpenApiSchemas::replaceJsonNodes);
        schemas.values().forEach(OpenApiSchemas::nullableAnyOfKeepsNull);
        schemas.values().forEach(OpenApiSchemas::nullableEnumListsNull);
        JACKSON_INTERNALS.forEach(components::removeSchema);
        problem(schemas.get("Problem"));
        if (schemas.containsKey("Event") && schemas.containsKey("LiveEvent")) {
            // a stored event read over HTTP is the very message the WebSocket sends (META-INF/openapi.yaml)
            components.addSchema("Event", OASFactory.createSchema().ref(REF_PREFIX + "LiveEvent"));
        }

        Set<String> inputs = reachable(schemas, bodies(openAPI, true));
        for (String name : inputs) {
            optionalMayBeNull(schemas.get(name));
        }
        Set<String> outputs = reachable(schemas, bodies(openAPI, false));
        outputs.removeAll(inputs);
        outputs.remove("Problem");
        for (String name : outputs) {
            Schema schema = schemas.get(name);
            if (schema.getProperties() == null
                    || schema.getProperties().isEmpty()
                    || (schema.getRequired() != null && !schema.getRequired().isEmpty())) {
                continue; // no fields, or already exact (the live messages of META-INF/openapi.yaml)
            }
            List<String> required = new ArrayList<>();
            schema.getProperties().forEach((property, s) -> {
                if (!nullable(s)) {
                    required.add(property);
                }
            });
            schema.setRequired(required);
        }
    }

    /** A response header needs a schema (OpenAPI 3.1): ours (ETag, Location, Retry-After…) are strings. */
    private static void headersHaveSchemas(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths()
                .getPathItems()
                .values()
                .forEach(item -> item.getOperations().values().forEach(operation -> {
                    if (operation.getResponses() == null
                            || operation.getResponses().getAPIResponses() == null) {
                        return;
                    }
                    operation.getResponses().getAPIResponses().values().forEach(response -> {
                        if (response.getHeaders() != null) {
                            response.getHeaders().values().stream()
                                    .filter(h -> h.getRef() == null && h.getSchema() == null && h.getContent() == null)
                                    .forEach(h -> h.setSchema(
                                            OASFactory.createSchema().addType(SchemaType.STRING)));
                        }
                    });
                }));
    }

    /** In a request, an optional field may be absent or null alike (Jackson reads both as null). */
    private static void optionalMayBeNull(Schema schema) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        for (Map.Entry<String, Schema> property :
                new ArrayList<>(schema.getProperties().entrySet())) {
            Schema s = property.getValue();
            if (required.contains(property.getKey()) || nullable(s)) {
                continue;
            }
            // a $ref's target keeps its own type whatever the siblings say: such a property is wrapped instead
            if (s.getRef() == null && s.getType() != null && !s.getType().isEmpty() && s.getEnumeration() == null) {
                s.addType(SchemaType.NULL);
            } else {
                schema.addProperty(
                        property.getKey(),
                        OASFactory.createSchema()
                                .addAnyOf(s)
                                .addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL)));
            }
        }
    }

    /**
     * A nullable nested record ({@code anyOf: [$ref, null]}) may come with a {@code type: object} of its own, which
     * would refuse the null the {@code anyOf} allows: the type goes, the {@code anyOf} says it all.
     */
    private static void nullableAnyOfKeepsNull(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().values().forEach(s -> {
            if (s.getAnyOf() != null
                    && s.getType() != null
                    && !s.getType().contains(SchemaType.NULL)
                    && s.getAnyOf().stream().anyMatch(OpenApiSchemas::nullable)) {
                s.setType(null);
            }
        });
    }

    /** A nullable field with an enumeration ({@code reasonCode}): null is one of its values too (JSON Schema). */
    private static void nullableEnumListsNull(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().values().forEach(s -> {
            if (s.getEnumeration() != null
                    && s.getType() != null
                    && s.getType().contains(SchemaType.NULL)
                    && !s.getEnumeration().contains(null)) {
                List<Object> values = new ArrayList<>(s.getEnumeration());
                values.add(null);
                s.setEnumeration(values);
            }
        });
    }

    /** RFC 9457: type, title and status always; detail, instance, errors and extension members when they apply. */
    private static void problem(Schema problem) {
        if (problem == null) {
            return;
        }
        problem.removeProperty("extensions");
        problem.setRequired(List.of("type", "title", "status"));
        problem.setAdditionalPropertiesBoolean(Boolean.TRUE);
    }

    private static void replaceJsonNodes(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Map.Entry<String, Schema> property :
                new ArrayList<>(schema.getProperties().entrySet())) {
            Schema s = property.getValue();
            boolean nullable = nullable(s);
            if (refersTo(s, "JsonNode")) {
                Schema object = OASFactory.createSchema().addType(SchemaType.OBJECT);
                if (nullable) {
                    object.addType(SchemaType.NULL);
                }
                object.setDescription(s.getDescription());
                schema.addProperty(property.getKey(), object);
            }
        }
    }

    private static boolean refersTo(Schema s, String name) {
        return (REF_PREFIX + name).equals(s.getRef())
                || (s.getAnyOf() != null && s.getAnyOf().stream().anyMatch(a -> refersTo(a, name)));
    }

    static boolean nullable(Schema s) {
        return (s.getType() != null && s.getType().contains(SchemaType.NULL))
                || Stream.of(s.getAnyOf(), s.getOneOf())
                        .filter(Objects::nonNull)
                        .flatMap(List::stream)
                        .anyMatch(OpenApiSchemas::nullable);
    }

    /** The schemas of every request body ({@code requests}) or of every response, shared ones included. */
    private static List<Schema> bodies(OpenAPI openAPI, boolean requests) {
        List<Schema> found = new ArrayList<>();
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return found;
        }
        openAPI.getPaths()
                .getPathItems()
                .values()
                .forEach(item -> item.getOperations().values().forEach(operation -> {
                    if (requests) {
                        if (operation.getRequestBody() != null) {
                            addSchemas(operation.getRequestBody().getContent(), found);
                        }
                    } else if (operation.getResponses() != null
                            && operation.getResponses().getAPIResponses() != null) {
                        operation
                                .getResponses()
                                .getAPIResponses()
                                .values()
                                .forEach(r -> addSchemas(r.getContent(), found));
                    }
                }));
        if (!requests && openAPI.getComponents().getResponses() != null) {
            // the shared answers that operations refer to
            openAPI.getComponents().getResponses().values().forEach(r -> addSchemas(r.getContent(), found));
        }
        return found;
    }

    private static void addSchemas(Content content, List<Schema> into) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().stream()
                    .map(m -> m.getSchema())
                    .filter(Objects::nonNull)
                    .forEach(into::add);
        }
    }

    /** The names of the component schemas that {@code roots} refer to, directly or through other schemas. */
    private static Set<String> reachable(Map<String, Schema> components, List<Schema> roots) {
        Set<String> names = new HashSet<>();
        Deque<Schema> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (s.getRef() != null && s.getRef().startsWith(REF_PREFIX)) {
                String name = s.getRef().substring(REF_PREFIX.length());
                if (names.add(name) && components.get(name) != null) {
                    todo.push(components.get(name));
                }
            }
            if (s.getProperties() != null) {
                s.getProperties().values().forEach(todo::push);
            }
            Stream.of(s.getAnyOf(), s.getOneOf(), s.getAllOf(), s.getPrefixItems())
                    .filter(Objects::nonNull)
                    .flatMap(List::stream)
                    .forEach(todo::push);
            if (s.getItems() != null) {
                todo.push(s.getItems());
            }
            if (s.getAdditionalPropertiesSchema() != null) {
                todo.push(s.getAdditionalPropertiesSchema());
            }
        }
        return names;
    }
}
