package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.vector.EmbeddingModelChoice;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A re-embed of the store with another model.
 *
 * @param collections the collections to re-embed; empty: every collection (and every row of the table)
 * @param dryRun      only count the documents, what the resume cache holds already, and estimate the time from a
 *                    small sample; nothing is changed and no backup set is taken
 * @param model       the new model, as the operator names it (its provenance is what the collections will record)
 * @param lockWait    how long to wait for the store lock
 * @param progress    progress of the embedding (reported as {@value #EMBED} items), the backup and the rewrite
 */
public record ReembedVectorStoreCommand(List<String> collections, boolean dryRun, EmbeddingModelChoice model,
        Duration lockWait, TransferProgress progress) {

    /** The name under which the embedding of the documents reports its progress. */
    public static final String EMBED = "embed";

    public ReembedVectorStoreCommand {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(lockWait, "lockWait");
        progress = progress == null ? TransferProgress.NONE : progress;
        List<String> names = new ArrayList<>();
        for (String c : collections == null ? List.<String>of() : collections) {
            if (c == null || c.isBlank()) {
                throw InvalidInputException.invalid("collections", "a collection name must not be empty");
            }
            if (!names.contains(c.strip())) {
                names.add(c.strip());
            }
        }
        collections = List.copyOf(names);
    }

    /** Whether every collection (the whole table) is re-embedded. */
    public boolean everything() {
        return collections.isEmpty();
    }
}
