package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.PruneReport;

/** Retention of backup sets: prune by rules, or delete one set. */
public interface PruneVectorBackupsUseCase {

    /** Lists (dry run) or deletes the sets the rules select; protected sets are reported with the reason. */
    PruneReport prune(PruneVectorBackupsCommand command);

    /**
     * Deletes one set.
     *
     * @throws io.datapipeline.core.domain.NotFoundException when there is no such set
     * @throws io.datapipeline.core.domain.ConflictException when the set is protected (the reason says why)
     */
    PruneReport delete(BackupLocation location, BackupTimestamp timestamp);
}
