package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.port.out.VectorTableStore;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.VerifyReport;
import java.time.Clock;
import java.util.Optional;

/**
 * Vector-table management: back up (and truncate), list, verify and restore the LangChain tables. One
 * implementation for the CLI, the REST API, the workflow's {@code training_load} and library users.
 */
public final class VectorAdminService implements BackupVectorTablesUseCase, ListVectorBackupsUseCase,
        VerifyVectorBackupUseCase, RestoreVectorBackupUseCase {

    private final BackupWriter writer;
    private final BackupCatalog catalog;
    private final Restorer restorer;

    /**
     * @param store   the vector database
     * @param tables  the configured tables and truncate scope
     * @param dataDir the data directory
     * @param clock   time source for timestamps and logs
     */
    public VectorAdminService(VectorTableStore store, VectorTables tables, DataDirectory dataDir, Clock clock) {
        BackupFileNames names = new BackupFileNames(tables);
        this.writer = new BackupWriter(store, tables, dataDir, names, clock);
        this.catalog = new BackupCatalog(tables, dataDir, names, clock);
        this.restorer = new Restorer(store, tables, dataDir, names, catalog);
    }

    @Override
    public VectorManagementReport backup(BackupVectorTablesCommand command) {
        return writer.backup(command);
    }

    @Override
    public BackupListing list(Optional<TaskId> taskId, boolean globalOnly) {
        return catalog.list(taskId, globalOnly);
    }

    @Override
    public VerifyReport verify(BackupLocation location, BackupTimestamp timestamp) {
        return catalog.verify(location, timestamp);
    }

    @Override
    public RestoreReport restore(RestoreVectorBackupCommand command) {
        return restorer.restore(command);
    }

    /** Runs {@code work} in the given session, or in a new one that is closed afterwards. */
    static <T> T withSession(VectorTableStore store, Optional<VectorStoreSession> given, String purpose,
            java.time.Duration wait, java.util.function.Function<VectorStoreSession, T> work) {
        if (given.isPresent()) {
            return work.apply(given.get());
        }
        try (VectorStoreSession session = store.openSession(purpose, wait)) {
            return work.apply(session);
        }
    }

    /** Exceptions that mean "the caller asked for something wrong" and must reach the adapter as such. */
    static boolean isCallerError(RuntimeException e) {
        return e instanceof BusyException || e instanceof InvalidInputException || e instanceof NotFoundException;
    }

    static String message(Throwable e) {
        Throwable t = e;
        if (t instanceof PipelineException && t.getMessage() != null) {
            return t.getMessage();
        }
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String display(TableName t) {
        return t.display();
    }
}
