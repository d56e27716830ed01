package io.datapipeline.core.port.in;

import io.datapipeline.core.vector.RestoreReport;

/**
 * Restores a backup set into the vector tables in one transaction, collection before embedding,
 * appending (rows whose key exists are skipped) or replacing (both tables emptied first, in the same
 * transaction). A failure anywhere leaves the tables exactly as they were.
 */
public interface RestoreVectorBackupUseCase {

    /**
     * @return the report; {@link RestoreReport#success()} is false when the transaction was rolled back
     * @throws io.datapipeline.core.domain.NotFoundException when the set or one of its files does not exist
     * @throws io.datapipeline.core.domain.InvalidInputException for tables outside the configured set
     * @throws io.datapipeline.core.domain.BusyException when another vector operation holds the store lock
     */
    RestoreReport restore(RestoreVectorBackupCommand command);
}
