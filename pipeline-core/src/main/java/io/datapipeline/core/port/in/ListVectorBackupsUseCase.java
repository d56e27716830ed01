package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.vector.BackupListing;
import java.util.Optional;

/** Lists backup sets in the data directory, newest first, with what their manifests say. */
public interface ListVectorBackupsUseCase {

    /**
     * Scans for backup sets.
     *
     * @param taskId     only this task's folder; wins over {@code globalOnly}
     * @param globalOnly only the global folder
     */
    BackupListing list(Optional<TaskId> taskId, boolean globalOnly);
}
