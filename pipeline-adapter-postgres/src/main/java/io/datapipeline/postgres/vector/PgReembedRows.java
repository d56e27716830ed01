package io.datapipeline.postgres.vector;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TableShape;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a re-embed needs of the LangChain tables, inside its transaction: the documents in scope, and the rewrite of
 * their vectors (staged with {@code COPY}, then one {@code UPDATE ... FROM} the stage), with the change of the vector
 * column's type when its fixed dimension is not the new model's. Rows are named by their primary key, {@code id} (G2)
 * or {@code uuid} (G1), since a G1 row's {@code custom_id} may be missing.
 */
final class PgReembedRows {

    private static final String STAGE = "pipeline_reembed_stage";

    private final VectorTables tables;
    private final PgVectorTransaction tx;

    PgReembedRows(VectorTables tables, PgVectorTransaction tx) {
        this.tables = tables;
        this.tx = tx;
    }

    /** The primary-key column of the embedding table: {@code id} (G2) or {@code uuid} (G1). */
    private String keyColumn(TableShape shape) {
        return shape.columnNames().contains("id") ? "id" : "uuid";
    }

    List<LangChainTables.StoredDocument> documents(Collection<String> collections) {
        if (tx.describe(tables.embedding()).isEmpty() || tx.describe(tables.collection()).isEmpty()) {
            return List.of();
        }
        String key = TableName.quote(keyColumn(tx.describe(tables.embedding()).get()));
        String sql = "SELECT e." + key + "::text, coalesce(c.name, ''), e.document FROM " + tables.embedding().quoted()
                + " e LEFT JOIN " + tables.collection().quoted() + " c ON c.uuid = e.collection_id"
                + (collections == null ? "" : " WHERE c.name = ANY (?)") + " ORDER BY 1";
        Connection c = tx.connection();
        List<LangChainTables.StoredDocument> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (collections != null) {
                ps.setArray(1, c.createArrayOf("text", collections.toArray()));
            }
            ps.setFetchSize(4096);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LangChainTables.StoredDocument(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot read the documents to re-embed: " + e.getMessage(), e);
        }
        return out;
    }

    Map<String, Long> replaceVectors(LangChainTables.NewVectors vectors, Integer dimension) {
        TableShape shape = tx.describe(tables.embedding()).orElseThrow(() -> new PipelineException("table "
                + tables.embedding().display() + " does not exist"));
        Connection c = tx.connection();
        stage(c, vectors);
        if (dimension != null) {
            retype(dimension);
        }
        String key = keyColumn(shape);
        String match = key.equals("uuid") ? "e.uuid = s.k::uuid" : "e." + TableName.quote(key) + " = s.k";
        String sql = "WITH up AS (UPDATE " + tables.embedding().quoted() + " e SET embedding = s.v::vector FROM "
                + STAGE + " s WHERE " + match + " RETURNING e.collection_id) SELECT coalesce(c.name, ''), count(*) FROM "
                + "up LEFT JOIN " + tables.collection().quoted() + " c ON c.uuid = up.collection_id GROUP BY 1";
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            s.execute("DROP TABLE " + STAGE);
        } catch (SQLException e) {
            throw new PipelineException("rewriting the vectors of " + tables.embedding().display() + " failed: "
                    + PgVectorStoreSession.describe(e), e);
        }
        return out;
    }

    /** COPYs the new vectors into a temporary table (dropped at commit, or after the update). */
    private void stage(Connection c, LangChainTables.NewVectors vectors) {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pg_temp." + STAGE);
            s.execute("CREATE TEMP TABLE " + STAGE + " (k text PRIMARY KEY, v text NOT NULL) ON COMMIT DROP");
        } catch (SQLException e) {
            throw new PipelineException("cannot create a staging table: " + e.getMessage(), e);
        }
        try {
            tx.load(new TableName(null, STAGE), List.of("k", "v"), CopyFormat.CSV, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                w.write("k,v\n");
                vectors.forEach((k, v) -> w.write(PgLangChainTables.csvLine(List.of(k, PgLangChainTables.vector(v)))));
                w.flush();
            });
        } catch (IOException e) {
            throw new PipelineException("staging the new vectors failed: " + e.getMessage(), e);
        }
        try (Statement s = c.createStatement()) {
            // a temporary table has no statistics: without them the update may be planned as a nested loop
            s.execute("ANALYZE " + STAGE);
        } catch (SQLException e) {
            throw new PipelineException("cannot analyse the staging table: " + e.getMessage(), e);
        }
    }

    /** The vector column becomes {@code vector(dimension)} ({@code null}: {@code vector}), every value NULL. */
    void retype(Integer dimension) {
        String type = dimension == null ? "vector" : "vector(" + dimension + ")";
        tx.alterExclusively(tables.embedding(), "ALTER TABLE " + tables.embedding().quoted()
                + " ALTER COLUMN embedding TYPE " + type + " USING NULL::" + type);
    }
}
