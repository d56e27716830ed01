package io.datapipeline.vectoradmin.sets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a backup set, {@code manifest_<ts>.json}: what was backed up, from where, and the facts that
 * verification and restore check (bytes, sha256, rows, columns), plus per collection the rows, dimensions and
 * embedding model. It is written, durably, before anything is removed from the store, and it describes the
 * data and the intent only: whether a truncate happened is recorded after the commit, in the outcome file.
 *
 * @param format            {@value #FORMAT} ({@code /1} sets were written by earlier versions)
 * @param timestamp         the set's stamp
 * @param taskId            the task, or {@code null} for a global set
 * @param executionId       the task execution that took it, or {@code null}
 * @param location          {@code global} or {@code task}
 * @param operation         {@code backup}, {@code backup_truncate}, {@code reload} or {@code dedupe}
 * @param createdAt         ISO-8601 start
 * @param completedAt       ISO-8601 end of the export (before commit)
 * @param durationSeconds   export duration
 * @param database          source database, {@code postgresql://user@host:port/db}, never a password
 * @param server            {@code server_version}, {@code pgvector_version}, {@code database}
 * @param transactionId     id of the transaction the set belongs to when it writes, else {@code null}
 * @param truncateRequested the transaction is to remove rows after the export
 * @param truncateScope     {@code table} or {@code loaded_collections} when a truncate is requested
 * @param truncateTables    tables whose rows the truncate removes
 * @param consistency       how the snapshot was taken
 * @param langchainSchema   detected LangChain schema generation
 * @param tables            one entry per table, in foreign-key order
 * @param collections       one entry per collection
 * @param truncated         format {@code /1} only: the truncate flag of earlier versions
 * @param dataFormat        {@code csv} or {@code binary} ({@code null} in older manifests: csv)
 * @param compression       {@code none} or {@code zstd} ({@code null} in older manifests: none)
 * @param instance          the process that took the set ({@code PIPELINE_INSTANCE_ID}, else host and pid)
 * @param scheduleSlot      for a scheduled backup, the slot (ISO-8601) it was taken for, else {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String format, String timestamp, String taskId, String executionId, String location, String operation,
        String createdAt, String completedAt, double durationSeconds, String database, Map<String, String> server,
        String transactionId, boolean truncateRequested, String truncateScope, List<String> truncateTables,
        String consistency, String langchainSchema, List<TableEntry> tables, List<CollectionEntry> collections,
        Boolean truncated, String dataFormat, String compression, String instance, String scheduleSlot) {

    static final String FORMAT = "data-pipeline-vector-backup/2";
    static final String FORMAT_V1 = "data-pipeline-vector-backup/1";

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One table of the set.
     *
     * @param table            table name
     * @param file             file name
     * @param bytes            file size
     * @param sha256           hex SHA-256 of the file
     * @param rows             rows exported
     * @param columns          columns in file order, with types
     * @param primaryKey       primary-key columns
     * @param vectorDimensions per vector column: dimension to row count
     * @param contentSha256    hex SHA-256 of the COPY stream itself (before compression), or {@code null} in older
     *                         manifests (then {@code sha256}, as their files are uncompressed)
     * @param contentBytes     bytes of the COPY stream, or {@code null} in older manifests
     */
    public record TableEntry(String table, String file, long bytes, String sha256, long rows, List<ColumnEntry> columns,
            List<String> primaryKey, Map<String, Map<Integer, Long>> vectorDimensions, String contentSha256,
            Long contentBytes) {

        /** The digest of the COPY stream: recorded, or the file's own for older (uncompressed) sets. */
        public String streamSha256() {
            return contentSha256 != null ? contentSha256 : sha256;
        }
    }

    /**
     * A column.
     *
     * @param name    name
     * @param type    PostgreSQL type
     * @param notNull NOT NULL
     */
    public record ColumnEntry(String name, String type, boolean notNull) {
    }

    /**
     * A collection at the time of the snapshot.
     *
     * @param name       collection name
     * @param uuid       its uuid
     * @param rows       embedding rows
     * @param dimensions dimension to row count
     * @param embedding  the recorded embedding model, or {@code null}
     */
    public record CollectionEntry(String name, String uuid, long rows, Map<Integer, Long> dimensions,
            EmbeddingProvenance embedding) {
    }

    /** The data files' encoding; older manifests wrote uncompressed CSV. */
    public BackupEncoding encoding() {
        return new BackupEncoding(dataFormat == null ? BackupFormat.CSV : BackupFormat.fromWire(dataFormat, "data_format"),
                compression == null ? Compression.NONE : Compression.fromWire(compression, "compression"));
    }

    boolean isV1() {
        return FORMAT_V1.equals(format);
    }

    /** True when a rollback of the set's transaction makes the set worthless (it is deleted then). */
    boolean discardOnRollback() {
        return !"reload".equals(operation);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads and checks a manifest against the set it belongs to.
     *
     * @throws IOException naming what is wrong: unreadable, not a manifest, another stamp, missing facts
     */
    public static Manifest read(Path file, BackupTimestamp ts) throws IOException {
        Manifest m;
        try {
            m = JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new IOException("unreadable: " + firstLine(e.getMessage()), e);
        }
        if (m == null || m.format() == null || !(m.format().equals(FORMAT) || m.format().equals(FORMAT_V1))) {
            throw new IOException("not a backup manifest of this tool (format " + (m == null ? null : m.format()) + ")");
        }
        if (!ts.value().equals(m.timestamp())) {
            throw new IOException("it belongs to set " + m.timestamp() + ", not " + ts.value());
        }
        if (m.tables() == null || m.tables().isEmpty()) {
            throw new IOException("it lists no tables");
        }
        BackupEncoding encoding;
        try {
            encoding = m.encoding();
        } catch (RuntimeException e) {
            throw new IOException("unknown data encoding: " + e.getMessage(), e);
        }
        for (TableEntry t : m.tables()) {
            if (t == null || t.table() == null || t.file() == null || t.sha256() == null || !t.sha256().matches("[0-9a-f]{64}")
                    || t.bytes() < 0 || t.rows() < 0 || t.columns() == null || t.columns().isEmpty()) {
                throw new IOException("a table entry is incomplete (table, file, bytes, sha256, rows, columns)");
            }
            if (!t.file().contains(ts.value()) || t.file().contains("/") || t.file().contains("\\")) {
                throw new IOException("table " + t.table() + " names file '" + t.file() + "', which is not a file of set "
                        + ts.value());
            }
            if (!encoding.equals(BackupFileNames.encodingOf(t.file()))) {
                throw new IOException("table " + t.table() + " names file '" + t.file() + "', which is not a "
                        + encoding + " file as the manifest says");
            }
        }
        return m;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Initialises the JSON codec (~150 ms of class loading); run on the writer's background executor so it overlaps the
     * export instead of following it.
     */
    static void warmUp() {
        JSON.getTypeFactory();
    }

    /** A manifest built by what its facts mean instead of 24 positional values. */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Manifest} of the current format; each step names a group of facts. */
    static final class Builder {
        private String timestamp;
        private String taskId;
        private String executionId;
        private String location;
        private String operation;
        private String createdAt;
        private String completedAt;
        private double durationSeconds;
        private String database;
        private Map<String, String> server;
        private String transactionId;
        private boolean truncateRequested;
        private String truncateScope;
        private List<String> truncateTables;
        private String consistency;
        private String langchainSchema;
        private List<TableEntry> tables;
        private List<CollectionEntry> collections;
        private BackupEncoding encoding;
        private String instance;
        private String scheduleSlot;

        private Builder() {
        }

        /** Which set: its stamp, location (a task's or global), the execution and the operation that took it. */
        Builder set(BackupTimestamp ts, io.datapipeline.core.vector.BackupLocation where, String execution, String op) {
            this.timestamp = ts.value();
            this.taskId = where.taskId().map(Object::toString).orElse(null);
            this.location = where.type();
            this.executionId = execution;
            this.operation = op;
            return this;
        }

        /** When the export started and ended, and how long it took. */
        Builder timing(String created, String completed, double seconds) {
            this.createdAt = created;
            this.completedAt = completed;
            this.durationSeconds = seconds;
            return this;
        }

        /** Where from: the database (no password), its server facts, and the transaction the set belongs to. */
        Builder source(String db, Map<String, String> serverFacts, String xid) {
            this.database = db;
            this.server = serverFacts;
            this.transactionId = xid;
            return this;
        }

        /** What the transaction is to do after the export, and how the snapshot was taken. */
        Builder intent(boolean truncate, String scope, List<String> truncated, String snapshot) {
            this.truncateRequested = truncate;
            this.truncateScope = scope;
            this.truncateTables = truncated;
            this.consistency = snapshot;
            return this;
        }

        /** What the set holds: the schema generation, the tables' files, the collections, the encoding. */
        Builder content(String schema, List<TableEntry> files, List<CollectionEntry> held, BackupEncoding enc) {
            this.langchainSchema = schema;
            this.tables = files;
            this.collections = held;
            this.encoding = enc;
            return this;
        }

        /** The process that took it and, for a scheduled backup, its slot. */
        Builder origin(String process, String slot) {
            this.instance = process;
            this.scheduleSlot = slot;
            return this;
        }

        Manifest build() {
            return new Manifest(FORMAT, timestamp, taskId, executionId, location, operation, createdAt, completedAt,
                    durationSeconds, database, server, transactionId, truncateRequested, truncateScope,
                    truncateTables, consistency, langchainSchema, tables, collections, null,
                    encoding.format().wire(), encoding.compression().wire(), instance, scheduleSlot);
        }
    }

    public TableEntry table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst().orElse(null);
    }
}
