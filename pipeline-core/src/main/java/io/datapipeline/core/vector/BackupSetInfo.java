package io.datapipeline.core.vector;

import java.util.List;
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
 * @param truncated      whether the set's transaction committed a truncate of the tables it backed up
 * @param state          complete, incomplete or damaged
 * @param stateReason    why it is not complete, or {@code null}
 * @param commitOutcome  what became of the set's transaction ({@code null} for sets without a manifest)
 * @param operation      {@code backup}, {@code backup_truncate}, {@code reload}, {@code dedupe}, or {@code null}
 * @param executionId    the task execution that took it, or {@code null}
 * @param collections    per collection: rows, dimensions and embedding model, from the manifest (may be empty)
 * @param encoding       the data files' format and compression
 * @param instance       the process that took the set, from the manifest, or {@code null}
 * @param scheduleSlot   the schedule slot of a scheduled backup, or {@code null}
 */
public record BackupSetInfo(String timestamp, String collectionFile, String embeddingFile, long collectionSize,
        long embeddingSize, String backupDate, String logFile, String manifestFile, Map<String, Long> rowCounts,
        String taskId, boolean truncated, BackupSetState state, String stateReason, CommitOutcome commitOutcome,
        String operation, String executionId, List<CollectionSummary> collections,
        io.datapipeline.core.domain.BackupEncoding encoding, String instance, String scheduleSlot) {

    /**
     * One collection of a set.
     *
     * @param name       collection name
     * @param rows       embedding rows
     * @param dimensions dimension to row count
     * @param embedding  recorded embedding model, or {@code null}
     */
    public record CollectionSummary(String name, long rows, Map<Integer, Long> dimensions,
            EmbeddingProvenance embedding) {
        public CollectionSummary {
            dimensions = new java.util.TreeMap<>(dimensions);
        }
    }

    public boolean complete() {
        return state == BackupSetState.COMPLETE;
    }

    /** Bytes of its data files. */
    public long bytes() {
        return collectionSize + embeddingSize;
    }

    public BackupSetInfo {
        encoding = encoding == null ? io.datapipeline.core.domain.BackupEncoding.CSV : encoding;
        rowCounts = Map.copyOf(rowCounts);
        collections = List.copyOf(collections);
    }

}
