package io.datapipeline.core.vector;

import java.util.List;
import java.util.Map;

/**
 * What a reload did.
 *
 * @param vectorManagement the backup/truncate report (the seed's {@code vector_management})
 * @param outcome          what became of the one transaction
 * @param loaded           per collection: rows inserted and items skipped because they were stored already
 * @param created          store objects created because they were missing (extension, tables, index, collections)
 * @param warnings         notes that did not stop the load
 * @param error            why nothing was loaded (refused or rolled back), or {@code null}
 * @param refused          the load was refused before anything was touched (a model or dimension mismatch)
 * @param duration         seconds
 */
public record ReloadReport(VectorManagementReport vectorManagement, CommitOutcome outcome,
        Map<String, LoadCount> loaded, List<String> created, List<String> warnings, String error, boolean refused,
        double duration) {

    public ReloadReport {
        loaded = Map.copyOf(loaded);
        created = List.copyOf(created);
        warnings = List.copyOf(warnings);
    }

    /**
     * One collection's load.
     *
     * @param inserted        rows added
     * @param skippedExisting items already stored (same id or same document), not written again
     */
    public record LoadCount(long inserted, long skippedExisting) {
    }

    public boolean success() {
        return error == null && outcome == CommitOutcome.COMMITTED;
    }

    public long totalInserted() {
        return loaded.values().stream().mapToLong(LoadCount::inserted).sum();
    }
}
