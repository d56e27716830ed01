package io.datapipeline.postgres.vector;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.vector.StoreHit;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TableShape;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a reload that costs what changed needs of the LangChain tables, inside the reload's transaction: which items
 * are stored already, the stored rows a truncating reload carries over instead of embedding them again, the delete of
 * what a replace by difference drops, and the search the quality gate measures with. Works on both schema generations:
 * the content id is {@code id} (G2) or {@code custom_id} (G1).
 */
final class PgReloadRows {

    /** Rows kept across a truncating reload's removal; dropped at commit. */
    private static final String CARRY = "pipeline_carry";

    private final VectorTables tables;
    private final PgVectorTransaction tx;

    PgReloadRows(VectorTables tables, PgVectorTransaction tx) {
        this.tables = tables;
        this.tx = tx;
    }

    private TableShape embeddingShape() {
        return tx.describe(tables.embedding()).orElseThrow(() -> new PipelineException("table "
                + tables.embedding().display() + " does not exist"));
    }

    /** The column holding the content id. */
    private String idColumn() {
        return embeddingShape().columnNames().contains("id") ? "id" : "custom_id";
    }

    private Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    LangChainTables.Stored stored(Collection<TrainingItem> items) {
        if (items.isEmpty() || tx.describe(tables.embedding()).isEmpty() || tx.describe(tables.collection()).isEmpty()) {
            return new LangChainTables.Stored(Set.of(), Set.of());
        }
        Connection c = tx.connection();
        String id = TableName.quote(idColumn());
        Set<String> byId = new HashSet<>();
        Set<String> byDocument = new HashSet<>();
        List<String> ids = items.stream().map(TrainingItem::id).toList();
        try (PreparedStatement ps = c.prepareStatement("SELECT e." + id + "::text FROM " + tables.embedding().quoted()
                + " e WHERE e." + id + "::text = ANY (?)")) {
            ps.setArray(1, texts(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.add(rs.getString(1));
                }
            }
            List<TrainingItem> rest = items.stream().filter(i -> !byId.contains(i.id())).toList();
            if (!rest.isEmpty()) {
                // stored under another id (another tool's row of the same document): a load without truncate skips it
                try (PreparedStatement docs = c.prepareStatement("SELECT i.id FROM unnest(?::text[], ?::text[], "
                        + "?::text[]) AS i(id, collection, document) WHERE EXISTS (SELECT 1 FROM "
                        + tables.embedding().quoted() + " e JOIN " + tables.collection().quoted() + " c ON c.uuid = "
                        + "e.collection_id WHERE c.name = i.collection AND e.document = i.document)")) {
                    docs.setArray(1, texts(c, rest.stream().map(TrainingItem::id).toList()));
                    docs.setArray(2, texts(c, rest.stream().map(TrainingItem::collection).toList()));
                    docs.setArray(3, texts(c, rest.stream().map(TrainingItem::document).toList()));
                    try (ResultSet rs = docs.executeQuery()) {
                        while (rs.next()) {
                            byDocument.add(rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot read which items the store holds: " + e.getMessage(), e);
        }
        return new LangChainTables.Stored(byId, byDocument);
    }

    long carry(Collection<String> ids) {
        Connection c = tx.connection();
        String id = TableName.quote(idColumn());
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pg_temp." + CARRY);
        } catch (SQLException e) {
            throw new PipelineException("cannot prepare the rows carried over: " + e.getMessage(), e);
        }
        try (PreparedStatement ps = c.prepareStatement("CREATE TEMP TABLE " + CARRY + " ON COMMIT DROP AS SELECT e.*, "
                + "c.name AS pipeline_collection FROM " + tables.embedding().quoted() + " e JOIN "
                + tables.collection().quoted() + " c ON c.uuid = e.collection_id WHERE e." + id + "::text = ANY (?)")) {
            ps.setArray(1, texts(c, ids));
            ps.execute();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + CARRY)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot keep the stored vectors to carry over: " + e.getMessage(), e);
        }
    }

    Map<String, Long> restoreCarried() {
        Connection c = tx.connection();
        List<String> columns = embeddingShape().columnNames();
        String cols = String.join(", ", columns.stream().map(TableName::quote).toList());
        String values = String.join(", ", columns.stream().map(col -> col.equals("collection_id")
                ? "(SELECT uuid FROM " + tables.collection().quoted() + " WHERE name = k.pipeline_collection ORDER BY "
                        + "uuid LIMIT 1)"
                : "k." + TableName.quote(col)).toList());
        String sql = "WITH ins AS (INSERT INTO " + tables.embedding().quoted() + " (" + cols + ") SELECT " + values
                + " FROM " + CARRY + " k RETURNING collection_id) SELECT c.name, count(*) FROM ins JOIN "
                + tables.collection().quoted() + " c ON c.uuid = ins.collection_id GROUP BY c.name";
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            s.execute("DROP TABLE " + CARRY);
        } catch (SQLException e) {
            throw new PipelineException("cannot write back the rows carried over: " + e.getMessage(), e);
        }
        return out;
    }

    Map<String, Long> deleteExcept(Collection<String> collections, Set<String> keep) {
        if (tx.describe(tables.embedding()).isEmpty() || tx.describe(tables.collection()).isEmpty()) {
            return Map.of();
        }
        Connection c = tx.connection();
        String id = TableName.quote(idColumn());
        String inScope = collections == null ? "" : " AND c.name = ANY (?)";
        String sql = "WITH gone AS (DELETE FROM " + tables.embedding().quoted() + " e USING " + tables.collection()
                .quoted() + " c WHERE c.uuid = e.collection_id" + inScope + " AND NOT (e." + id + "::text = ANY (?)) "
                + "RETURNING c.name) SELECT name, count(*) FROM gone GROUP BY name";
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            if (collections != null) {
                ps.setArray(p++, texts(c, collections));
            }
            ps.setArray(p, texts(c, keep));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            if (collections == null) {
                // rows without a collection are outside every collection the new set names
                try (PreparedStatement orphans = c.prepareStatement("DELETE FROM " + tables.embedding().quoted()
                        + " WHERE collection_id IS NULL")) {
                    long n = orphans.executeUpdate();
                    if (n > 0) {
                        out.merge("", n, Long::sum);
                    }
                }
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot remove the rows the new set does not hold: " + e.getMessage(), e);
        }
        return out;
    }

    long deleteCollectionsExcept(Set<String> keep) {
        if (tx.describe(tables.collection()).isEmpty()) {
            return 0;
        }
        Connection c = tx.connection();
        try (PreparedStatement emb = c.prepareStatement("DELETE FROM " + tables.embedding().quoted() + " e USING "
                + tables.collection().quoted() + " c WHERE c.uuid = e.collection_id AND NOT (c.name = ANY (?))");
                PreparedStatement coll = c.prepareStatement("DELETE FROM " + tables.collection().quoted()
                        + " WHERE NOT (name = ANY (?))")) {
            emb.setArray(1, texts(c, keep));
            emb.executeUpdate();
            coll.setArray(1, texts(c, keep));
            return coll.executeUpdate();
        } catch (SQLException e) {
            throw new PipelineException("cannot remove the collections the new set does not hold: " + e.getMessage(), e);
        }
    }

    List<StoreHit> search(String collection, float[] query, int k) {
        try {
            return PgVectorStoreReader.searchOn(tx.connection(), tables, collection, query, k);
        } catch (SQLException e) {
            throw new PipelineException("cannot search collection '" + collection + "': " + e.getMessage(), e);
        }
    }
}
