package bridgepoint.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completes the generated OpenAPI document with what holds for every endpoint: the problem+json error
 * answers each one can give (derived from its method, parameters and body), each a reference to one shared
 * {@code components/responses} entry per status (inline, they were 60 % of the document, which the service
 * parses and serializes again at every start), bearer security, and
 * {@code 201 Created} for creations, then the exact component schemas ({@link OpenApiSchemas}). Keeps the
 * per-endpoint annotations about the success cases short.
 */
public class OpenApiErrors implements OASFilter {

    private static final Set<String> PUBLIC_PATHS = Set.of("/api/auth/token", "/api/auth/password", "/api/join");
    /** For any caller with a valid token, whatever its role, and changing nothing another request could conflict with. */
    private static final Set<String> ANY_CALLER_PATHS = Set.of("/api/auth/logout");

    private static final Set<String> CREATE_PATHS = Set.of(
            "/api/sites",
            "/api/conferences",
            "/api/users",
            "/api/conferences/{id}/delegates",
            "/api/conferences/{id}/agenda",
            "/api/conferences/{id}/awards");

    /**
     * The error answer of a status: its name in {@code components/responses}, its description, and the name and JSON
     * of its example (none for 414, the HTTP server's own refusal, without a body).
     */
    private record ErrorAnswer(String name, String description, String exampleName, String example) {}

    private static final Map<String, ErrorAnswer> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put(
                "400",
                new ErrorAnswer(
                        "BadRequest",
                        "Invalid request: malformed JSON, wrong types, unknown enum values, missing or "
                                + "out-of-range fields; `errors` lists each rejected field",
                        "validation",
                        "{\"type\":\"urn:bridgepoint:problem:validation\",\"title\":\"Invalid request\",\"status\":400,"
                                + "\"detail\":\"endsAt: must be after startsAt\",\"errors\":[{\"field\":\"endsAt\",\"message\":\"must be after startsAt\"}]}"));
        ERRORS.put(
                "401",
                new ErrorAnswer(
                        "Unauthorized",
                        "Missing, invalid or expired bearer token",
                        "unauthorized",
                        "{\"type\":\"urn:bridgepoint:problem:unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
                                + "\"detail\":\"a valid bearer token is required\"}"));
        ERRORS.put(
                "403",
                new ErrorAnswer(
                        "Forbidden",
                        "Not allowed for this role, site or conference",
                        "forbidden",
                        "{\"type\":\"urn:bridgepoint:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"none of your sites takes part in this conference\"}"));
        ERRORS.put(
                "404",
                new ErrorAnswer(
                        "NotFound",
                        "No such resource",
                        "not-found",
                        "{\"type\":\"urn:bridgepoint:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
                                + "\"detail\":\"conference 8c0b5f9e-2f7b-4a43-a1f4-0d7c1a1c2b3d does not exist\"}"));
        ERRORS.put(
                "409",
                new ErrorAnswer(
                        "Conflict",
                        "Forbidden state change or conflict with other data (the `type` says which; "
                                + "a busy site names the other conference in `conflictingConferenceId` and `conflictingConferenceTitle`)",
                        "site-busy",
                        "{\"type\":\"urn:bridgepoint:problem:site-busy\",\"title\":\"Conflict\",\"status\":409,"
                                + "\"detail\":\"site 'Điểm cầu Đà Nẵng' already takes part in conference 'Hội nghị tổng kết' "
                                + "(3f0e...), which overlaps this one\",\"conflictingConferenceId\":\"3f0e2b1c-0a4d-4d5e-9a8b-7c6d5e4f3a2b\","
                                + "\"conflictingConferenceTitle\":\"Hội nghị tổng kết\"}"));
        ERRORS.put(
                "412",
                new ErrorAnswer(
                        "PreconditionFailed",
                        "`If-Match` does not match the current version (`currentVersion`)",
                        "precondition-failed",
                        "{\"type\":\"urn:bridgepoint:problem:precondition-failed\",\"title\":\"Precondition failed\",\"status\":412,"
                                + "\"detail\":\"the resource has changed: its current version is 3\",\"currentVersion\":3}"));
        ERRORS.put(
                "413",
                new ErrorAnswer(
                        "PayloadTooLarge",
                        "Request body too large (JSON: 1 MB)",
                        "payload-too-large",
                        "{\"type\":\"urn:bridgepoint:problem:payload-too-large\",\"title\":\"Payload too large\",\"status\":413,"
                                + "\"detail\":\"the request body has 2000000 bytes; at most 1048576 are accepted here\"}"));
        ERRORS.put(
                "414",
                new ErrorAnswer(
                        "UriTooLong",
                        "The request line (the query) is too long: refused by the HTTP server before the application, without a body",
                        null,
                        null));
        ERRORS.put(
                "415",
                new ErrorAnswer(
                        "UnsupportedMediaType",
                        "Unsupported Content-Type (of a body the operation reads, or of one sent to an operation that reads none)",
                        "unsupported-media-type",
                        "{\"type\":\"urn:bridgepoint:problem:unsupported-media-type\",\"title\":\"Unsupported Media Type\","
                                + "\"status\":415,\"detail\":\"unsupported Content-Type: send application/json\"}"));
        ERRORS.put(
                "429",
                new ErrorAnswer(
                        "TooManyAttempts",
                        "Too many failed attempts (logins: of this account name; joins and reset codes: from this "
                                + "address); `Retry-After` says in how many seconds to try again",
                        "too-many-attempts",
                        "{\"type\":\"urn:bridgepoint:problem:too-many-attempts\",\"title\":\"Too many attempts\",\"status\":429,"
                                + "\"detail\":\"too many failed attempts from this address; try again in 540 s\"}"));
        ERRORS.put(
                "503",
                new ErrorAnswer(
                        "Busy",
                        "The instance is receiving as many request bodies as it can hold: the body was not read; retry "
                                + "after `Retry-After` seconds",
                        "busy",
                        "{\"type\":\"urn:bridgepoint:problem:busy\",\"title\":\"Service unavailable\",\"status\":503,"
                                + "\"detail\":\"this instance is receiving as many request bodies as it can hold; retry in a "
                                + "few seconds\"}"));
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.getOperations().forEach((method, operation) -> complete(path, method, operation));
            if (item.getPATCH() != null) {
                describeMergePatch(openAPI, path, item.getPATCH());
            }
        });
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        ERRORS.values().forEach(e -> openAPI.getComponents().addResponse(e.name(), shared(e)));
        OpenApiSchemas.complete(openAPI);
    }

    /** A PATCH body is a JSON merge patch of the body the resource is created or replaced with. */
    private void describeMergePatch(OpenAPI openAPI, String path, Operation patch) {
        Schema own = ownSchema(patch);
        if (own != null) {
            patch.setRequestBody(mergePatchBody(patchOf(openAPI, own)));
            return;
        }
        PathItem same = openAPI.getPaths().getPathItem(path);
        PathItem parent = openAPI.getPaths().getPathItem(path.substring(0, path.lastIndexOf('/')));
        Operation model = same.getPUT() != null ? same.getPUT() : parent != null ? parent.getPOST() : null;
        if (model == null
                || model.getRequestBody() == null
                || model.getRequestBody().getContent() == null) {
            return;
        }
        MediaType json = model.getRequestBody().getContent().getMediaType("application/json");
        if (json == null || json.getSchema() == null) {
            return;
        }
        patch.setRequestBody(mergePatchBody(patchOf(openAPI, json.getSchema())));
    }

    /**
     * The schema a PATCH names itself ({@code @RequestBody} with an implementation), when its fields are its own; not
     * the generated one of a {@code JsonNode} parameter.
     */
    private static Schema ownSchema(Operation patch) {
        if (patch.getRequestBody() == null
                || patch.getRequestBody().getContent() == null
                || patch.getRequestBody().getContent().getMediaTypes() == null) {
            return null;
        }
        for (MediaType type :
                patch.getRequestBody().getContent().getMediaTypes().values()) {
            String ref = type.getSchema() == null ? null : type.getSchema().getRef();
            if (ref != null && !ref.endsWith("/JsonNode")) {
                return type.getSchema();
            }
        }
        return null;
    }

    private static RequestBody mergePatchBody(Schema schema) {
        Content content = OASFactory.createContent();
        for (String type : new String[] {"application/merge-patch+json", "application/json"}) {
            content.addMediaType(type, OASFactory.createMediaType().schema(schema));
        }
        return OASFactory.createRequestBody()
                .required(true)
                .content(content)
                .description("A JSON merge patch (RFC 7396) of the resource's fields: the fields given are changed, "
                        + "a field set to null is cleared, the others stay as they are. The result is validated like a "
                        + "full replacement.");
    }

    /**
     * The schema of a merge patch of {@code model} (e.g. {@code SitePatch} for {@code SiteRequest}): the same
     * properties, none required, and those that are optional in the model may be null (null clears them).
     */
    private static Schema patchOf(OpenAPI openAPI, Schema model) {
        String prefix = "#/components/schemas/";
        if (model.getRef() == null || !model.getRef().startsWith(prefix)) {
            return model;
        }
        String name = model.getRef().substring(prefix.length());
        Schema target = openAPI.getComponents().getSchemas().get(name);
        if (target == null || target.getProperties() == null) {
            return model;
        }
        // a model already named a patch (UserPatch: what a PATCH may change) is replaced by its patch
        String patchName = name.endsWith("Patch")
                ? name
                : (name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name) + "Patch";
        Schema patch = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("A JSON merge patch" + (patchName.equals(name) ? "" : " of " + name)
                        + ": only the fields to change; null clears an optional field");
        patch.setExamples(target.getExamples()); // a whole resource is a patch that sets every field
        List<String> required = target.getRequired() == null ? List.of() : target.getRequired();
        target.getProperties().forEach((property, schema) -> {
            // a nested object (a chair) is merged member by member too: its patch, not the object itself
            Schema nested = schema.getRef() != null ? patchOf(openAPI, schema) : schema;
            patch.addProperty(
                    property,
                    required.contains(property)
                            ? nested
                            : OASFactory.createSchema()
                                    .addAnyOf(nested)
                                    .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
        });
        openAPI.getComponents().addSchema(patchName, patch);
        return OASFactory.createSchema().ref(prefix + patchName);
    }

    private void complete(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses =
                operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean isPublic = PUBLIC_PATHS.contains(path);
        boolean body = operation.getRequestBody() != null;
        boolean query = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        boolean ifMatch = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()));
        boolean write = method != PathItem.HttpMethod.GET;

        if (method == PathItem.HttpMethod.POST && CREATE_PATHS.contains(path) && responses.hasAPIResponse("200")) {
            APIResponse ok = responses.getAPIResponse("200");
            responses.removeAPIResponse("200");
            responses.addAPIResponse(
                    "201", ok.description("Created; `Location` names the new resource, `ETag` its version"));
        }
        if (method == PathItem.HttpMethod.PUT
                && path.equals("/api/conferences/{id}/sites/{siteId}")
                && responses.hasAPIResponse("200")) {
            APIResponse ok = responses.getAPIResponse("200");
            responses.addAPIResponse(
                    "201",
                    OASFactory.createAPIResponse()
                            .description("The site was added")
                            .content(ok.getContent()));
            ok.description("The site's participation was changed");
        }
        if (body || query) {
            add(responses, "400");
        }
        if (query) {
            add(responses, "414");
        }
        if (isPublic) {
            add(responses, "401");
            add(responses, "429");
        } else if (ANY_CALLER_PATHS.contains(path)) {
            add(responses, "401");
            operation.addSecurityRequirement(
                    OASFactory.createSecurityRequirement().addScheme("bearer"));
        } else {
            add(responses, "401");
            add(responses, "403");
            operation.addSecurityRequirement(
                    OASFactory.createSecurityRequirement().addScheme("bearer"));
        }
        if (path.contains("{")) {
            add(responses, "404");
        }
        if (write && !isPublic && !ANY_CALLER_PATHS.contains(path)) {
            add(responses, "409");
        }
        if (ifMatch) {
            add(responses, "412");
        }
        if (body) {
            add(responses, "413");
        }
        if (write) {
            add(responses, "415");
        }
        if (body) {
            add(responses, "503");
        }
    }

    private static Object parse(String json) {
        try {
            return new ObjectMapper().readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad example " + json, e);
        }
    }

    /** The shared answer for {@code status}, unless the endpoint describes its own (with a body). */
    private static void add(APIResponses responses, String status) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing != null
                && existing.getContent() != null
                && existing.getContent().getMediaTypes() != null
                && !existing.getContent().getMediaTypes().isEmpty()) {
            return; // described by the endpoint itself
        }
        responses.addAPIResponse(
                status,
                OASFactory.createAPIResponse()
                        .ref("#/components/responses/" + ERRORS.get(status).name()));
    }

    /** The problem+json answer {@code e}, with its example. */
    private static APIResponse shared(ErrorAnswer e) {
        if (e.example() == null) {
            return OASFactory.createAPIResponse().description(e.description());
        }
        MediaType problem = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))
                .addExample(e.exampleName(), OASFactory.createExample().value(parse(e.example())));
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem);
        return OASFactory.createAPIResponse().description(e.description()).content(content);
    }
}
