package io.datapipeline.vectoradmin.port;

import io.datapipeline.core.domain.TableName;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operations available inside one transaction of a {@link VectorStoreSession}. */
public interface VectorTransaction {

    /** The LangChain meaning of this transaction's tables: collections, provenance, training rows. */
    LangChainTables langchain();


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
     * Empties the tables like {@link #truncate}, but asks for the exclusive lock once and waits for it (up to the
     * writer wait): new readers queue behind the request, which is what an exclusive restore accepts anyway, and
     * the server cancels an autovacuum that holds one of the tables (or their TOAST tables) instead of the
     * truncate having to outwait it. Write transactions only.
     */
    default void truncateWaiting(List<TableName> tables) {
        truncate(tables);
    }

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

    /**
     * Loads a stream whose columns are not (all) the table's own (another LangChain generation, other types, a
     * binary set) through a staging table with the stream's own column types, then inserts the mapped rows. With
     * {@code filter}, only the staged rows whose filter column holds one of its values are kept (before any
     * remap). Collection ids are remapped and natural keys reported as for {@link #append}.
     *
     * @param streamColumns the stream's columns with their PostgreSQL types, in stream order
     * @param mapping       one entry per target column to fill
     * @param skipExisting  rows whose keys exist are skipped ({@code ON CONFLICT DO NOTHING}); else a duplicate key
     *                      fails the transaction
     */
    AppendResult loadMapped(TableName table, List<TableShape.Column> streamColumns, CopyFormat format,
            RowSource body, List<ColumnMapping> mapping, RowFilter filter, AppendOptions options, boolean skipExisting)
            throws IOException;

    /**
     * Deletes the rows whose {@code column} (compared as text) holds one of {@code values}; readers keep seeing
     * them until commit. Write transactions only.
     *
     * @return rows deleted
     */
    long deleteMatching(TableName table, String column, java.util.Collection<String> values);

    /**
     * Creates an empty table with these columns in a scratch schema that exists only inside this transaction
     * (for a restore drill, whose transaction always rolls back). The live tables are never touched.
     */
    TableName createScratchTable(String name, List<TableShape.Column> columns);

    /**
     * How a target column is filled from the staged stream.
     *
     * @param target     the table's column
     * @param conversion how
     * @param sources    the stream columns it reads (one, or two for {@link Conversion#ID_FROM_CUSTOM_ID_OR_UUID}:
     *                   custom_id then uuid)
     */
    record ColumnMapping(String target, Conversion conversion, List<String> sources) {
        public ColumnMapping {
            sources = List.copyOf(sources);
        }

        public static ColumnMapping same(String column) {
            return new ColumnMapping(column, Conversion.SAME, List.of(column));
        }
    }

    /** Conversions a restore may apply; anything else is refused before the load starts. */
    enum Conversion {
        /** The same type: copied. */
        SAME,
        /** A compatible type ({@code json}/{@code jsonb}, {@code text}/{@code varchar}, {@code vector(n)}/{@code vector}): cast. */
        CAST,
        /** G1 to G2: {@code id} from {@code custom_id} when not empty, else from {@code uuid}. */
        ID_FROM_CUSTOM_ID_OR_UUID,
        /** G2 to G1: {@code uuid} from {@code id} when it is a UUID, else its name-based (v3, MD5) UUID. */
        UUID_FROM_ID
    }

    /**
     * Keeps only rows whose {@code column} (as text) is one of {@code values}.
     *
     * @param column a stream column
     * @param values accepted values
     */
    record RowFilter(String column, java.util.Set<String> values) {
        public RowFilter {
            values = java.util.Set.copyOf(values);
        }
    }

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
     * @param matched  staged rows that passed the row filter ({@code staged} without one)
     * @param insertedByFilterValue rows added per value of the filter column (empty without a filter)
     */
    record AppendResult(long staged, long inserted, Map<String, String> remapped, long matched,
            Map<String, Long> insertedByFilterValue) {

        public AppendResult {
            remapped = Map.copyOf(remapped);
            insertedByFilterValue = Map.copyOf(insertedByFilterValue);
        }

        /** Without a row filter. */
        public AppendResult(long staged, long inserted, Map<String, String> remapped) {
            this(staged, inserted, remapped, staged, Map.of());
        }

        public long skipped() {
            return matched - inserted;
        }
    }
}
