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

    /** A set's listing built by what its facts are, instead of 20 positional values. */
    public static Builder builder(String timestamp, String backupDate) {
        return new Builder(timestamp, backupDate);
    }

    /** Builds a {@link BackupSetInfo}; what is not given is absent ({@code null}, empty, false). */
    public static final class Builder {
        private final String timestamp;
        private final String backupDate;
        private String collectionFile;
        private String embeddingFile;
        private long collectionSize;
        private long embeddingSize;
        private String logFile;
        private String manifestFile;
        private Map<String, Long> rowCounts = Map.of();
        private String taskId;
        private boolean truncated;
        private BackupSetState state;
        private String stateReason;
        private CommitOutcome commitOutcome;
        private String operation;
        private String executionId;
        private List<CollectionSummary> collections = List.of();
        private io.datapipeline.core.domain.BackupEncoding encoding;
        private String instance;
        private String scheduleSlot;

        private Builder(String timestamp, String backupDate) {
            this.timestamp = timestamp;
            this.backupDate = backupDate;
        }

        /** The two data files and their sizes, and the set's human log, if any. */
        public Builder files(String collection, long collectionBytes, String embedding, long embeddingBytes,
                String log) {
            this.collectionFile = collection;
            this.collectionSize = collectionBytes;
            this.embeddingFile = embedding;
            this.embeddingSize = embeddingBytes;
            this.logFile = log;
            return this;
        }

        /** Its state and what became of its transaction (whether that committed a truncate). */
        public Builder state(BackupSetState s, String reason, CommitOutcome outcome, boolean truncatedRows) {
            this.state = s;
            this.stateReason = reason;
            this.commitOutcome = outcome;
            this.truncated = truncatedRows;
            return this;
        }

        /** What its manifest says: the file, rows per table and per collection, the encoding. */
        public Builder content(String manifest, Map<String, Long> rows, List<CollectionSummary> held,
                io.datapipeline.core.domain.BackupEncoding enc) {
            this.manifestFile = manifest;
            this.rowCounts = rows;
            this.collections = held;
            this.encoding = enc;
            return this;
        }

        /** Who took it: the task and execution, the operation, the process and a schedule's slot. */
        public Builder origin(String task, String execution, String op, String process, String slot) {
            this.taskId = task;
            this.executionId = execution;
            this.operation = op;
            this.instance = process;
            this.scheduleSlot = slot;
            return this;
        }

        public BackupSetInfo build() {
            return new BackupSetInfo(timestamp, collectionFile, embeddingFile, collectionSize, embeddingSize,
                    backupDate, logFile, manifestFile, rowCounts, taskId, truncated, state, stateReason, commitOutcome,
                    operation, executionId, collections, encoding, instance, scheduleSlot);
        }
    }

}
