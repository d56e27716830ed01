package io.datapipeline.postgres.vector;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.out.VectorStoreReader;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.StoreHit;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the store on pooled read-only connections, as the assistant does, taking no lock of the vector-table
 * operations (a reload in progress is invisible until it commits). {@link #searchOn} runs the same query on a
 * connection the caller gives, e.g. one inside a reload's transaction, to measure the store that transaction sees.
 */
public final class PgVectorStoreReader implements VectorStoreReader {

    private final PgConnections db;
    private final VectorTables tables;

    public PgVectorStoreReader(PgConnections db, VectorTables tables) {
        this.db = db;
        this.tables = tables;
    }

    @Override
    public Map<String, CollectionState> collections() {
        try (Connection c = db.pooled()) {
            c.setReadOnly(true);
            if (!exists(c, tables.collection().quoted())) {
                return Map.of();
            }
            return PgLangChainTables.collections(tables, c, exists(c, tables.embedding().quoted()), null);
        } catch (SQLException e) {
            throw new PipelineException("cannot read the collections of " + db.url().masked() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoreHit> search(String collection, float[] query, int k) {
        try (Connection c = db.pooled()) {
            c.setReadOnly(true);
            if (!exists(c, tables.collection().quoted()) || !exists(c, tables.embedding().quoted())) {
                return List.of();
            }
            return searchOn(c, tables, collection, query, k);
        } catch (SQLException e) {
            throw new PipelineException("cannot search collection '" + collection + "' of " + db.url().masked() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * langchain_postgres's similarity search (v0.0.14 {@code __query_collection}): the first collection row of that
     * name, then its embeddings by cosine distance to the query, nearest first, {@code LIMIT k}. The row id is
     * {@code id} (current LangChain schema) or {@code custom_id}, else {@code uuid} (the older one).
     */
    public static List<StoreHit> searchOn(Connection c, VectorTables tables, String collection, float[] query, int k)
            throws SQLException {
        String id = columnExists(c, tables.embedding().quoted(), "id") ? "e.id"
                : "coalesce(e.custom_id, e.uuid::text)";
        String sql = "SELECT " + id + ", e.document, e.embedding <=> ?::vector AS distance FROM "
                + tables.embedding().quoted() + " e JOIN " + tables.collection().quoted()
                + " c ON e.collection_id = c.uuid WHERE e.collection_id = (SELECT uuid FROM "
                + tables.collection().quoted() + " WHERE name = ? LIMIT 1) ORDER BY distance ASC LIMIT ?";
        List<StoreHit> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, literal(query));
            ps.setString(2, collection);
            ps.setInt(3, k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoreHit(rs.getString(1), rs.getString(2), rs.getDouble(3)));
                }
            }
        }
        return out;
    }

    /** pgvector's text form, {@code [0.1,0.2,…]}. */
    static String literal(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.append(']').toString();
    }

    private static boolean exists(Connection c, String quotedTable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quotedTable);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean columnExists(Connection c, String quotedTable, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) "
                + "AND attname = ? AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, quotedTable);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
