package io.datapipeline.core.port.in;

import io.datapipeline.core.vector.VectorManagementReport;

/**
 * Backs up the vector tables into a new backup set and, when asked, truncates the truncate scope in the
 * same transaction. Truncate never happens without a complete, verified backup.
 */
public interface BackupVectorTablesUseCase {

    /**
     * Takes the backup.
     *
     * @return the seed's {@code vector_management} report; {@link VectorManagementReport#success()} is false
     *         when anything failed, in which case nothing was truncated and no file of the set remains
     * @throws io.datapipeline.core.domain.BusyException when another vector operation holds the store lock
     * @throws io.datapipeline.core.domain.InvalidInputException for a location that is not acceptable
     */
    VectorManagementReport backup(BackupVectorTablesCommand command);
}
