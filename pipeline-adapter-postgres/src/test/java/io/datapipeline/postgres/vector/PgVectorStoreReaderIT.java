package io.datapipeline.postgres.vector;

import io.datapipeline.core.contract.VectorStoreReaderContract;
import io.datapipeline.core.port.out.VectorStoreReader;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PgVectorStoreReaderIT extends VectorStoreReaderContract {

    private static TestDatabase db;
    private PgConnections connections;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database.sibling("reader");
    }

    @Override
    protected VectorStoreReader store(List<Row> rows) {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        db.execute(LangChainSchema.G2);
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.add(r.collection()));
        int n = 0;
        for (String name : names) {
            n++;
            String meta = name.equals("ddl") ? "'{\"embedding\": {\"provider\": \"onnx\", \"model\": \"bge-small-zh-v1.5-q\", "
                    + "\"dimension\": 3, \"recorded_at\": \"2025-07-21T11:30:10Z\", \"task_id\": \"task_20250721_113010\"}}'"
                    : "NULL";
            db.execute("INSERT INTO langchain_pg_collection VALUES ('00000000-0000-4000-8000-00000000000" + n + "', '"
                    + name + "', " + meta + ")");
            for (Row r : rows) {
                if (r.collection().equals(name)) {
                    db.execute("INSERT INTO langchain_pg_embedding VALUES ('" + r.id() + "', '00000000-0000-4000-8000-00000000000"
                            + n + "', '" + PgVectorStoreReader.literal(r.vector()) + "', '" + r.document().replace("'", "''")
                            + "', '{}')");
                }
            }
        }
        connections = new PgConnections(io.datapipeline.core.domain.DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"),
                "reader-it", 2);
        return new PgVectorStoreReader(connections, VectorTables.langchainDefaults());
    }

    @AfterEach
    void close() {
        if (connections != null) {
            connections.close();
        }
    }
}
