package example;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.service.CreateTaskService;
import io.datapipeline.core.service.ExecuteTaskService;
import io.datapipeline.core.service.GetTaskService;
import io.datapipeline.core.service.WorkflowRunner;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.llm.OfflineEmbedder;
import io.datapipeline.postgres.business.BusinessDatabases;
import io.datapipeline.postgres.business.PgSchemaInspector;
import io.datapipeline.postgres.business.PgSqlValidator;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.task.PgTaskRepository;
import io.datapipeline.postgres.vector.PgLangChainTables;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.DataDirectory;
import io.datapipeline.vectoradmin.FileTaskWorkspace;
import io.datapipeline.vectoradmin.VectorAdminService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The pipeline wired by hand inside another JVM application: no Micronaut, no picocli. This is all the
 * wiring there is; use the returned use cases (port.in interfaces) from your own code.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private final PgConnections vectorDb;
    private final BusinessDatabases businessDbs = new BusinessDatabases(4);
    private final VectorAdminService vectorAdmin;
    private final CreateTaskUseCase createTask;
    private final ExecuteTaskUseCase executeTask;
    private final GetTaskUseCase getTask;

    /**
     * @param vectorDatabase the database with the LangChain tables (the task tables are created there too)
     * @param dataDir        where task directories and backup sets go
     */
    public EmbeddedPipeline(DatabaseUrl vectorDatabase, Path dataDir) {
        Clock clock = Clock.systemDefaultZone();
        VectorTables tables = VectorTables.langchainDefaults();
        vectorDb = new PgConnections(vectorDatabase, "my-application", 4);
        PgVectorTableStore store = new PgVectorTableStore(vectorDb, tables, Duration.ofSeconds(60));
        DataDirectory data = new DataDirectory(dataDir);
        vectorAdmin = new VectorAdminService(store, tables, new PgLangChainTables(tables), data, clock);
        PgTaskRepository tasks = new PgTaskRepository(vectorDb).migrate();
        FileTaskWorkspace workspace = new FileTaskWorkspace(data);
        WorkflowRunner runner = new WorkflowRunner(new WorkflowRunner.Dependencies(tasks, workspace,
                new PgSchemaInspector(businessDbs), new PgSqlValidator(businessDbs), Optional.empty(),
                new OfflineEmbedder(1024), vectorAdmin, tables, clock, Duration.ZERO));
        createTask = new CreateTaskService(tasks, workspace, clock);
        // Runnable::run executes in the calling thread; pass an ExecutorService to run in the background
        executeTask = new ExecuteTaskService(tasks, workspace, runner, new VectorManagementPolicy(), Runnable::run, clock);
        getTask = new GetTaskService(tasks, clock, java.util.Optional.<io.datapipeline.core.port.in.ListVectorBackupsUseCase>of(vectorAdmin));
    }

    public BackupVectorTablesUseCase backup() {
        return vectorAdmin;
    }

    public RestoreVectorBackupUseCase restore() {
        return vectorAdmin;
    }

    public CreateTaskUseCase createTask() {
        return createTask;
    }

    public ExecuteTaskUseCase executeTask() {
        return executeTask;
    }

    public GetTaskUseCase getTask() {
        return getTask;
    }

    @Override
    public void close() {
        businessDbs.close();
        vectorDb.close();
    }
}
