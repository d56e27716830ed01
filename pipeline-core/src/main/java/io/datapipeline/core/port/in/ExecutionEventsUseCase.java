package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.execution.ExecutionProgress;
import java.util.List;
import java.util.Optional;

/** Follows an execution: the record with its live progress, and its events in order. */
public interface ExecutionEventsUseCase {

    /**
     * One execution of a task, with the live progress of its running step.
     *
     * @return empty when the task has no such execution
     */
    Optional<WatchedExecution> execution(TaskId taskId, String executionId);

    /** The task's running execution, if any. */
    Optional<Execution> running(TaskId taskId);

    /**
     * Events after {@code afterSeq} (0: from the start), at most {@code limit}.
     *
     * @throws io.datapipeline.core.domain.NotFoundException when the task has no such execution
     */
    List<ExecutionEvent> events(TaskId taskId, String executionId, long afterSeq, int limit);

    /**
     * An execution and its progress.
     *
     * @param execution the record
     * @param progress  the running step's progress, when it runs and has reported some
     */
    record WatchedExecution(Execution execution, Optional<ExecutionProgress> progress) {
    }
}
