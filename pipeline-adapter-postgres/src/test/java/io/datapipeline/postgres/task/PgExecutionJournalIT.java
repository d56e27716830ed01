package io.datapipeline.postgres.task;

import io.datapipeline.core.contract.ExecutionJournalContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.ExecutionJournal;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL execution journal honours the same contract as the fake. */
@ExtendWith(PostgresExtension.class)
class PgExecutionJournalIT extends ExecutionJournalContract {

    private static TestDatabase db;
    private static PgConnections connections;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "journal-test", 3);
    }

    @AfterAll
    static void close() {
        connections.close();
    }

    @Override
    protected TaskRepository freshRepository() {
        PgTaskRepository repo = new PgTaskRepository(connections).migrate();
        db.execute("DELETE FROM pipeline_tasks");
        return repo;
    }

    @Override
    protected ExecutionJournal journalFor(TaskRepository repository) {
        return new PgExecutionJournal(connections);
    }
}
