package io.datapipeline.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest run of one step of a task.
 *
 * @param taskId       the task
 * @param step         the step
 * @param status       status of the latest run
 * @param executionId  the execution that ran it last, or {@code null}
 * @param startedAt    start of the latest run, or {@code null}
 * @param completedAt  end of the latest run, or {@code null}
 * @param errorMessage the latest run's error (cleared when a later run succeeds)
 */
public record StepRun(TaskId taskId, StepName step, StepStatus status, String executionId, Instant startedAt,
        Instant completedAt, String errorMessage) {

    public StepRun {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
    }

    public static StepRun pending(TaskId taskId, StepName step) {
        return new StepRun(taskId, step, StepStatus.PENDING, null, null, null, null);
    }
}
