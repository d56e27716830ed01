package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.DatabaseUrl;

/**
 * The vector-table operations on a vector database the caller names instead of the configured one (the original's
 * {@code db_connection} on its backup, restore and listing routes), so a set taken in staging can be restored into
 * production. Everything is as on the configured database: its store lock, its commit outcomes, the provenance and
 * dimension guards, the free-space floor of this data directory, where the sets are written and read. The
 * connection is the caller's, never stored; its password is never logged or returned.
 */
public interface TargetVectorDatabaseUseCase {

    /** Whether {@code database} is the configured vector database (the same host, port and database name). */
    boolean isConfigured(DatabaseUrl database);

    /**
     * The operations on {@code database}: the configured service when it is the configured database, else a service
     * of its own on fresh connections, which {@link Target#close()} releases.
     */
    Target open(DatabaseUrl database);

    /** The backup, restore and listing use cases on one vector database; close it when done. */
    interface Target extends AutoCloseable {
        BackupVectorTablesUseCase backup();

        RestoreVectorBackupUseCase restore();

        ListVectorBackupsUseCase list();

        /** Releases the connections to the database (nothing for the configured one). */
        @Override
        void close();
    }
}
