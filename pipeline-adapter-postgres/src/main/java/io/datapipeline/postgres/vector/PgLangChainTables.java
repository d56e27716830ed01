package io.datapipeline.postgres.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingCounts;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.VectorTables;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The LangChain tables on PostgreSQL, inside a transaction of {@link PgVectorStoreSession}. Creates what is
 * missing as langchain_postgres v0.0.14 does; writes training rows through a staging table so a load without
 * truncate skips what is stored already; keeps the embedding provenance in the collections' {@code cmetadata}.
 * Works on both schema generations: G2 ({@code id varchar} key) and G1 ({@code uuid} key plus {@code custom_id},
 * where the uuid is derived from the id so reloads stay idempotent).
 */
final class PgLangChainTables implements LangChainTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VectorTables tables;
    private final PgVectorTransaction tx;
    private final PgReloadRows reloadRows;
    private final PgReembedRows reembedRows;

    /** The LangChain tables named {@code tables}, inside {@code tx} (which hands them out). */
    PgLangChainTables(VectorTables tables, PgVectorTransaction tx) {
        this.tables = tables;
        this.tx = tx;
        this.reloadRows = new PgReloadRows(tables, tx);
        this.reembedRows = new PgReembedRows(tables, tx);
    }

    @Override
    public List<StoredDocument> documents(Collection<String> collections) {
        return reembedRows.documents(collections);
    }

    @Override
    public Map<String, Long> replaceVectors(NewVectors vectors, Integer dimension) {
        return reembedRows.replaceVectors(vectors, dimension);
    }

    @Override
    public void retypeEmbedding(Integer dimension) {
        reembedRows.retype(dimension);
    }

    @Override
    public Stored stored(Collection<TrainingItem> items) {
        return reloadRows.stored(items);
    }

    @Override
    public long carry(Collection<String> ids) {
        return reloadRows.carry(ids);
    }

    @Override
    public Map<String, Long> restoreCarried() {
        return reloadRows.restoreCarried();
    }

    @Override
    public Map<String, Long> deleteExcept(Collection<String> collections, java.util.Set<String> keep) {
        return reloadRows.deleteExcept(collections, keep);
    }

    @Override
    public long deleteCollectionsExcept(java.util.Set<String> keep) {
        return reloadRows.deleteCollectionsExcept(keep);
    }

    @Override
    public List<io.datapipeline.core.vector.StoreHit> search(String collection, float[] query, int k) {
        return reloadRows.search(collection, query, k);
    }

    private Connection connection() {
        return tx.connection();
    }

    /** {@code database shop on db.example:5432}, from the connection (no credentials in it). */
    private static String where(Connection c) {
        try {
            String url = c.getMetaData().getURL();
            String hostPort = url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
            return "database " + c.getCatalog() + " on " + hostPort;
        } catch (SQLException e) {
            return "this database";
        }
    }

    @Override
    public List<String> ensure(Collection<String> collections) {
        Connection c = connection();
        List<String> created = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            if (!exists(s, "SELECT 1 FROM pg_extension WHERE extname = 'vector'")) {
                s.execute("SAVEPOINT pipeline_extension");
                try {
                    s.execute("CREATE EXTENSION IF NOT EXISTS vector");
                    s.execute("RELEASE SAVEPOINT pipeline_extension");
                    created.add("extension vector");
                } catch (SQLException e) {
                    s.execute("ROLLBACK TO SAVEPOINT pipeline_extension");
                    throw new PipelineException("no pgvector: the vector extension is not installed in " + where(c)
                            + " and this user may not install it (" + e.getMessage().lines().findFirst().orElse("")
                            + "); install pgvector on that server and run CREATE EXTENSION vector; as a user allowed "
                            + "to, then retry; nothing was changed", e);
                }
            }
            TableName coll = tables.collection();
            TableName emb = tables.embedding();
            if (tx.describe(coll).isEmpty()) {
                s.execute("CREATE TABLE " + coll.quoted() + " (uuid uuid NOT NULL PRIMARY KEY, name varchar NOT NULL "
                        + "UNIQUE, cmetadata json)");
                created.add("table " + coll.display());
            }
            if (tx.describe(emb).isEmpty()) {
                s.execute("CREATE TABLE " + emb.quoted() + " (id varchar NOT NULL PRIMARY KEY, collection_id uuid "
                        + "REFERENCES " + coll.quoted() + " (uuid) ON DELETE CASCADE, embedding vector, document varchar, "
                        + "cmetadata jsonb)");
                String index = (emb.schema() == null ? "" : TableName.quote(emb.schema()) + ".") + "ix_cmetadata_gin";
                if (exists(s, "SELECT 1 FROM pg_class WHERE oid = to_regclass('" + index.replace("'", "''") + "')")) {
                    s.execute("CREATE INDEX ON " + emb.quoted() + " USING gin (cmetadata jsonb_path_ops)");
                } else {
                    s.execute("CREATE INDEX ix_cmetadata_gin ON " + emb.quoted() + " USING gin (cmetadata jsonb_path_ops)");
                }
                created.add("table " + emb.display());
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot create the LangChain tables: " + e.getMessage(), e);
        }
        Map<String, String> existing = uuids(c);
        String metaType = tx.describe(tables.collection()).flatMap(t -> t.column("cmetadata")).map(TableShape.Column::type)
                .orElse("json");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.collection().quoted()
                + " (uuid, name, cmetadata) VALUES (?::uuid, ?, '{}'::" + metaType + ")")) {
            for (String name : collections) {
                if (!existing.containsKey(name)) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, name);
                    ps.executeUpdate();
                    created.add("collection " + name);
                }
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot create collections " + collections + ": " + e.getMessage(), e);
        }
        return created;
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private Map<String, String> uuids(Connection c) {
        Map<String, String> byName = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, uuid::text FROM " + tables.collection().quoted()
                        + " ORDER BY name, uuid")) {
            while (rs.next()) {
                byName.putIfAbsent(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot read the collections: " + e.getMessage(), e);
        }
        return byName;
    }

    @Override
    public Map<String, CollectionState> collections() {
        return collections(null);
    }

    @Override
    public Map<String, CollectionState> collections(EmbeddingCounts counts) {
        Optional<TableShape> collectionShape = tx.describe(tables.collection());
        if (collectionShape.isEmpty()) {
            return Map.of();
        }
        return collections(tables, connection(), counts == null && tx.describe(tables.embedding()).isPresent(), counts);
    }

    /**
     * The collections of the LangChain tables named {@code tables}, read on any connection (a transaction's, or a
     * reader's own); {@code hasEmbedding}: whether the embedding table exists and its rows are to be counted here (not
     * taken from {@code counts}).
     */
    static Map<String, CollectionState> collections(VectorTables tables, Connection c, boolean hasEmbedding,
            EmbeddingCounts counts) {
        String perCollection = hasEmbedding ? "(SELECT collection_id, vector_dims(embedding) AS dims, count(*) AS n FROM "
                + tables.embedding().quoted() + " GROUP BY 1, 2)" : "(SELECT NULL::uuid AS collection_id, NULL::int AS dims, "
                + "0::bigint AS n WHERE false)";
        // the metadata is read as text and parsed here: any JSON operator of the database would fail on a value such
        // as \u0000 (valid in json, not convertible to text), and one odd collection must not stop every backup
        String sql = "SELECT c.name, c.uuid::text, e.dims, coalesce(e.n, 0), c.cmetadata::text "
                + "FROM " + tables.collection().quoted() + " c "
                + "LEFT JOIN " + perCollection + " e ON e.collection_id = c.uuid ORDER BY c.name, c.uuid";
        Map<String, String> uuid = new LinkedHashMap<>();
        Map<String, List<String>> others = new LinkedHashMap<>();
        Map<String, long[]> rows = new LinkedHashMap<>();
        Map<String, Map<Integer, Long>> dims = new LinkedHashMap<>();
        Map<String, EmbeddingProvenance> provenance = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(1);
                String id = rs.getString(2);
                if (!uuid.containsKey(name)) {
                    uuid.put(name, id);
                    others.put(name, new ArrayList<>());
                } else if (!uuid.get(name).equals(id) && !others.get(name).contains(id)) {
                    others.get(name).add(id);
                }
                rows.computeIfAbsent(name, k -> new long[1])[0] += counts == null ? rs.getLong(4) : counts.rowsOf(id);
                int d = rs.getInt(3);
                if (counts != null) {
                    counts.dimensionsOf(id).forEach((dim, n) -> dims.computeIfAbsent(name, k -> new TreeMap<>())
                            .merge(dim, n, Long::sum));
                } else if (!rs.wasNull() && rs.getLong(4) > 0) {
                    dims.computeIfAbsent(name, k -> new TreeMap<>()).merge(d, rs.getLong(4), Long::sum);
                }
                if (!provenance.containsKey(name)) {
                    EmbeddingProvenance p = provenance(rs.getString(5));
                    if (p != null) {
                        provenance.put(name, p);
                    }
                }
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot read the collections and their vectors: " + e.getMessage(), e);
        }
        Map<String, CollectionState> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : uuid.entrySet()) {
            String n = e.getKey();
            out.put(n, new CollectionState(n, e.getValue(), rows.get(n)[0], dims.getOrDefault(n, Map.of()),
                    provenance.get(n), others.get(n)));
        }
        return out;
    }

    /** The provenance recorded in a collection's metadata; {@code null} when there is none or it is unusable. */
    private static EmbeddingProvenance provenance(String cmetadata) {
        if (cmetadata == null) {
            return null;
        }
        try {
            JsonNode p = JSON.readTree(cmetadata).path(EmbeddingProvenance.KEY);
            if (!p.isObject() || !p.path("provider").isTextual() || !p.path("model").isTextual()
                    || !p.path("dimension").canConvertToInt()) {
                return null;
            }
            return new EmbeddingProvenance(p.path("provider").asText(), p.path("model").asText(),
                    p.path("dimension").asInt(), p.path("recorded_at").isTextual() ? p.path("recorded_at").asText() : null,
                    p.path("task_id").isTextual() ? p.path("task_id").asText() : null);
        } catch (IOException | RuntimeException e) {
            // an unusable record is treated as none: the dimension of the rows is still checked
            return null;
        }
    }

    @Override
    public long deleteEmbeddings(Collection<String> collections) {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.embedding().quoted()
                + " WHERE collection_id IN (SELECT uuid FROM " + tables.collection().quoted() + " WHERE name = ANY (?))")) {
            ps.setArray(1, c.createArrayOf("text", collections.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PipelineException("removing the rows of collections " + collections + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, WriteCount> write(List<TrainingItem> items, boolean skipExisting) {
        if (items.isEmpty()) {
            return Map.of();
        }
        Connection c = connection();
        TableShape shape = tx.describe(tables.embedding()).orElseThrow(() -> new PipelineException(
                "table " + tables.embedding().display() + " does not exist"));
        boolean g2 = shape.columnNames().contains("id");
        List<String> columns = g2 ? List.of("id", "collection_id", "embedding", "document", "cmetadata")
                : List.of("uuid", "collection_id", "embedding", "document", "cmetadata", "custom_id");
        Map<String, String> uuids = uuids(c);
        for (TrainingItem i : items) {
            if (!uuids.containsKey(i.collection())) {
                throw new PipelineException("collection " + i.collection() + " does not exist");
            }
        }
        stage(c, columns, g2, uuids, items);
        Map<String, Long> inserted = insertStaged(c, columns, g2 ? "id" : "uuid", skipExisting);
        Map<String, Long> wanted = new LinkedHashMap<>();
        items.forEach(i -> wanted.merge(i.collection(), 1L, Long::sum));
        Map<String, WriteCount> out = new TreeMap<>();
        wanted.forEach((name, n) -> {
            long ins = inserted.getOrDefault(name, 0L);
            out.put(name, new WriteCount(ins, n - ins));
        });
        return out;
    }

    private static final String STAGE = "pipeline_load_stage";

    /** COPYs the items into a temporary table shaped like the embedding table (dropped at commit, or below). */
    private void stage(Connection c, List<String> columns, boolean g2, Map<String, String> uuids,
            List<TrainingItem> items) {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pg_temp." + STAGE);
            s.execute("CREATE TEMP TABLE " + STAGE + " (LIKE " + tables.embedding().quoted() + " INCLUDING DEFAULTS) "
                    + "ON COMMIT DROP");
        } catch (SQLException e) {
            throw new PipelineException("cannot create a staging table: " + e.getMessage(), e);
        }
        long staged;
        try {
            staged = tx.load(new TableName(null, STAGE), columns, CopyFormat.CSV, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                w.write(String.join(",", columns));
                w.write('\n');
                for (TrainingItem item : items) {
                    List<String> values = new ArrayList<>(6);
                    values.add(g2 ? item.id() : TrainingItem.nameUuid(item.id()).toString());
                    values.add(uuids.get(item.collection()));
                    values.add(vector(item.embedding()));
                    values.add(item.document());
                    values.add(metadata(item));
                    if (!g2) {
                        values.add(item.id());
                    }
                    w.write(csvLine(values));
                }
                w.flush();
            });
        } catch (IOException e) {
            throw new PipelineException("staging the training rows failed: " + e.getMessage(), e);
        }
        if (staged != items.size()) {
            throw new PipelineException("staged " + staged + " rows for " + items.size() + " items");
        }
    }

    /**
     * Inserts the staged rows whose key is new (and, with {@code skipExisting}, whose document the collection does not
     * hold yet), drops the staging table; returns the rows inserted per collection name.
     */
    private Map<String, Long> insertStaged(Connection c, List<String> columns, String key, boolean skipExisting) {
        String cols = String.join(", ", columns.stream().map(TableName::quote).toList());
        String sel = String.join(", ", columns.stream().map(col -> "s." + TableName.quote(col)).toList());
        String notStored = skipExisting ? " WHERE NOT EXISTS (SELECT 1 FROM " + tables.embedding().quoted() + " e "
                + "WHERE e.collection_id = s.collection_id AND e.document = s.document)" : "";
        String sql = "WITH ins AS (INSERT INTO " + tables.embedding().quoted() + " (" + cols + ") SELECT " + sel + " FROM "
                + STAGE + " s" + notStored + " ON CONFLICT (" + key + ") DO NOTHING RETURNING collection_id) "
                + "SELECT c.name, count(*) FROM ins JOIN " + tables.collection().quoted()
                + " c ON c.uuid = ins.collection_id GROUP BY c.name";
        Map<String, Long> inserted = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                inserted.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new PipelineException("loading " + tables.embedding().display() + " failed: " + e.getMessage(), e);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + STAGE);
        } catch (SQLException e) {
            throw new PipelineException("cannot drop the staging table: " + e.getMessage(), e);
        }
        return inserted;
    }

    /** Vanna's metadata: {@code {"id"}} for DDL and documentation, {@code {"id", "createdat"}} for pairs. */
    private static String metadata(TrainingItem item) {
        String id;
        try {
            id = JSON.writeValueAsString(item.id());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
        return item.collection().equals("sql") ? "{\"id\": " + id + ", \"createdat\": null}" : "{\"id\": " + id + "}";
    }

    @Override
    public void recordProvenance(Collection<String> collections, EmbeddingProvenance p) {
        Connection c = connection();
        String type = tx.describe(tables.collection()).flatMap(t -> t.column("cmetadata")).map(TableShape.Column::type)
                .orElse("json");
        ObjectNode record = JSON.createObjectNode().put("provider", p.provider()).put("model", p.model())
                .put("dimension", p.dimension()).put("recorded_at", p.recordedAt()).put("task_id", p.taskId());
        // merged in Java: the metadata keeps whatever else it holds, even values jsonb could not (\u0000)
        try (PreparedStatement read = c.prepareStatement("SELECT uuid::text, cmetadata::text FROM "
                + tables.collection().quoted() + " WHERE name = ANY (?)");
                PreparedStatement write = c.prepareStatement("UPDATE " + tables.collection().quoted()
                        + " SET cmetadata = ?::" + type + " WHERE uuid = ?::uuid")) {
            read.setArray(1, c.createArrayOf("text", collections.toArray()));
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    ObjectNode meta = JSON.createObjectNode();
                    if (rs.getString(2) != null) {
                        try {
                            JsonNode old = JSON.readTree(rs.getString(2));
                            if (old != null && old.isObject()) {
                                meta = (ObjectNode) old;
                            }
                        } catch (IOException e) {
                            // unreadable metadata is replaced by an object holding the provenance
                        }
                    }
                    meta.set(EmbeddingProvenance.KEY, record);
                    write.setString(1, JSON.writeValueAsString(meta));
                    write.setString(2, rs.getString(1));
                    write.addBatch();
                }
            }
            write.executeBatch();
        } catch (SQLException | IOException e) {
            throw new PipelineException("cannot record the embedding model in the collections: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Long> duplicates(boolean remove) {
        if (tx.describe(tables.embedding()).isEmpty() || tx.describe(tables.collection()).isEmpty()) {
            return Map.of();
        }
        Connection c = connection();
        boolean g2 = tx.describe(tables.embedding()).get().columnNames().contains("id");
        String key = g2 ? "id" : "uuid";
        String ranked = "SELECT e." + key + " AS k, c.name, row_number() OVER (PARTITION BY e.collection_id, e.document "
                + "ORDER BY e." + key + "::text) AS rn FROM " + tables.embedding().quoted() + " e JOIN "
                + tables.collection().quoted() + " c ON c.uuid = e.collection_id WHERE e.document IS NOT NULL";
        String sql = remove
                ? "WITH ranked AS (" + ranked + "), gone AS (DELETE FROM " + tables.embedding().quoted() + " x USING ranked r "
                        + "WHERE x." + key + " = r.k AND r.rn > 1 RETURNING r.name) SELECT name, count(*) FROM gone GROUP BY name"
                : "WITH ranked AS (" + ranked + ") SELECT name, count(*) FROM ranked WHERE rn > 1 GROUP BY name";
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot " + (remove ? "remove" : "find") + " duplicate rows: " + e.getMessage(), e);
        }
        return out;
    }

    static String vector(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (!Float.isFinite(v[i])) {
                throw new PipelineException("an embedding contains a non-finite value");
            }
            sb.append(v[i]);
        }
        return sb.append(']').toString();
    }

    /** One CSV record for COPY: every value quoted (so "" is an empty string), NULL as an empty field. */
    static String csvLine(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String v = values.get(i);
            if (v != null) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            }
        }
        return sb.append('\n').toString();
    }
}
