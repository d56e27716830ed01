package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.Execution;
import java.util.Optional;

/**
 * Asks a running execution to stop. The request is recorded in the metadata database, so whichever process or
 * server instance runs the execution sees it within a second; the run stops at its next check (between tables,
 * LLM calls, embedding batches or COPY chunks; an HTTP call in flight is aborted), a reload it was doing rolls back,
 * and it ends {@code cancelled}.
 */
public interface CancelExecutionUseCase {

    /**
     * @param executionId the execution, or empty for the task's running one
     */
    CancelOutcome cancel(TaskId taskId, Optional<String> executionId);

    /** What became of a cancel request. */
    sealed interface CancelOutcome {
        /** Recorded; the execution stops shortly. */
        record Requested(Execution execution) implements CancelOutcome {
        }

        /** The execution is not running (it ended, or none runs); nothing to cancel. */
        record NotRunning(TaskId taskId, Execution execution) implements CancelOutcome {
        }

        /** No such task or execution. */
        record NotFound(String what) implements CancelOutcome {
        }
    }
}
