package io.datapipeline.core.domain;

import java.util.Objects;

/**
 * How {@code training_load} replaces and checks the store, beyond the seed's flags.
 *
 * @param replaceByDifference {@code replace_by_difference}: with {@code truncate_vector_tables}, reach the new set by
 *                            deleting only what it does not hold and inserting only what is missing
 * @param gate                {@code min_retrieval} / {@code max_retrieval_drop}: what the new store must retrieve to be
 *                            committed
 */
public record ReloadOptions(boolean replaceByDifference, RetrievalGate gate) {

    /** Neither asked for. */
    public static final ReloadOptions NONE = new ReloadOptions(false, RetrievalGate.NONE);

    public ReloadOptions {
        gate = Objects.requireNonNullElse(gate, RetrievalGate.NONE);
    }

    /** Whether the caller asked for anything. */
    public boolean any() {
        return replaceByDifference || gate.active();
    }
}
