package io.datapipeline.core.domain;

/** Lifecycle of one execution (one call of execute). */
public enum ExecutionStatus {
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    INTERRUPTED("interrupted"),
    CANCELLED("cancelled");

    private final String wire;

    ExecutionStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ExecutionStatus fromWire(String raw) {
        for (ExecutionStatus s : values()) {
            if (s.wire.equals(raw)) {
                return s;
            }
        }
        throw InvalidInputException.invalid("status", "unknown execution status '" + Printable.of(String.valueOf(raw))
                + "'");
    }

    @Override
    public String toString() {
        return wire;
    }
}
