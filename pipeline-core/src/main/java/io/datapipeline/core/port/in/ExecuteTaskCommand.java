package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.InputText;
import io.datapipeline.core.vector.TransferProgress;
import java.util.Objects;
import java.util.Optional;

/**
 * Execute a task.
 *
 * @param request        the parsed request
 * @param idempotencyKey a key that makes a retried request return the execution it started before
 * @param progress       receives the progress of the slow parts of {@code training_load} (embedding, backup,
 *                       restore); not persisted
 */
public record ExecuteTaskCommand(ExecutionRequest request, Optional<String> idempotencyKey, TransferProgress progress) {

    public ExecuteTaskCommand {
        Objects.requireNonNull(request, "request");
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
        idempotencyKey.ifPresent(k -> InputText.line("Idempotency-Key", k, 200));
        progress = progress == null ? TransferProgress.NONE : progress;
    }

    public ExecuteTaskCommand(ExecutionRequest request, Optional<String> idempotencyKey) {
        this(request, idempotencyKey, TransferProgress.NONE);
    }

    public static ExecuteTaskCommand of(ExecutionRequest request) {
        return new ExecuteTaskCommand(request, Optional.empty());
    }
}
