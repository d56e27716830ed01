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

    /**
     * Streams the table as CSV with a header ({@code COPY (SELECT cols) TO STDOUT WITH (FORMAT csv, HEADER)}):
     * the bytes PostgreSQL sends, unchanged.
     *
     * @return rows written, as counted by PostgreSQL
     */
    long exportCsv(TableName table, List<String> columns, OutputStream out) throws IOException;

    /** Distinct dimensions of a vector column and how many rows have each (NULLs not counted). */
    Map<Integer, Long> vectorDimensions(TableName table, String column);

    /** Empties the tables in one statement. Needs a snapshot with writers blocked, or a write transaction. */
    void truncate(List<TableName> tables);

    /**
     * Loads CSV (first line a header, which is skipped) into the named columns with
     * {@code COPY ... FROM STDIN}; any bad row fails the whole transaction.
     *
     * @return rows loaded
     */
    long importCsv(TableName table, List<String> columns, CsvBody body) throws IOException;

    /**
     * Loads CSV like {@link #importCsv} into a staging copy, then adds only rows whose keys are new.
     * Collection ids can be remapped on the way in (see {@link AppendOptions}).
     */
    AppendResult appendCsv(TableName table, List<String> columns, CsvBody body, AppendOptions options) throws IOException;

    /** Produces CSV bytes into a COPY stream. */
    @FunctionalInterface
    interface CsvBody {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Server facts for a backup manifest: {@code server_version}, {@code pgvector_version}, {@code database}.
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
     * @param staged   rows read from the CSV
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
