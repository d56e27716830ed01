package io.datapipeline.core.vector;

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
        tablesBackedUp = Map.copyOf(tablesBackedUp);
        truncateResults = Map.copyOf(truncateResults);
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

    /**
     * The JSON-ready map in the seed's field order. When nothing was requested it is exactly
     * {@code {backup_performed: false, truncate_performed: false}} as in the original.
     */
    public Map<String, Object> toMap(List<String> tableOrder) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backup_performed", backupPerformed);
        m.put("truncate_performed", truncatePerformed);
        if (backupDirectory == null && errors.isEmpty() && tablesBackedUp.isEmpty()) {
            return m;
        }
        Map<String, Object> tables = new LinkedHashMap<>();
        for (String table : tableOrder) {
            TableBackupResult r = tablesBackedUp.get(table);
            if (r != null) {
                tables.put(table, r.toMap());
            }
        }
        m.put("tables_backed_up", tables);
        Map<String, Object> truncates = new LinkedHashMap<>();
        for (String table : tableOrder) {
            TruncateResult r = truncateResults.get(table);
            if (r != null) {
                truncates.put(table, r.toMap());
            }
        }
        m.put("truncate_results", truncates);
        m.put("errors", errors);
        if (!warnings.isEmpty()) {
            m.put("warnings", warnings);
        }
        m.put("duration", Sizes.round(duration));
        m.put("backup_directory", backupDirectory);
        m.put("manifest_file", manifestFile);
        m.put("backup_timestamp", timestamp);
        m.put("commit_outcome", commitOutcome == null ? null : commitOutcome.wire());
        if (truncateScope != null) {
            m.put("truncate_scope", truncateScope);
        }
        return m;
    }
}
