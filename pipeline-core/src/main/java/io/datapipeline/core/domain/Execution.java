package io.datapipeline.core.domain;

import java.time.Instant;
import java.util.Map;
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
 * @param result         the result document (seed shapes), or {@code null} while running
 * @param error          why it failed, or {@code null}
 * @param idempotencyKey the caller's key, or {@code null}
 */
public record Execution(String executionId, TaskId taskId, ExecutionRequest request, VectorManagementDecision decision,
        ExecutionStatus status, Instant startedAt, Instant finishedAt, Map<String, Object> result, String error,
        String idempotencyKey) {

    public Execution {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(status, "status");
    }

    public Execution finished(ExecutionStatus newStatus, Instant at, Map<String, Object> resultDocument, String why) {
        return new Execution(executionId, taskId, request, decision, newStatus, startedAt, at, resultDocument, why,
                idempotencyKey);
    }
}
