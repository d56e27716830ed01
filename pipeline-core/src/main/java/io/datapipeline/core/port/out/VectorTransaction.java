package io.datapipeline.core.port.out;

import io.datapipeline.core.domain.TableName;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operations available inside one transaction of a {@link VectorStoreSession}. */
public interface VectorTransaction {

    /** Columns, key and estimate of a table, or empty when it does not exist. */
    Optional<TableShape> describe(TableName table);

    /** Exact row count in this transaction's snapshot. */
    long count(TableName table);

    /** This transaction's id when it may write ({@link TransactionMode#WRITE}); empty when read-only. */
    Optional<String> transactionId();

    /**
     * Streams the named columns of a table in the given format: the bytes PostgreSQL sends, unchanged.
     *
     * @return rows written, as counted by the database
     */
    long export(TableName table, List<String> columns, CopyFormat format, OutputStream out) throws IOException;

    /** Distinct dimensions of a vector column and how many rows have each (NULLs not counted). */
    Map<Integer, Long> vectorDimensions(TableName table, String column);

    /**
     * Empties the tables in one statement. The exclusive lock this needs is asked for with short waits and
     * retried, so readers are never queued behind the request for more than about half a second at a time; the
     * total wait is the store's writer wait. Write transactions only.
     */
    void truncate(List<TableName> tables);

    /**
     * Deletes every row of a table (a {@code DELETE}, not a {@code TRUNCATE}): readers keep seeing the old rows
     * until commit and are never blocked. Write transactions only.
     *
     * @return rows deleted
     */
    long deleteAll(TableName table);

    /**
     * Loads rows in the given format into the named columns with {@code COPY ... FROM STDIN}; any bad row fails
     * the whole transaction.
     *
     * @return rows loaded
     */
    long load(TableName table, List<String> columns, CopyFormat format, RowSource body) throws IOException;

    /**
     * Loads rows like {@link #load} into a staging copy, then adds only rows whose keys are new. Collection ids
     * can be remapped on the way in (see {@link AppendOptions}).
     */
    AppendResult append(TableName table, List<String> columns, CopyFormat format, RowSource body, AppendOptions options)
            throws IOException;

    /** Produces the bytes of a COPY stream. */
    @FunctionalInterface
    interface RowSource {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Server facts for a backup manifest: {@code server_version}, {@code pgvector_version}, {@code database}, and
     * {@code system_identifier} (the cluster's identity, see {@link VectorTableStore#clusterId()}).
     */
    Map<String, String> describeServer();

    /**
     * How to append.
     *
     * @param remapColumn      a uuid column whose values are translated through {@code remap} first, or {@code null}
     * @param remap            old value to new value
     * @param naturalKeyColumn a unique column (the collection {@code name}) used to report staged rows that
     *                         match an existing row under another key, or {@code null}
     */
    record AppendOptions(String remapColumn, Map<String, String> remap, String naturalKeyColumn) {

        public static final AppendOptions NONE = new AppendOptions(null, Map.of(), null);

        public AppendOptions {
            remap = Map.copyOf(remap);
        }
    }

    /**
     * Outcome of an append.
     *
     * @param staged   rows read from the stream
     * @param inserted rows added
     * @param remapped staged key to the existing row's key, for rows matched by the natural key
     */
    record AppendResult(long staged, long inserted, Map<String, String> remapped) {

        public AppendResult {
            remapped = Map.copyOf(remapped);
        }

        public long skipped() {
            return staged - inserted;
        }
    }
}
