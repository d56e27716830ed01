package io.datapipeline.core.execution;

import io.datapipeline.core.domain.StepName;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened in an execution, in order ({@code seq} grows within an execution; a client resumes after
 * the last one it saw).
 *
 * @param seq         position, from 1
 * @param executionId the execution
 * @param type        what happened
 * @param step        the step it concerns, or {@code null}
 * @param status      for {@link Type#STEP_FINISHED} and {@link Type#FINISHED}: how it ended, else {@code null}
 * @param message     a warning, an error, or {@code null}
 * @param progress    for {@link Type#PROGRESS}, else {@code null}
 * @param at          when
 */
public record ExecutionEvent(long seq, String executionId, Type type, StepName step, String status, String message,
        ExecutionProgress progress, Instant at) {

    public ExecutionEvent {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    /** The kinds of events. */
    public enum Type {
        STEP_STARTED("step_started"),
        STEP_FINISHED("step_finished"),
        PROGRESS("progress"),
        WARNING("warning"),
        FINISHED("finished");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
