package bridgepoint.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RFC 9457 problem document, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
@Schema(
        name = "Problem",
        description = "RFC 9457 problem details. Validation problems list the rejected fields in `errors`; "
                + "some conflicts add members naming the conflicting resource.")
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:bridgepoint:problem:";

    @Schema(example = "urn:bridgepoint:problem:validation")
    public final String type;

    @Schema(example = "Invalid request")
    public final String title;

    @Schema(example = "400")
    public final int status;

    @Schema(example = "endsAt: must be after startsAt")
    public final String detail;

    public final String instance;
    public final List<FieldError> errors;
    private final Map<String, Object> extensions;

    Problem(
            String slug,
            String title,
            int status,
            String detail,
            String instance,
            List<FieldError> errors,
            Map<String, Object> extensions) {
        this.type = TYPE_PREFIX + slug;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.instance = instance;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
        this.extensions = extensions == null ? Map.of() : new LinkedHashMap<>(extensions);
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }
}
