package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.Execution;
import java.util.List;
import java.util.Optional;

/** Reads a task with its steps and executions. */
public interface GetTaskUseCase {

    /**
     * @return the task view, or empty when there is no such task; a task found {@code in_progress}
     *         without a live lock is first marked {@code failed} ({@code interrupted})
     */
    Optional<TaskView> get(TaskId id);

    /** Executions of a task, newest first; empty when there is no such task. */
    Optional<List<Execution>> executions(TaskId id, int limit);

    /**
     * A task as shown to callers.
     *
     * @param task          the task
     * @param steps         its steps, in step order
     * @param lastExecution the newest execution, if any
     */
    record TaskView(Task task, List<StepRun> steps, Optional<Execution> lastExecution) {
        public TaskView {
            steps = List.copyOf(steps);
        }

        /** The step running now, if any. */
        public Optional<StepRun> currentStep() {
            return steps.stream().filter(s -> s.status() == StepStatus.RUNNING).findFirst();
        }
    }
}
