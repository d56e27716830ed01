package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.VerifyReport;

/** Re-reads a backup set and compares sizes, checksums, row counts and headers with its manifest. */
public interface VerifyVectorBackupUseCase {

    /**
     * @throws io.datapipeline.core.domain.NotFoundException when the set does not exist
     */
    VerifyReport verify(BackupLocation location, BackupTimestamp timestamp);
}
