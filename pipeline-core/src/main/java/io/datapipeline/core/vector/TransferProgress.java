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

    /** {@code bytes} more units of {@code table} went through (bytes for tables, items for embeddings). */
    default void transferred(String table, long bytes) throws IOException {
    }

    /**
     * The bytes themselves went through (uncompressed CSV of a table); by default only their count is reported. A
     * receiver that wants to count rows overrides this. Other formats report {@link #transferred} and
     * {@link #rows} instead.
     */
    default void chunk(String table, byte[] data, int offset, int length) throws IOException {
        transferred(table, length);
    }

    /** {@code rows} rows of {@code table} went through so far (formats whose bytes a receiver cannot count). */
    default void rows(String table, long rows) {
    }

    /**
     * A point where the operation may be stopped (between its phases, and before it commits); throwing aborts it and
     * rolls it back, as from {@link #transferred}.
     */
    default void checkpoint(String what) throws IOException {
    }

    /** A table's transfer ended with {@code rows} rows. */
    default void finished(String table, long rows, long bytes) {
    }
}
