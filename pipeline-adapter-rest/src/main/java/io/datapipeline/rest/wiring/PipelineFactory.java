package io.datapipeline.rest.wiring;

import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.in.DedupeVectorStoreUseCase;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.QueryTasksUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.TaskFilesUseCase;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.datapipeline.core.service.CreateTaskService;
import io.datapipeline.core.service.ExecuteTaskService;
import io.datapipeline.core.service.GetTaskService;
import io.datapipeline.core.service.TaskAdminService;
import io.datapipeline.core.service.TaskFilesService;
import io.datapipeline.core.service.TaskLogsService;
import io.datapipeline.core.service.WorkflowRunner;
import io.datapipeline.core.service.WorkflowSteps;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.llm.ModelSettings;
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
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place of the REST adapter that names concrete services and adapters: builds the object graph
 * from the settings and hands the controllers use cases (port.in interfaces) only.
 */
@Factory
@io.micronaut.context.annotation.Context
public class PipelineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFactory.class);

    private final PgConnections vectorDb;
    private final BusinessDatabases business = new BusinessDatabases(5);
    private final PgTaskRepository tasks;
    private final FileTaskWorkspace workspace;
    private final VectorAdminService vectorAdmin;
    private final GetTaskService getTask;
    private final ExecuteTaskService execute;
    private final ThreadPoolExecutor workers;
    private final Clock clock = Clock.systemDefaultZone();

    public PipelineFactory(RestSettings settings) {
        VectorTables tables = VectorTables.langchainDefaults();
        vectorDb = new PgConnections(settings.vectorDatabase(), "data-pipeline-rest", 8);
        tasks = new PgTaskRepository(vectorDb).migrate();
        DataDirectory dataDir = new DataDirectory(settings.dataDir());
        workspace = new FileTaskWorkspace(dataDir);
        PgVectorTableStore store = new PgVectorTableStore(vectorDb, tables, Duration.ofSeconds(60));
        vectorAdmin = new VectorAdminService(store, tables, new PgLangChainTables(tables), dataDir, clock);
        ModelSettings models = new ModelSettings(settings::byEnvName);
        WorkflowRunner runner = new WorkflowRunner(tasks, workspace, clock, WorkflowSteps.standard(workspace,
                new PgSchemaInspector(business), new PgSqlValidator(business), models.languageModel(),
                models.embeddingModel(), vectorAdmin, clock, Duration.ZERO));
        int threads = Math.max(1, settings.executionThreads());
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "pipeline-execution-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        });
        getTask = new GetTaskService(tasks, clock, java.util.Optional.<io.datapipeline.core.port.in.ListVectorBackupsUseCase>of(vectorAdmin));
        execute = new ExecuteTaskService(tasks, workspace, runner, new VectorManagementPolicy(), workers, clock);
        int interrupted = getTask.reconcileAll();
        if (interrupted > 0) {
            LOG.warn("{} task(s) were left in progress by a stopped server and are now failed (interrupted)", interrupted);
        }
        LOG.info("data pipeline ready: database={} data_dir={} chat_model={} embeddings={} auth={}",
                settings.vectorDatabase().masked(), settings.dataDir(),
                models.languageModel().map(m -> m.describe()).orElse("none"), models.embeddingModel().describe(),
                settings.apiToken().isPresent() ? "bearer token" : "none");
    }

    @Singleton
    @Bean(typed = CreateTaskUseCase.class)
    CreateTaskUseCase createTask() {
        return new CreateTaskService(tasks, workspace, clock);
    }

    @Singleton
    @Bean(typed = ExecuteTaskUseCase.class)
    ExecuteTaskUseCase executeTask() {
        return execute;
    }

    @Singleton
    @Bean(typed = GetTaskUseCase.class)
    GetTaskUseCase getTask() {
        return getTask;
    }

    @Singleton
    @Bean(typed = QueryTasksUseCase.class)
    QueryTasksUseCase queryTasks() {
        return getTask;
    }

    @Singleton
    @Bean(typed = DeleteTasksUseCase.class)
    DeleteTasksUseCase deleteTasks() {
        return new TaskAdminService(tasks, workspace);
    }

    @Singleton
    @Bean(typed = TaskFilesUseCase.class)
    TaskFilesUseCase taskFiles() {
        return new TaskFilesService(tasks, workspace, clock);
    }

    @Singleton
    @Bean(typed = TaskLogsUseCase.class)
    TaskLogsUseCase taskLogs() {
        return new TaskLogsService(tasks, workspace);
    }

    @Singleton
    @Bean(typed = BackupVectorTablesUseCase.class)
    BackupVectorTablesUseCase backupVectorTables() {
        return vectorAdmin;
    }

    @Singleton
    @Bean(typed = ListVectorBackupsUseCase.class)
    ListVectorBackupsUseCase listVectorBackups() {
        return vectorAdmin;
    }

    @Singleton
    @Bean(typed = VerifyVectorBackupUseCase.class)
    VerifyVectorBackupUseCase verifyVectorBackup() {
        return vectorAdmin;
    }

    @Singleton
    @Bean(typed = RestoreVectorBackupUseCase.class)
    RestoreVectorBackupUseCase restoreVectorBackup() {
        return vectorAdmin;
    }

    @Singleton
    @Bean(typed = DedupeVectorStoreUseCase.class)
    DedupeVectorStoreUseCase dedupeVectorStore() {
        return vectorAdmin;
    }

    @PreDestroy
    void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("executions still running at shutdown; their tasks will show as interrupted");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        business.close();
        vectorDb.close();
    }
}
