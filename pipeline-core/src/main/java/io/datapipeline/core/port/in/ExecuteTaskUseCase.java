package io.datapipeline.core.port.in;

/**
 * Starts an execution of a task in complete or step mode. The request goes through
 * {@link io.datapipeline.core.domain.VectorManagementPolicy} once; the per-task lock is taken before the
 * answer, so a second execute of a running task is refused with the running execution's id.
 */
public interface ExecuteTaskUseCase {

    /** Accepts or refuses; when accepted the work runs on the service's executor. */
    ExecutionOutcome execute(ExecuteTaskCommand command);
}
