package io.datapipeline.postgres.vector;

import io.datapipeline.vectoradmin.contract.VectorTableStoreContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL store honours the same contract as the in-memory fake. */
@ExtendWith(PostgresExtension.class)
class PgVectorTableStoreIT extends VectorTableStoreContract {

    private static TestDatabase db;
    private PgConnections connections;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
    }

    @Override
    protected VectorTableStore freshStore() {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection");
        db.execute(LangChainSchema.G2);
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "contract-test", 2);
        return new PgVectorTableStore(connections, VectorTables.langchainDefaults(), Duration.ofSeconds(5));
    }

    @AfterEach
    void closeConnections() {
        connections.close();
    }

    @Override
    protected void insertCollection(String uuid, String name) {
        db.execute("INSERT INTO langchain_pg_collection (uuid, name) VALUES ('" + uuid + "', '" + name + "')");
    }

    @Override
    protected void insertEmbedding(String id, String collectionId, String vector, String document, String cmetadata) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO langchain_pg_embedding "
                + "(id, collection_id, embedding, document, cmetadata) VALUES (?, ?::uuid, ?::vector, ?, ?::jsonb)")) {
            ps.setString(1, id);
            ps.setString(2, collectionId);
            ps.setString(3, vector);
            ps.setString(4, document);
            ps.setString(5, cmetadata);
            ps.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected List<List<String>> rows(TableName table) {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table.quoted()
                + " ORDER BY 1"); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
