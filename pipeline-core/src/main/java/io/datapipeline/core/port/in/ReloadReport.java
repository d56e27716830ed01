package io.datapipeline.core.port.in;

import io.datapipeline.core.retrieval.RetrievalCheck;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.VectorManagementReport;
import java.util.List;
import java.util.Map;

/**
 * What a reload did.
 *
 * @param vectorManagement the backup/truncate report (the seed's {@code vector_management})
 * @param outcome          what became of the one transaction
 * @param loaded           per collection: rows inserted, items skipped because they were stored already, texts embedded,
 *                         vectors reused
 * @param created          store objects created because they were missing (extension, tables, index, collections)
 * @param warnings         notes that did not stop the load
 * @param error            why nothing was loaded (refused or rolled back), or {@code null}
 * @param refused          the load was refused before anything was touched (a model or dimension mismatch)
 * @param duration         seconds
 * @param retrieval        what the old and the new store retrieved for the task's questions, or {@code null} when they
 *                         were not measured
 */
public record ReloadReport(VectorManagementReport vectorManagement, CommitOutcome outcome,
        Map<String, LoadCount> loaded, List<String> created, List<String> warnings, String error, boolean refused,
        double duration, RetrievalCheck retrieval) {

    public ReloadReport {
        loaded = Map.copyOf(loaded);
        created = List.copyOf(created);
        warnings = List.copyOf(warnings);
    }

    /**
     * One collection's load.
     *
     * @param inserted        rows added (a truncating reload: every row of the new set, carried over or new)
     * @param skippedExisting items already stored (same id or same document), not written again
     * @param embedded        texts sent to the embedding model
     * @param reused          stored vectors of the same model kept or carried over instead of being embedded again
     * @param difference      a replace by difference: what it kept, inserted and deleted; else {@code null}
     */
    public record LoadCount(long inserted, long skippedExisting, long embedded, long reused, Difference difference) {

        /** A load that embedded every item and reused nothing. */
        public LoadCount(long inserted, long skippedExisting) {
            this(inserted, skippedExisting, 0, 0, null);
        }
    }

    /**
     * One collection of a replace by difference.
     *
     * @param unchanged rows of the new set stored already, not touched (same id, same row version)
     * @param inserted  rows added
     * @param deleted   rows the new set does not hold, deleted
     */
    public record Difference(long unchanged, long inserted, long deleted) {
    }

    public boolean success() {
        return error == null && outcome == CommitOutcome.COMMITTED;
    }

    public long totalInserted() {
        return loaded.values().stream().mapToLong(LoadCount::inserted).sum();
    }

    /** Texts sent to the embedding model, all collections. */
    public long totalEmbedded() {
        return loaded.values().stream().mapToLong(LoadCount::embedded).sum();
    }
}
