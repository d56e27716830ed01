package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.ApiScope;
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
 * @param callerScope    the scope of whoever asks ({@link io.datapipeline.core.domain.AccessPolicy} decides what the
 *                       execution needs): the API token's; {@code admin} for the CLI and library users, who hold the
 *                       database credentials themselves
 */
public record ExecuteTaskCommand(ExecutionRequest request, Optional<String> idempotencyKey, TransferProgress progress,
        ApiScope callerScope) {

    public ExecuteTaskCommand {
        Objects.requireNonNull(request, "request");
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
        idempotencyKey.ifPresent(k -> InputText.line("Idempotency-Key", k, 200));
        progress = progress == null ? TransferProgress.NONE : progress;
        callerScope = callerScope == null ? ApiScope.ADMIN : callerScope;
    }

    /** A local caller's command (full access). */
    public ExecuteTaskCommand(ExecutionRequest request, Optional<String> idempotencyKey, TransferProgress progress) {
        this(request, idempotencyKey, progress, ApiScope.ADMIN);
    }

    public ExecuteTaskCommand(ExecutionRequest request, Optional<String> idempotencyKey) {
        this(request, idempotencyKey, TransferProgress.NONE);
    }

    public static ExecuteTaskCommand of(ExecutionRequest request) {
        return new ExecuteTaskCommand(request, Optional.empty());
    }
}
