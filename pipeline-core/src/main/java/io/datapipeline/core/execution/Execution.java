package io.datapipeline.core.execution;

import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.VectorManagementDecision;

import java.time.Instant;
import java.util.Objects;

/**
 * One call of execute, kept as history: what was asked, what the policy decided, how it ended.
 *
 * @param executionId    unique id
 * @param taskId         the task
 * @param request        the request as received
 * @param decision       the policy's decision, with its warnings
 * @param status         running, completed, failed or interrupted
 * @param startedAt      start
 * @param finishedAt     end, or {@code null} while running
 * @param result         the result, or {@code null} while running
 * @param error          why it failed, or {@code null}
 * @param idempotencyKey the caller's key, or {@code null}
 */
public record Execution(String executionId, TaskId taskId, ExecutionRequest request, VectorManagementDecision decision,
        ExecutionStatus status, Instant startedAt, Instant finishedAt, ResultDocument result, String error,
        String idempotencyKey) {

    public Execution {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(status, "status");
    }

    public Execution finished(ExecutionStatus newStatus, Instant at, ResultDocument resultDocument, String why) {
        return new Execution(executionId, taskId, request, decision, newStatus, startedAt, at, resultDocument, why,
                idempotencyKey);
    }
}
