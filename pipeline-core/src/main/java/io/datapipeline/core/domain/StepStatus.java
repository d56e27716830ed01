package io.datapipeline.core.domain;

/** Lifecycle of one step of a task. */
public enum StepStatus {
    PENDING("pending"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    StepStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static StepStatus fromWire(String raw) {
        for (StepStatus status : values()) {
            if (status.wire.equals(raw)) {
                return status;
            }
        }
        throw InvalidInputException.invalid("step_status", "unknown step status '" + raw + "'");
    }

    @Override
    public String toString() {
        return wire;
    }
}
