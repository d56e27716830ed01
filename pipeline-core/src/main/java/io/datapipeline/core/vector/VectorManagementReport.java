package io.datapipeline.core.vector;

import io.datapipeline.core.domain.ResultKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code vector_management} object of the seed (§4): what a backup, with or without truncate, did.
 *
 * @param backupPerformed   a complete backup set was written
 * @param truncatePerformed the truncate scope was emptied (only ever together with a complete backup)
 * @param tablesBackedUp    per table, in foreign-key order
 * @param truncateResults   per truncated table
 * @param errors            what went wrong; empty on success
 * @param warnings          notes that did not stop the operation
 * @param duration          seconds for the whole operation
 * @param backupDirectory   absolute path of the set's folder, or {@code null} when nothing was attempted
 * @param manifestFile      the set's manifest file name, or {@code null}
 * @param timestamp         the set's timestamp, or {@code null}
 * @param commitOutcome     what became of the transaction, or {@code null} when nothing was attempted
 * @param truncateScope     which rows a truncate removes ({@code table}, {@code loaded_collections}), or {@code null}
 */
public record VectorManagementReport(
        boolean backupPerformed,
        boolean truncatePerformed,
        Map<String, TableBackupResult> tablesBackedUp,
        Map<String, TruncateResult> truncateResults,
        List<String> errors,
        List<String> warnings,
        double duration,
        String backupDirectory,
        String manifestFile,
        String timestamp,
        CommitOutcome commitOutcome,
        String truncateScope) {

    public VectorManagementReport {
        // in foreign-key order, as the operation added them: the report lists the tables in that order
        tablesBackedUp = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tablesBackedUp));
        truncateResults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(truncateResults));
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** Nothing was requested: the seed's two-field object. */
    public static VectorManagementReport notRequested() {
        return new VectorManagementReport(false, false, Map.of(), Map.of(), List.of(), List.of(), 0, null, null, null, null,
                null);
    }

    /** True when everything requested happened. */
    public boolean success() {
        return errors.isEmpty();
    }

    /** How it ended: ok, failed (rolled back), or commit outcome unknown. */
    public ResultKind kind() {
        return ResultKind.of(success(), commitOutcome == CommitOutcome.UNKNOWN);
    }

}
