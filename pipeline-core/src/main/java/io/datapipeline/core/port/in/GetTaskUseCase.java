package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.Execution;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import java.util.List;
import java.util.Optional;

/** Reads a task with its steps and executions. */
public interface GetTaskUseCase {

    /**
     * @return the task view, or empty when there is no such task; a task found {@code in_progress}
     *         without a live lock is first marked {@code failed} ({@code interrupted})
     */
    Optional<TaskView> get(TaskId id);

    /** Executions of a task, newest first. */
    List<Execution> executions(TaskId id, int limit);

    /**
     * A task as shown to callers.
     *
     * @param task          the task
     * @param steps         its four steps
     * @param lastExecution the newest execution, if any
     */
    record TaskView(Task task, List<StepRun> steps, Optional<Execution> lastExecution) {
        public TaskView {
            steps = List.copyOf(steps);
        }
    }
}
