package io.datapipeline.core.domain;

/** Lifecycle of a task as stored and shown on the wire. */
public enum TaskStatus {
    PENDING("pending"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    PARTIAL_COMPLETED("partial_completed"),
    FAILED("failed");

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static TaskStatus fromWire(String raw) {
        for (TaskStatus status : values()) {
            if (status.wire.equals(raw)) {
                return status;
            }
        }
        throw InvalidInputException.invalid("status", "unknown task status '" + raw
                + "'; expected pending, in_progress, completed, partial_completed or failed");
    }

    @Override
    public String toString() {
        return wire;
    }
}
