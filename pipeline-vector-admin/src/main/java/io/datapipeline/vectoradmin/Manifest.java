package io.datapipeline.vectoradmin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a backup set, {@code manifest_<ts>.json}: what was backed up, from where, and the
 * facts that verification and restore check (bytes, sha256, rows, columns).
 *
 * @param format          {@value #FORMAT}
 * @param timestamp       the set's stamp
 * @param taskId          the task, or {@code null} for a global set
 * @param location        {@code global} or {@code task}
 * @param createdAt       ISO-8601 start
 * @param completedAt     ISO-8601 end of the export (before commit)
 * @param durationSeconds export duration
 * @param database        source database, {@code postgresql://user@host:port/db}, never a password
 * @param server          {@code server_version}, {@code pgvector_version}, {@code database}
 * @param truncated       the truncate scope was emptied in the same transaction
 * @param truncateScope   tables emptied
 * @param consistency     how the snapshot was taken
 * @param langchainSchema detected LangChain schema generation
 * @param tables          one entry per table, in foreign-key order
 */
record Manifest(String format, String timestamp, String taskId, String location, String createdAt, String completedAt,
        double durationSeconds, String database, Map<String, String> server, boolean truncated,
        List<String> truncateScope, String consistency, String langchainSchema, List<TableEntry> tables) {

    static final String FORMAT = "data-pipeline-vector-backup/1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One table of the set.
     *
     * @param table            table name
     * @param file             CSV file name
     * @param bytes            file size
     * @param sha256           hex SHA-256 of the file
     * @param rows             rows exported
     * @param columns          columns in file order, with types
     * @param primaryKey       primary-key columns
     * @param vectorDimensions per vector column: dimension to row count
     */
    record TableEntry(String table, String file, long bytes, String sha256, long rows, List<ColumnEntry> columns,
            List<String> primaryKey, Map<String, Map<Integer, Long>> vectorDimensions) {
    }

    /**
     * A column.
     *
     * @param name    name
     * @param type    PostgreSQL type
     * @param notNull NOT NULL
     */
    record ColumnEntry(String name, String type, boolean notNull) {
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Manifest read(Path file) throws IOException {
        Manifest m = JSON.readValue(file.toFile(), Manifest.class);
        if (m.format() == null || !m.format().startsWith("data-pipeline-vector-backup/")) {
            throw new IOException("not a backup manifest (format " + m.format() + ")");
        }
        if (m.tables() == null) {
            throw new IOException("manifest lists no tables");
        }
        return m;
    }

    /**
     * Initialises the JSON codec on a background thread, so its ~150 ms of class loading overlaps the
     * export instead of following it.
     */
    static void warmUpInBackground() {
        Thread t = new Thread(() -> JSON.getTypeFactory(), "manifest-json-warm-up");
        t.setDaemon(true);
        t.start();
    }

    TableEntry table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst().orElse(null);
    }
}
