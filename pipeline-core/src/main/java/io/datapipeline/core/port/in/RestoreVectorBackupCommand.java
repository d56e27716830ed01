package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Restore a backup set.
 *
 * @param location  where the set is
 * @param timestamp which set
 * @param tables    table names to restore ({@code null}: both)
 * @param replace   {@code truncate_before_restore}: remove the tables' rows first, in the same transaction
 * @param force     restore a set that is listed {@code incomplete} (its transaction rolled back or its outcome is
 *                  unknown); the files' checksums are still verified
 * @param lockWait  how long to wait for the store lock
 * @param progress  progress receiver
 */
public record RestoreVectorBackupCommand(BackupLocation location, BackupTimestamp timestamp, List<String> tables,
        boolean replace, boolean force, Duration lockWait, TransferProgress progress) {

    public RestoreVectorBackupCommand {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(lockWait, "lockWait");
        tables = tables == null ? null : List.copyOf(tables);
        progress = progress == null ? TransferProgress.NONE : progress;
    }

    public static RestoreVectorBackupCommand of(BackupLocation location, BackupTimestamp timestamp, boolean replace) {
        return new RestoreVectorBackupCommand(location, timestamp, null, replace, false, Duration.ZERO,
                TransferProgress.NONE);
    }
}
