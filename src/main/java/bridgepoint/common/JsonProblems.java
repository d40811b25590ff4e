package bridgepoint.common;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.UUID;

/**
 * How a rejected JSON body is described to the client: the field it names (as a path such as
 * {@code chairs[1].name}, the same for Jackson's errors and for Bean Validation's) and what was expected there.
 * Shared by {@link ProblemMapper} (request bodies) and {@link MergePatch} (patched bodies).
 */
final class JsonProblems {

    private JsonProblems() {}

    /** A body Jackson could not map: a 400 naming the field, or malformed-json when no field is to blame. */
    static ApiException fromJson(JsonMappingException e) {
        String field = jsonPath(e);
        String message;
        if (e instanceof JacksonConfig.UnstorableTextException) {
            message = e.getOriginalMessage();
        } else if (e instanceof InvalidFormatException ife
                && ife.getTargetType() != null
                && ife.getTargetType().isEnum()) {
            message = "must be one of " + Arrays.toString(ife.getTargetType().getEnumConstants());
        } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            message = "must be " + describe(mie.getTargetType());
        } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
            message = e.getCause().getMessage();
        } else {
            message = "has an invalid value";
        }
        if (field.isEmpty()) {
            return ApiException.malformedJson("the request body does not have the expected shape: " + message);
        }
        return ApiException.badRequest(field, message);
    }

    /** What a client should have sent for a value of this type, in words. */
    static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == LocalDate.class) {
            return "a date, e.g. 2021-12-22";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time with offset, e.g. 2021-12-22T08:00:00+07:00";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** The path of the field Jackson failed on: {@code chairs[1].name}, {@code [3].nonce} for a list body. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The property path of a violation without the method and parameter names of the resource method. */
    static String fieldOf(Path path) {
        StringBuilder sb = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD
                    || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // the index also when the body itself is a list: "[3].nonce", as for JSON errors
            if (node.isInIterable() && (node.getIndex() != null || node.getKey() != null)) {
                sb.append('[')
                        .append(node.getIndex() != null ? node.getIndex() : node.getKey())
                        .append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        if (sb.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return sb.toString();
    }
}
