package io.datapipeline.core.vector;

import java.io.IOException;

/**
 * Receives progress of a backup or restore while bytes stream, e.g. to draw a progress bar. Called on
 * the thread doing the transfer; keep it cheap. Throwing aborts the operation (and rolls it back), which
 * is also how tests inject a failure halfway through a transfer.
 */
public interface TransferProgress {

    /** Ignores everything. */
    TransferProgress NONE = new TransferProgress() {
    };

    /**
     * A table's transfer starts.
     *
     * @param table         display name
     * @param estimatedRows the planner's estimate (or the manifest's count on restore), {@code -1} if unknown
     * @param expectedBytes bytes expected (restore: the file size), {@code -1} if unknown
     */
    default void started(String table, long estimatedRows, long expectedBytes) {
    }

    /** {@code bytes} more bytes of {@code table} went through. */
    default void transferred(String table, long bytes) throws IOException {
    }

    /** A table's transfer ended with {@code rows} rows. */
    default void finished(String table, long rows, long bytes) {
    }
}
