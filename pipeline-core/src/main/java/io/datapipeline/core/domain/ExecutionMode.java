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
        if (raw == null) {
            return COMPLETE;
        }
        for (ExecutionMode mode : values()) {
            if (mode.wire.equals(raw)) {
                return mode;
            }
        }
        throw InvalidInputException.invalid("execution_mode",
                "unknown execution_mode '" + Printable.of(raw) + "'; expected complete, step or resume");
    }

    @Override
    public String toString() {
        return wire;
    }
}
