package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Restore a backup set.
 *
 * @param location  where the set is
 * @param timestamp which set
 * @param tables    table names to restore ({@code null}: both)
 * @param replace   {@code truncate_before_restore}: empty the tables first, in the same transaction
 * @param lockWait  how long to wait for the store lock
 * @param progress  progress receiver
 * @param session   an open session to run in; empty: open one
 */
public record RestoreVectorBackupCommand(BackupLocation location, BackupTimestamp timestamp, List<String> tables,
        boolean replace, Duration lockWait, TransferProgress progress, Optional<VectorStoreSession> session) {

    public RestoreVectorBackupCommand {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(lockWait, "lockWait");
        tables = tables == null ? null : List.copyOf(tables);
        progress = progress == null ? TransferProgress.NONE : progress;
        session = session == null ? Optional.empty() : session;
    }

    public static RestoreVectorBackupCommand of(BackupLocation location, BackupTimestamp timestamp, boolean replace) {
        return new RestoreVectorBackupCommand(location, timestamp, null, replace, Duration.ZERO, TransferProgress.NONE,
                Optional.empty());
    }

    public RestoreVectorBackupCommand inSession(VectorStoreSession s) {
        return new RestoreVectorBackupCommand(location, timestamp, tables, replace, lockWait, progress, Optional.of(s));
    }
}
