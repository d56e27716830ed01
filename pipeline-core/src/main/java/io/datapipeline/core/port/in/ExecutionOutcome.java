package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.Execution;
import io.datapipeline.core.domain.TaskId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The answer to an execute request: expected outcomes are values, not exceptions. */
public sealed interface ExecutionOutcome {

    /**
     * The execution was accepted and runs (or ran, for a replayed idempotent request).
     *
     * @param execution the execution record as started, with the policy decision and warnings
     * @param result    completes with the result document when the run ends
     * @param replayed  true when an earlier execution with the same idempotency key was returned
     */
    record Accepted(Execution execution, CompletableFuture<Map<String, Object>> result, boolean replayed)
            implements ExecutionOutcome {
    }

    /**
     * The task is running already.
     *
     * @param running the running execution, when known
     */
    record AlreadyRunning(TaskId taskId, Execution running) implements ExecutionOutcome {
    }

    /** No such task. */
    record NotFound(TaskId taskId) implements ExecutionOutcome {
    }

    /**
     * The task exists but cannot run as asked (e.g. no table list yet).
     *
     * @param field  the input to fix, or {@code null}
     * @param reason what to do
     */
    record Refused(TaskId taskId, String field, String reason) implements ExecutionOutcome {
    }
}
