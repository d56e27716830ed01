package io.datapipeline.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the test rig: a real PostgreSQL with pgvector and the LangChain tables. */
@ExtendWith(PostgresExtension.class)
class PostgresRigIT {

    @Test
    void givenTheRig_whenCreatingTheLangChainTables_thenAVectorIsWrittenAndReadBackExactly(TestDatabase db)
            throws Exception {
        db.execute("CREATE EXTENSION IF NOT EXISTS vector");
        db.execute(LangChainSchema.G2);
        UUID collection = UUID.randomUUID();
        // float4 values whose shortest round-trip text forms are awkward on purpose
        String vector = "[0.1,-0.004570155,3.4028235e+38,1e-45,-0,0.33333334]";

        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO langchain_pg_collection (uuid, name, cmetadata) VALUES (?, 'sql', NULL)")) {
                ps.setObject(1, collection);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO langchain_pg_embedding "
                    + "(id, collection_id, embedding, document, cmetadata) VALUES (?, ?, ?::vector, ?, ?::jsonb)")) {
                ps.setString(1, "a1-sql");
                ps.setObject(2, collection);
                ps.setString(3, vector);
                ps.setString(4, "{\"question\": \"多少?\", \"sql\": \"SELECT 1;\"}");
                ps.setString(5, "{\"id\": \"a1-sql\"}");
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT embedding::text, vector_dims(embedding), "
                    + "cmetadata->>'id', (SELECT extversion FROM pg_extension WHERE extname = 'vector') "
                    + "FROM langchain_pg_embedding WHERE id = 'a1-sql'");
                    ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("[0.1,-0.004570155,3.4028235e+38,1e-45,-0,0.33333334]");
                assertThat(rs.getInt(2)).isEqualTo(6);
                assertThat(rs.getString(3)).isEqualTo("a1-sql");
                assertThat(rs.getString(4)).isNotBlank();
            }
        }
        // ON DELETE CASCADE is in place
        db.execute("DELETE FROM langchain_pg_collection");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isZero();
    }
}
