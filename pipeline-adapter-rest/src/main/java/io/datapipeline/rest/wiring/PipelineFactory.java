package io.datapipeline.rest.wiring;

import io.datapipeline.assembly.Pipeline;
import io.datapipeline.core.domain.PipelineSettings;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.in.DedupeVectorStoreUseCase;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.ListBusinessTablesUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.PreviewExecutionUseCase;
import io.datapipeline.core.port.in.PruneVectorBackupsUseCase;
import io.datapipeline.core.port.in.QueryTasksUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.TaskFilesUseCase;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the controllers the use cases (port.in interfaces) of one {@link Pipeline}, whose executions run on a
 * bounded pool of worker threads.
 */
@Factory
@io.micronaut.context.annotation.Context
public class PipelineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFactory.class);

    private final ThreadPoolExecutor workers;
    private final Pipeline pipeline;
    private final java.util.Optional<BackupScheduler> scheduler;

    public PipelineFactory(RestSettings rest) {
        PipelineSettings settings = rest.pipeline();
        settings.requireVectorDatabase();
        int threads = settings.executionThreads();
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "pipeline-execution-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        });
        pipeline = Pipeline.of(settings, "data-pipeline-rest", workers, Clock.systemDefaultZone());
        pipeline.executeTask();
        int interrupted = pipeline.reconcileInterruptedTasks();
        if (interrupted > 0) {
            LOG.warn("{} task(s) were left in progress by a stopped server and are now failed (interrupted)", interrupted);
        }
        LOG.info("data pipeline ready: {} auth={}", pipeline.describe(),
                settings.apiTokens().enabled() ? "bearer tokens " + settings.apiTokens().counts() : "none");
        scheduler = BackupScheduler.start(settings.backups().schedule(), pipeline::scheduledBackups);
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.TargetVectorDatabaseUseCase.class)
    io.datapipeline.core.port.in.TargetVectorDatabaseUseCase targetVectorDatabase() {
        return pipeline.targetVectorDatabase();
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.SearchVectorStoreUseCase.class)
    io.datapipeline.core.port.in.SearchVectorStoreUseCase searchVectorStore() {
        return pipeline.searchVectorStore();
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.InspectVectorStoreUseCase.class)
    io.datapipeline.core.port.in.InspectVectorStoreUseCase inspectVectorStore() {
        return pipeline.inspectVectorStore();
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.EvaluateRetrievalUseCase.class)
    io.datapipeline.core.port.in.EvaluateRetrievalUseCase evaluateRetrieval() {
        return pipeline.evaluateRetrieval();
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.RetrievalHistoryUseCase.class)
    io.datapipeline.core.port.in.RetrievalHistoryUseCase retrievalHistory() {
        return pipeline.retrievalHistory();
    }

    @Singleton
    @Bean(typed = CreateTaskUseCase.class)
    CreateTaskUseCase createTask() {
        return pipeline.createTask();
    }

    @Singleton
    @Bean(typed = ExecuteTaskUseCase.class)
    ExecuteTaskUseCase executeTask() {
        return pipeline.executeTask();
    }

    @Singleton
    @Bean(typed = GetTaskUseCase.class)
    GetTaskUseCase getTask() {
        return pipeline.getTask();
    }

    @Singleton
    @Bean(typed = QueryTasksUseCase.class)
    QueryTasksUseCase queryTasks() {
        return pipeline.queryTasks();
    }

    @Singleton
    @Bean(typed = DeleteTasksUseCase.class)
    DeleteTasksUseCase deleteTasks() {
        return pipeline.deleteTasks();
    }

    @Singleton
    @Bean(typed = TaskFilesUseCase.class)
    TaskFilesUseCase taskFiles() {
        return pipeline.taskFiles();
    }

    @Singleton
    @Bean(typed = TaskLogsUseCase.class)
    TaskLogsUseCase taskLogs() {
        return pipeline.taskLogs();
    }

    @Singleton
    @Bean(typed = BackupVectorTablesUseCase.class)
    BackupVectorTablesUseCase backupVectorTables() {
        return pipeline.backupVectorTables();
    }

    @Singleton
    @Bean(typed = ListVectorBackupsUseCase.class)
    ListVectorBackupsUseCase listVectorBackups() {
        return pipeline.listVectorBackups();
    }

    @Singleton
    @Bean(typed = VerifyVectorBackupUseCase.class)
    VerifyVectorBackupUseCase verifyVectorBackup() {
        return pipeline.verifyVectorBackup();
    }

    @Singleton
    @Bean(typed = RestoreVectorBackupUseCase.class)
    RestoreVectorBackupUseCase restoreVectorBackup() {
        return pipeline.restoreVectorBackup();
    }

    @Singleton
    @Bean(typed = DedupeVectorStoreUseCase.class)
    DedupeVectorStoreUseCase dedupeVectorStore() {
        return pipeline.dedupeVectorStore();
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.ReembedVectorStoreUseCase.class)
    io.datapipeline.core.port.in.ReembedVectorStoreUseCase reembedVectorStore() {
        return pipeline.reembedVectorStore();
    }

    @Singleton
    @Bean(typed = PreviewExecutionUseCase.class)
    PreviewExecutionUseCase previewExecution() {
        return pipeline.previewExecution();
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.CancelExecutionUseCase.class)
    io.datapipeline.core.port.in.CancelExecutionUseCase cancelExecution() {
        return pipeline.cancelExecution();
    }

    @Singleton
    @Bean(typed = io.datapipeline.core.port.in.ExecutionEventsUseCase.class)
    io.datapipeline.core.port.in.ExecutionEventsUseCase executionEvents() {
        return pipeline.executionEvents();
    }

    @Singleton
    @Bean(typed = PruneVectorBackupsUseCase.class)
    PruneVectorBackupsUseCase pruneVectorBackups() {
        return pipeline.pruneVectorBackups();
    }

    @Singleton
    @Bean(typed = ListBusinessTablesUseCase.class)
    ListBusinessTablesUseCase listBusinessTables() {
        return pipeline.listBusinessTables();
    }

    @Singleton
    @Bean(typed = DescribeBusinessTableUseCase.class)
    DescribeBusinessTableUseCase describeBusinessTable() {
        return pipeline.describeBusinessTable();
    }

    @PreDestroy
    void close() {
        scheduler.ifPresent(BackupScheduler::close);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("executions still running at shutdown; their tasks will show as interrupted");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipeline.close();
    }
}
