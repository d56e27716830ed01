package io.datapipeline.postgres.task;

import io.datapipeline.core.contract.TaskRepositoryContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL task repository honours the same contract as the fake. */
@ExtendWith(PostgresExtension.class)
class PgTaskRepositoryIT extends TaskRepositoryContract {

    private static TestDatabase db;
    private static PgConnections connections;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "task-repo-test", 3);
    }

    @AfterAll
    static void close() {
        connections.close();
    }

    @Override
    protected TaskRepository freshRepository() {
        PgTaskRepository repo = new PgTaskRepository(connections).migrate();
        db.execute("DELETE FROM pipeline_tasks");
        // a second start-up applies nothing twice
        new PgTaskRepository(connections).migrate();
        return repo;
    }

    @Override
    protected boolean successOf(io.datapipeline.core.execution.ResultDocument result) {
        Object doc = io.datapipeline.wire.Wire.parse(((io.datapipeline.core.execution.ResultDocument.Stored) result).json());
        return Boolean.TRUE.equals(((java.util.Map<?, ?>) doc).get("success"));
    }
}
