package io.datapipeline.core.vector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One backup set in a listing, in the original's shape (§6.10) plus what the manifest says.
 *
 * @param timestamp      the set's stamp
 * @param collectionFile collection CSV file name
 * @param embeddingFile  embedding CSV file name
 * @param collectionSize collection CSV size in bytes
 * @param embeddingSize  embedding CSV size in bytes
 * @param backupDate     {@code YYYY-MM-DD HH:MM:SS}
 * @param logFile        this set's log file name, or {@code null}
 * @param manifestFile   this set's manifest file name, or {@code null} for a set made by the original tool
 * @param rowCounts      rows per table from the manifest (empty without one)
 * @param taskId         task id recorded in the manifest, or {@code null}
 * @param truncated      whether the manifest says the backup was followed by a truncate
 */
public record BackupSetInfo(String timestamp, String collectionFile, String embeddingFile, long collectionSize,
        long embeddingSize, String backupDate, String logFile, String manifestFile, Map<String, Long> rowCounts,
        String taskId, boolean truncated) {

    public BackupSetInfo {
        rowCounts = Map.copyOf(rowCounts);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", timestamp);
        m.put("collection_file", collectionFile);
        m.put("embedding_file", embeddingFile);
        m.put("collection_size", Sizes.human(collectionSize));
        m.put("embedding_size", Sizes.human(embeddingSize));
        m.put("backup_date", backupDate);
        m.put("has_log", logFile != null);
        m.put("log_file", logFile);
        m.put("has_manifest", manifestFile != null);
        m.put("manifest_file", manifestFile);
        m.put("legacy", manifestFile == null);
        m.put("collection_size_bytes", collectionSize);
        m.put("embedding_size_bytes", embeddingSize);
        if (manifestFile != null) {
            m.put("row_counts", new LinkedHashMap<>(rowCounts));
            m.put("task_id", taskId);
            m.put("truncated_after_backup", truncated);
        }
        return m;
    }
}
