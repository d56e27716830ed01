package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.retrieval.RetrievalProbe;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Load training items into the store, with the execution's vector management, in one transaction: back up (into the
 * task's folder), remove the old rows (truncate) or only those the new set does not hold (replace by difference),
 * write the new ones, measure retrieval before and after, commit. Only the items the store does not hold already
 * with the same model are embedded.
 *
 * @param taskId      the task whose folder receives the backup set
 * @param executionId the execution, recorded in the set's manifest, or {@code null}
 * @param replace     backup and truncate
 * @param content     the items and how to embed those the store lacks
 * @param probe       the questions that measure retrieval before and after (with the gate), or {@code null}
 * @param lockWait    how long to wait for the store lock
 * @param progress    progress receiver
 */
public record ReloadVectorStoreCommand(TaskId taskId, String executionId, Replace replace, Content content,
        RetrievalProbe probe, Duration lockWait, TransferProgress progress) {

    public ReloadVectorStoreCommand {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(replace, "replace");
        Objects.requireNonNull(lockWait, "lockWait");
        content = content == null ? Content.NONE : content;
        progress = progress == null ? TransferProgress.NONE : progress;
    }

    /** Items embedded already (the embedder is never asked), no retrieval probe. */
    public ReloadVectorStoreCommand(TaskId taskId, String executionId, boolean backup, boolean truncate,
            TruncateScope scope, List<TrainingItem> items, EmbeddingProvenance provenance, Duration lockWait,
            TransferProgress progress) {
        this(taskId, executionId, new Replace(backup, truncate, scope, false), new Content(items, provenance,
                Embedder.NONE), null, lockWait, progress);
    }

    public boolean backup() {
        return replace.backup();
    }

    public boolean truncate() {
        return replace.truncate();
    }

    public TruncateScope scope() {
        return replace.scope();
    }

    public List<TrainingItem> items() {
        return content.items();
    }

    public EmbeddingProvenance provenance() {
        return content.provenance();
    }

    /**
     * What happens to the rows already stored.
     *
     * @param backup       take a backup set first
     * @param truncate     replace the rows of {@code scope} by the new set (implies {@code backup})
     * @param scope        which rows a truncate replaces
     * @param byDifference with {@code truncate}: reach the same end state by deleting only the rows whose id the new set
     *                     does not hold and inserting only the missing ones (unchanged rows are not touched)
     */
    public record Replace(boolean backup, boolean truncate, TruncateScope scope, boolean byDifference) {
        public Replace {
            if (truncate && !backup) {
                throw new IllegalArgumentException("a truncate without a backup is never allowed");
            }
            if (byDifference && !truncate) {
                throw new IllegalArgumentException("a replace by difference is a truncating reload");
            }
            scope = scope == null ? TruncateScope.TABLE : scope;
        }
    }

    /**
     * The new set.
     *
     * @param items      one item per content id; an item without its vector is embedded by {@code embedder} unless the
     *                   store holds it already with the same model
     * @param provenance the model of the vectors; required when there are items
     * @param embedder   embeds the texts of the items that need a vector
     */
    public record Content(List<TrainingItem> items, EmbeddingProvenance provenance, Embedder embedder) {

        static final Content NONE = new Content(List.of(), null, Embedder.NONE);

        public Content {
            items = List.copyOf(items);
            if (!items.isEmpty() && provenance == null) {
                throw new IllegalArgumentException("items need the provenance of their vectors");
            }
            embedder = embedder == null ? Embedder.NONE : embedder;
        }
    }

    /** Embeds the texts of the items the store lacks, in order; called before the write transaction (and rarely in it). */
    public interface Embedder {

        /** For items that all have their vectors: asking it is a bug. */
        Embedder NONE = texts -> {
            throw new IllegalStateException(texts.size() + " item(s) have no vector and the reload has no embedder");
        };

        List<float[]> embed(List<String> texts);

        /**
         * What the reload found before embedding.
         *
         * @param toEmbed items to embed
         * @param reused  items whose stored vector (same model) is kept or carried over
         * @param skipped items stored already and not written again (a load without truncate)
         */
        default void planned(int toEmbed, int reused, int skipped) {
        }
    }
}
