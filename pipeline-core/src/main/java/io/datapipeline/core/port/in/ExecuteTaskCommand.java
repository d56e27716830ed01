package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.ExecutionRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Execute a task.
 *
 * @param request        the parsed request
 * @param idempotencyKey a key that makes a retried request return the execution it started before
 */
public record ExecuteTaskCommand(ExecutionRequest request, Optional<String> idempotencyKey) {

    public ExecuteTaskCommand {
        Objects.requireNonNull(request, "request");
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
    }

    public static ExecuteTaskCommand of(ExecutionRequest request) {
        return new ExecuteTaskCommand(request, Optional.empty());
    }
}
