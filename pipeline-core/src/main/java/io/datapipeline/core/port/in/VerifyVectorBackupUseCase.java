package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.VerifyReport;

/** Re-reads a backup set and compares sizes, checksums, row counts and headers with its manifest. */
public interface VerifyVectorBackupUseCase {

    /**
     * @throws io.datapipeline.core.domain.NotFoundException when the set does not exist
     */
    default VerifyReport verify(BackupLocation location, BackupTimestamp timestamp) {
        return verify(location, timestamp, false);
    }

    /**
     * @param restoreTest also restore the set into scratch tables of the target database, in a transaction that
     *                    always rolls back, and compare row counts and content digests with the manifest (the
     *                    live tables are never touched); the report's {@code restoreTest} says whether it is
     *                    restorable and why not
     * @throws io.datapipeline.core.domain.NotFoundException when the set does not exist
     */
    VerifyReport verify(BackupLocation location, BackupTimestamp timestamp, boolean restoreTest);
}
