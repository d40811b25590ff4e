package bridgepoint.common;

/** One rejected field of a request, as listed in a validation problem. */
public record FieldError(String field, String message) {}
