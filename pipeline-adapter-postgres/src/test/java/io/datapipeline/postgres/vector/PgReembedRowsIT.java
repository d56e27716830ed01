package io.datapipeline.postgres.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A re-embed's rows on the older LangChain generation (G1: a {@code uuid} key, {@code custom_id} possibly missing):
 * rows are named by their key, a row of another tool without {@code custom_id} included, and a fixed-dimension column
 * is retyped with an index on it.
 */
@ExtendWith(PostgresExtension.class)
class PgReembedRowsIT {

    private static final String SQL = "11111111-1111-4111-8111-111111111111";
    private static final String A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    private static final String B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

    private TestDatabase db;
    private PgConnections connections;
    private VectorStoreSession session;

    @BeforeEach
    void g1Store(TestDatabase database) {
        db = database;
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection");
        db.execute(LangChainSchema.G1);
        db.execute("ALTER TABLE langchain_pg_embedding ALTER COLUMN embedding TYPE vector(3)",
                "CREATE INDEX ON langchain_pg_embedding USING hnsw (embedding vector_cosine_ops)",
                "INSERT INTO langchain_pg_collection VALUES ('" + SQL + "', 'sql', '{}')",
                "INSERT INTO langchain_pg_embedding VALUES ('" + A + "', '" + SQL + "', '[1,0,0]', 'doc a', '{}', 'a-sql'),"
                        + " ('" + B + "', '" + SQL + "', '[0,1,0]', 'doc b', '{}', NULL)");
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "reembed-g1", 2);
        session = new PgVectorTableStore(connections, VectorTables.langchainDefaults(), Duration.ofSeconds(5))
                .openSession("g1", Duration.ZERO);
    }

    @AfterEach
    void close() {
        session.close();
        connections.close();
    }

    @Test
    void givenG1Rows_whenReembeddedToAnotherDimension_thenEveryRowByItsUuidGetsItsVectorAndTheColumnItsType() {
        List<LangChainTables.StoredDocument> docs = session.read(tx -> tx.langchain().documents(null));

        Map<String, Long> rewritten = session.transaction(TransactionMode.WRITE, tx -> tx.langchain().replaceVectors(
                sink -> {
                    for (LangChainTables.StoredDocument d : docs) {
                        sink.accept(d.key(), d.document().equals("doc a") ? new float[] {1, 2} : new float[] {3, 4});
                    }
                }, 2)).valueOrThrow();

        assertThat(docs).containsExactly(new LangChainTables.StoredDocument(A, "sql", "doc a"),
                new LangChainTables.StoredDocument(B, "sql", "doc b"));
        assertThat(rewritten).isEqualTo(Map.of("sql", 2L));
        assertThat(db.queryString("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                + "'langchain_pg_embedding'::regclass AND attname = 'embedding'")).isEqualTo("vector(2)");
        assertThat(db.queryString("SELECT embedding::text FROM langchain_pg_embedding WHERE uuid = '" + B + "'"))
                .isEqualTo("[3,4]");
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'langchain_pg_embedding' AND "
                + "indexdef LIKE '%hnsw%'")).as("the vector index is rebuilt with the column").isEqualTo(1);
    }
}
