package io.datapipeline.core.vector;

import io.datapipeline.core.domain.ResultKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of restoring a backup set.
 *
 * @param restorePerformed  the transaction committed
 * @param replace           {@code truncate_before_restore}: the tables were emptied first (same transaction)
 * @param location          {@code global} or the task id
 * @param timestamp         the set restored
 * @param backupDate        {@code YYYY-MM-DD HH:MM:SS}
 * @param legacy            the set has no manifest (made by the original tool) and was converted
 * @param tables            per restored table, in foreign-key order
 * @param truncateResults   per emptied table, when replacing
 * @param errors            why it failed; empty on success
 * @param warnings          notes (legacy set, column mapping, collection id remapping…)
 * @param duration          seconds
 * @param commitOutcome     what became of the restore's transaction
 * @param collections       per collection, for a restore of chosen collections (empty otherwise)
 */
public record RestoreReport(boolean restorePerformed, boolean replace, String location, String timestamp,
        String backupDate, boolean legacy, List<TableRestore> tables, Map<String, TruncateResult> truncateResults,
        List<String> errors, List<String> warnings, double duration, CommitOutcome commitOutcome,
        List<CollectionRestore> collections) {

    /** A restore of every collection. */
    public RestoreReport(boolean restorePerformed, boolean replace, String location, String timestamp,
            String backupDate, boolean legacy, List<TableRestore> tables, Map<String, TruncateResult> truncateResults,
            List<String> errors, List<String> warnings, double duration, CommitOutcome commitOutcome) {
        this(restorePerformed, replace, location, timestamp, backupDate, legacy, tables, truncateResults, errors,
                warnings, duration, commitOutcome, List.of());
    }

    /**
     * One collection of a restore of chosen collections.
     *
     * @param name               the collection
     * @param embeddingsInserted its embedding rows this restore added
     * @param embeddingsRemoved  its embedding rows removed first (replace)
     */
    public record CollectionRestore(String name, long embeddingsInserted, long embeddingsRemoved) {
    }

    public RestoreReport {
        collections = collections == null ? List.of() : List.copyOf(collections);
        tables = List.copyOf(tables);
        truncateResults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(truncateResults));
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /**
     * One table's restore.
     *
     * @param table        table name
     * @param sourceFile   CSV file name
     * @param fileBytes    size of the file
     * @param rowsInFile   CSV records read
     * @param rowsInserted rows this restore added
     * @param rowsSkipped  rows not added because their key already existed (append mode)
     * @param duration     seconds
     */
    public record TableRestore(String table, String sourceFile, long fileBytes, long rowsInFile, long rowsInserted,
            long rowsSkipped, double duration) {

    }

    public boolean success() {
        return errors.isEmpty();
    }

    /** How it ended: ok, failed (rolled back), or commit outcome unknown. */
    public ResultKind kind() {
        return ResultKind.of(success(), commitOutcome == CommitOutcome.UNKNOWN);
    }

}
