package io.datapipeline.core.domain;

/**
 * Run every step in order ({@code complete}), exactly one ({@code step}), or the steps from the first one that did
 * not complete ({@code resume}).
 */
public enum ExecutionMode {
    COMPLETE("complete"),
    STEP("step"),
    RESUME("resume");

    private final String wire;

    ExecutionMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses a wire name; {@code null} means the default, {@code complete}. */
    public static ExecutionMode fromWire(String raw) {
        return fromWire(raw, "execution_mode");
    }

    /** Parses a wire name; {@code null} means {@code complete}; an unknown one is refused naming {@code field}. */
    public static ExecutionMode fromWire(String raw, String field) {
        if (raw == null) {
            return COMPLETE;
        }
        for (ExecutionMode mode : values()) {
            if (mode.wire.equals(raw)) {
                return mode;
            }
        }
        throw InvalidInputException.invalid(field,
                "unknown " + field + " '" + Printable.of(raw) + "'; expected complete, step or resume");
    }

    /**
     * The mode of a request that may leave it out. A named step never runs the complete workflow: a step named without
     * a mode means {@code step}; no step and no mode means {@code complete}; {@code complete} or {@code resume} with a
     * step named is refused, naming both (the caller's names for them: {@code execution_mode}/{@code step_name} on the
     * wire, {@code --execution-mode}/{@code --step-name} on the command line).
     *
     * @param raw       the mode as given, or {@code null} when not given
     * @param step      the step as given, or {@code null}
     * @param modeField the caller's name of the mode
     * @param stepField the caller's name of the step
     */
    public static ExecutionMode resolve(String raw, StepName step, String modeField, String stepField) {
        if (raw == null) {
            return step == null ? COMPLETE : STEP;
        }
        ExecutionMode mode = fromWire(raw, modeField);
        if (mode != STEP && step != null) {
            throw contradiction(mode, step, modeField, stepField);
        }
        return mode;
    }

    /** {@code complete}/{@code resume} with a step named: what each asks for, and how to ask for one. */
    static InvalidInputException contradiction(ExecutionMode mode, StepName step, String modeField, String stepField) {
        String runs = mode == COMPLETE ? "runs every enabled step" : "reruns the steps from the first one that did not "
                + "complete";
        return InvalidInputException.invalid(modeField, modeField + " " + mode.wire + " " + runs + ", but " + stepField
                + " " + step.wire() + " names one step: leave " + modeField + " out (or give step) to run only "
                + step.wire() + ", or leave " + stepField + " out to run " + (mode == COMPLETE ? "the whole workflow"
                : "the resume"));
    }

    @Override
    public String toString() {
        return wire;
    }
}
