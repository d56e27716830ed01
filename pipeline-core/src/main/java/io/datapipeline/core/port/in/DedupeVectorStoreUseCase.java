package io.datapipeline.core.port.in;

import io.datapipeline.core.vector.DedupeReport;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Duration;

/**
 * Removes duplicate {@code (collection, document)} rows that older loads or other tools left, keeping one of
 * each, after a backup into the global folder, in one transaction; or, as a dry run, only reports them.
 */
public interface DedupeVectorStoreUseCase {

    /**
     * @param apply    remove the duplicates; false: report only, change nothing
     * @param lockWait how long to wait for the store lock
     * @param progress progress of the backup
     */
    DedupeReport dedupe(boolean apply, Duration lockWait, TransferProgress progress);
}
