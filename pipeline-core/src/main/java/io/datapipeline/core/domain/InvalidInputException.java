package io.datapipeline.core.domain;

/**
 * Input that violates a rule of the domain (a malformed id, an unknown step, a missing field).
 *
 * <p>Adapters map it to HTTP 400 or CLI exit code 2. The message says what to fix and
 * {@link #field()} names the offending input so callers can point at it.
 */
public final class InvalidInputException extends PipelineException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final boolean missing;

    private InvalidInputException(String field, String message, boolean missing) {
        super(message);
        this.field = field;
        this.missing = missing;
    }

    /** A value was given but is not acceptable. */
    public static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(field, message, false);
    }

    /** A required value was not given at all. */
    public static InvalidInputException missing(String field, String message) {
        return new InvalidInputException(field, message, true);
    }

    /** The name of the offending input field (wire name, e.g. {@code step_name}). */
    public String field() {
        return field;
    }

    /** True when the field was absent rather than malformed. */
    public boolean isMissing() {
        return missing;
    }
}
