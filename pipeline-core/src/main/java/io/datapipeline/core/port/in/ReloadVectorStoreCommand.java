package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.domain.TruncateScope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Load embedded training items into the store, with the execution's vector management, in one transaction:
 * back up (into the task's folder), remove the old rows (truncate), write the new ones, commit.
 *
 * @param taskId      the task whose folder receives the backup set
 * @param executionId the execution, recorded in the set's manifest, or {@code null}
 * @param backup      take a backup set first
 * @param truncate    remove the old rows of {@code scope} before writing (implies {@code backup})
 * @param scope       which rows a truncate removes
 * @param items       the embedded items (empty: vector management only)
 * @param provenance  the model that made the items' vectors; required when there are items
 * @param lockWait    how long to wait for the store lock
 * @param progress    progress receiver
 */
public record ReloadVectorStoreCommand(TaskId taskId, String executionId, boolean backup, boolean truncate,
        TruncateScope scope, List<TrainingItem> items, EmbeddingProvenance provenance, Duration lockWait,
        TransferProgress progress) {

    public ReloadVectorStoreCommand {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(lockWait, "lockWait");
        if (truncate && !backup) {
            throw new IllegalArgumentException("a truncate without a backup is never allowed");
        }
        scope = scope == null ? TruncateScope.TABLE : scope;
        items = List.copyOf(items);
        if (!items.isEmpty() && provenance == null) {
            throw new IllegalArgumentException("items need the provenance of their vectors");
        }
        progress = progress == null ? TransferProgress.NONE : progress;
    }
}
