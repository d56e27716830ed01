package io.datapipeline.core.port.in;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.domain.TaskId;
import java.util.concurrent.CompletableFuture;

/** The answer to an execute request: expected outcomes are values, not exceptions. */
public sealed interface ExecutionOutcome {

    /**
     * The execution was accepted and runs (or ran, for a replayed idempotent request).
     *
     * @param execution the execution record as started, with the policy decision and warnings
     * @param result    completes with the result when the run ends (at once, with the stored result or
     *                  {@code null} while it still runs elsewhere, for a replayed request)
     * @param replayed  true when an earlier execution with the same idempotency key was returned
     */
    record Accepted(Execution execution, CompletableFuture<ResultDocument> result, boolean replayed)
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
     * @param field  the input to fix
     * @param reason what to do
     */
    record Refused(TaskId taskId, String field, String reason) implements ExecutionOutcome {
        public Refused {
            java.util.Objects.requireNonNull(field, "field");
        }
    }

    /**
     * A resume found nothing left to run: every step the task enables has completed.
     *
     * @param reason what to tell the caller
     */
    record NothingToResume(TaskId taskId, String reason) implements ExecutionOutcome {
    }

    /**
     * Every worker of this process is busy: nothing was started; retry later.
     *
     * @param reason what to tell the caller
     */
    record PoolFull(TaskId taskId, String reason) implements ExecutionOutcome {
    }

    /**
     * The caller's scope does not cover what the request asks (a truncating execution needs {@code admin}): nothing
     * was started or recorded.
     */
    record Forbidden(TaskId taskId, io.datapipeline.core.domain.AccessPolicy.Refusal refusal)
            implements ExecutionOutcome {
    }
}
