package io.datapipeline.core.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The four steps of a task, in execution order, with their exact wire names. */
public enum StepName {
    DDL_GENERATION("ddl_generation"),
    QA_GENERATION("qa_generation"),
    SQL_VALIDATION("sql_validation"),
    TRAINING_LOAD("training_load");

    private final String wire;

    StepName(String wire) {
        this.wire = wire;
    }

    /** The name used in the API, the database, file names and logs. */
    public String wire() {
        return wire;
    }

    /** Parses a wire name exactly (case-sensitive, as the API contract says). */
    public static StepName fromWire(String raw) {
        return fromWire(raw, "step_name");
    }

    /** Parses a wire name exactly; a missing or unknown one is refused naming {@code field}. */
    public static StepName fromWire(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw InvalidInputException.missing(field, field + " is required");
        }
        for (StepName step : values()) {
            if (step.wire.equals(raw)) {
                return step;
            }
        }
        throw InvalidInputException.invalid(field,
                "unknown " + field + " '" + Printable.of(raw) + "'; expected one of " + wireNames());
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(StepName::wire).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wire;
    }
}
