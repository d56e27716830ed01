package io.datapipeline.wire;

import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.DedupeReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.Sizes;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VerifyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The wire shapes of vector-table management: the seed's {@code vector_management} (§4) and the original's listing. */
public final class VectorShapes {

    private VectorShapes() {
    }

    /**
     * The {@code vector_management} object in the seed's field order. When nothing was requested it is exactly
     * {@code {backup_performed: false, truncate_performed: false}} as in the original.
     */
    public static Map<String, Object> vectorManagement(VectorManagementReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backup_performed", r.backupPerformed());
        m.put("truncate_performed", r.truncatePerformed());
        if (r.backupDirectory() == null && r.errors().isEmpty() && r.tablesBackedUp().isEmpty()) {
            return m;
        }
        Map<String, Object> tables = new LinkedHashMap<>();
        r.tablesBackedUp().forEach((t, b) -> tables.put(t, tableBackup(b)));
        m.put("tables_backed_up", tables);
        Map<String, Object> truncates = new LinkedHashMap<>();
        r.truncateResults().forEach((t, tr) -> truncates.put(t, truncate(tr)));
        m.put("truncate_results", truncates);
        m.put("errors", r.errors());
        if (!r.warnings().isEmpty()) {
            m.put("warnings", r.warnings());
        }
        m.put("duration", Sizes.round(r.duration()));
        m.put("backup_directory", r.backupDirectory());
        m.put("manifest_file", r.manifestFile());
        m.put("backup_timestamp", r.timestamp());
        m.put("commit_outcome", r.commitOutcome() == null ? null : r.commitOutcome().wire());
        if (r.truncateScope() != null) {
            m.put("truncate_scope", r.truncateScope());
        }
        return m;
    }

    /** One table's entry of {@code tables_backed_up} ({@code file_size} human-readable, plus {@code file_size_bytes}). */
    public static Map<String, Object> tableBackup(TableBackupResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", r.success());
        if (r.success()) {
            m.put("row_count", r.rowCount());
            m.put("file_size", Sizes.human(r.fileBytes()));
            m.put("file_size_bytes", r.fileBytes());
            m.put("backup_file", r.backupFile());
            m.put("backup_path", r.backupPath());
            m.put("duration", Sizes.round(r.duration()));
            m.put("sha256", r.sha256());
        } else {
            m.put("error", r.error());
            m.put("duration", Sizes.round(r.duration()));
        }
        return m;
    }

    public static Map<String, Object> truncate(TruncateResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", r.success());
        if (r.success()) {
            m.put("rows_before", r.rowsBefore());
            m.put("rows_after", r.rowsAfter());
        } else {
            m.put("error", r.error());
        }
        m.put("duration", Sizes.round(r.duration()));
        return m;
    }

    public static Map<String, Object> restore(RestoreReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("restore_performed", r.restorePerformed());
        m.put("truncate_performed", r.replace() && r.restorePerformed());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("location", r.location());
        info.put("timestamp", r.timestamp());
        info.put("backup_date", r.backupDate());
        info.put("legacy", r.legacy());
        m.put("backup_info", info);
        Map<String, Object> t = new LinkedHashMap<>();
        for (RestoreReport.TableRestore tr : r.tables()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("success", true);
            tm.put("source_file", tr.sourceFile());
            tm.put("file_size", Sizes.human(tr.fileBytes()));
            tm.put("rows_in_file", tr.rowsInFile());
            tm.put("rows_inserted", tr.rowsInserted());
            tm.put("rows_skipped", tr.rowsSkipped());
            tm.put("duration", Sizes.round(tr.duration()));
            t.put(tr.table(), tm);
        }
        m.put("restore_results", t);
        if (!r.collections().isEmpty()) {
            Map<String, Object> cs = new LinkedHashMap<>();
            for (RestoreReport.CollectionRestore c : r.collections()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("embeddings_inserted", c.embeddingsInserted());
                if (r.replace()) {
                    cm.put("embeddings_removed", c.embeddingsRemoved());
                }
                cs.put(c.name(), cm);
            }
            m.put("collection_results", cs);
        }
        Map<String, Object> truncates = new LinkedHashMap<>();
        r.truncateResults().forEach((k, v) -> truncates.put(k, truncate(v)));
        m.put("truncate_results", truncates);
        m.put("errors", r.errors());
        m.put("warnings", r.warnings());
        m.put("duration", Sizes.round(r.duration()));
        m.put("commit_outcome", r.commitOutcome() == null ? null : r.commitOutcome().wire());
        return m;
    }

    public static Map<String, Object> verify(VerifyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verified", r.ok());
        m.put("legacy", r.legacy());
        m.put("summary", r.summary());
        m.put("location", r.location());
        m.put("backup_timestamp", r.timestamp());
        m.put("manifest_file", r.manifestFile());
        Map<String, Object> t = new LinkedHashMap<>();
        for (VerifyReport.TableCheck c : r.tables()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("file", c.file());
            cm.put("ok", c.ok());
            cm.put("expected_bytes", c.expectedBytes());
            cm.put("actual_bytes", c.actualBytes());
            cm.put("expected_sha256", c.expectedSha256());
            cm.put("actual_sha256", c.actualSha256());
            cm.put("expected_rows", c.expectedRows());
            cm.put("actual_rows", c.actualRows());
            cm.put("header_matches", c.headerMatches());
            t.put(c.table(), cm);
        }
        m.put("tables", t);
        m.put("problems", r.problems());
        m.put("warnings", r.warnings());
        if (r.restoreTest() != null) {
            VerifyReport.RestoreTest d = r.restoreTest();
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("restorable", d.restorable());
            dm.put("reason", d.reason());
            Map<String, Object> dt = new LinkedHashMap<>();
            for (VerifyReport.TableDrill td : d.tables()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("ok", td.matches());
                tm.put("rows_loaded", td.rowsLoaded());
                tm.put("expected_rows", td.expectedRows());
                tm.put("content_sha256", td.contentSha256());
                tm.put("expected_content_sha256", td.expectedContentSha256());
                dt.put(td.table(), tm);
            }
            dm.put("tables", dt);
            dm.put("duration", Sizes.round(d.duration()));
            m.put("restore_test", dm);
        }
        return m;
    }

    /** {@code {applied, deleted|would_delete: [...], kept: [...], bytes, ...}}. */
    public static Map<String, Object> prune(io.datapipeline.core.vector.PruneReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", r.applied());
        List<Object> selected = new ArrayList<>();
        r.selected().forEach(e -> selected.add(pruneEntry(e)));
        m.put(r.applied() ? "deleted" : "would_delete", selected);
        List<Object> kept = new ArrayList<>();
        r.kept().forEach(e -> kept.add(pruneEntry(e)));
        m.put("kept", kept);
        m.put(r.applied() ? "bytes_freed" : "bytes_to_free", r.bytes());
        m.put(r.applied() ? "size_freed" : "size_to_free", Sizes.human(r.bytes()));
        m.put("skipped_locations", r.skipped());
        m.put("errors", r.errors());
        return m;
    }

    private static Map<String, Object> pruneEntry(io.datapipeline.core.vector.PruneReport.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", e.location());
        m.put("timestamp", e.timestamp());
        m.put("state", e.state().wire());
        m.put("bytes", e.bytes());
        m.put("reason", e.reason());
        return m;
    }

    /** {@code {backup_locations: [...], summary: {...}}}. */
    public static Map<String, Object> listing(BackupListing listing) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> locs = new ArrayList<>();
        for (BackupListing.Location l : listing.locations()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("type", l.type());
            if (l.taskId() != null) {
                lm.put("task_id", l.taskId());
            }
            lm.put("relative_path", l.relativePath());
            List<Object> sets = new ArrayList<>();
            for (BackupSetInfo set : l.backups()) {
                sets.add(set(set));
            }
            lm.put("backups", sets);
            locs.add(lm);
        }
        m.put("backup_locations", locs);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_locations", listing.locations().size());
        summary.put("total_backup_sets", listing.totalBackupSets());
        summary.put("global_backups", listing.locations().stream().filter(l -> l.type().equals("global"))
                .mapToInt(l -> l.backups().size()).sum());
        summary.put("task_backups", listing.locations().stream().filter(l -> l.type().equals("task"))
                .mapToInt(l -> l.backups().size()).sum());
        summary.put("scan_time", listing.scanTime());
        m.put("summary", summary);
        return m;
    }

    /** One backup set in a listing, in the original's shape (§6.10) plus its state and what the manifest says. */
    public static Map<String, Object> set(BackupSetInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", s.timestamp());
        m.put("state", s.state().wire());
        if (s.stateReason() != null) {
            m.put("state_reason", s.stateReason());
        }
        m.put("collection_file", s.collectionFile());
        m.put("embedding_file", s.embeddingFile());
        m.put("collection_size", Sizes.human(s.collectionSize()));
        m.put("embedding_size", Sizes.human(s.embeddingSize()));
        m.put("backup_date", s.backupDate());
        m.put("has_log", s.logFile() != null);
        m.put("log_file", s.logFile());
        m.put("has_manifest", s.manifestFile() != null);
        m.put("manifest_file", s.manifestFile());
        m.put("legacy", s.manifestFile() == null);
        m.put("collection_size_bytes", s.collectionSize());
        m.put("embedding_size_bytes", s.embeddingSize());
        m.put("format", s.encoding().format().wire());
        m.put("compression", s.encoding().compression().wire());
        if (s.manifestFile() != null) {
            if (s.instance() != null) {
                m.put("instance", s.instance());
            }
            if (s.scheduleSlot() != null) {
                m.put("schedule_slot", s.scheduleSlot());
            }
            m.put("row_counts", new LinkedHashMap<>(s.rowCounts()));
            m.put("task_id", s.taskId());
            m.put("truncated_after_backup", s.truncated());
            m.put("commit_outcome", s.commitOutcome() == null ? null : s.commitOutcome().wire());
            m.put("operation", s.operation());
            if (s.executionId() != null) {
                m.put("execution_id", s.executionId());
            }
            if (!s.collections().isEmpty()) {
                List<Object> cs = new ArrayList<>();
                for (BackupSetInfo.CollectionSummary c : s.collections()) {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    cm.put("name", c.name());
                    cm.put("rows", c.rows());
                    Map<String, Object> dims = new LinkedHashMap<>();
                    c.dimensions().forEach((d, n) -> dims.put(String.valueOf(d), n));
                    cm.put("dimensions", dims);
                    cm.put("embedding_model", c.embedding() == null ? null : c.embedding().describe());
                    cs.add(cm);
                }
                m.put("collections", cs);
            }
        }
        return m;
    }

    public static Map<String, Object> dedupe(DedupeReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", r.applied());
        m.put("duplicates", new TreeMap<>(r.duplicates()));
        m.put("total_duplicates", r.total());
        m.put("backup", r.backup() == null ? null : vectorManagement(r.backup()));
        m.put("commit_outcome", r.outcome() == null ? null : r.outcome().wire());
        m.put("error", r.error());
        return m;
    }
}
