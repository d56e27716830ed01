package io.datapipeline.cli.vector;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.VectorAdminService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A LangChain store with known rows, a vector-admin service on it, and training items to reload it with. */
final class StoreFixture implements AutoCloseable {

    static final String C_SQL = "6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01";
    static final String C_DDL = "6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a02";
    static final EmbeddingProvenance MODEL = EmbeddingProvenance.of("test", "fixed-v1", 16);

    final PgConnections connections;
    final VectorAdminService service;

    /**
     * @param jdbcUrl    where the service connects (the database itself, or a proxy in front of it)
     * @param writerWait how long a backup with truncate waits for writers (and for its exclusive lock)
     */
    StoreFixture(String jdbcUrl, Path dataDir, Duration writerWait) {
        VectorTables tables = VectorTables.langchainDefaults();
        connections = new PgConnections(DatabaseUrl.parse(jdbcUrl, "db"), "fixture", 2);
        service = new VectorAdminService(new PgVectorTableStore(connections, tables, writerWait), tables, new DataDirectory(dataDir), Clock.systemUTC());
    }

    /** Recreates the LangChain tables with {@code rows} 16-d rows in 'sql' and one in 'ddl'. */
    static void seed(TestDatabase db, int rows) {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        db.execute(LangChainSchema.G2);
        db.execute("INSERT INTO langchain_pg_collection VALUES ('" + C_SQL + "', 'sql', '{}'), ('" + C_DDL
                + "', 'ddl', '{}')");
        db.execute("INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata) "
                + "SELECT 'old-' || g || '-sql', '" + C_SQL + "', "
                + "(SELECT array_agg(((g * 7 + i) % 13)::real) FROM generate_series(1, 16) i)::vector, "
                + "'old question ' || g, jsonb_build_object('id', 'old-' || g || '-sql') FROM generate_series(1, " + rows
                + ") g",
                "INSERT INTO langchain_pg_embedding VALUES ('old-ddl', '" + C_DDL + "', array_fill(1::real, ARRAY[16])::vector,"
                        + " 'CREATE TABLE shop (id int)', '{\"id\": \"old-ddl\"}')");
    }

    /** {@code n} new items ('sql' and 'ddl'), with deterministic 16-d vectors. */
    static List<TrainingItem> items(int n) {
        List<TrainingItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[16];
            for (int d = 0; d < 16; d++) {
                v[d] = ((i + d) % 5) / 5f;
            }
            String collection = i % 4 == 0 ? "ddl" : "sql";
            out.add(TrainingItem.of(collection, collection.equals("ddl") ? "CREATE TABLE t" + i + " (id int)"
                    : "{\"question\": \"q" + i + "?\", \"sql\": \"SELECT " + i + "\"}", v));
        }
        return out;
    }

    ReloadVectorStoreCommand reload(TaskId task, boolean truncate, List<TrainingItem> items, TransferProgress progress) {
        return new ReloadVectorStoreCommand(task, "exec_test", true, truncate, TruncateScope.TABLE, items, MODEL,
                Duration.ZERO, progress);
    }

    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }

    @Override
    public void close() {
        connections.close();
    }
}
