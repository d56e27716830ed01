package io.datapipeline.postgres.vector;

import io.datapipeline.vectoradmin.contract.LangChainTablesContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL LangChain tables honour the same contract as the in-memory fake. */
@ExtendWith(PostgresExtension.class)
class PgLangChainTablesIT extends LangChainTablesContract {

    private static TestDatabase db;
    private PgConnections connections;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
    }

    @Override
    protected VectorTableStore freshStore() {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection");
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "langchain-contract", 2);
        return new PgVectorTableStore(connections, VectorTables.langchainDefaults(), Duration.ofSeconds(5));
    }


    @AfterEach
    void closeConnections() {
        connections.close();
    }
}
