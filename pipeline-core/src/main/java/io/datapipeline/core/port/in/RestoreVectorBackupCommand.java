package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Restore a backup set.
 *
 * @param location    where the set is
 * @param timestamp   which set
 * @param tables      table names to restore ({@code null}: both)
 * @param replace     {@code truncate_before_restore}: remove the tables' rows first, in the same transaction (with
 *                    {@code collections}: only those collections' rows)
 * @param force       restore a set that is listed {@code incomplete} (its transaction rolled back or its outcome is
 *                    unknown); the files' checksums are still verified
 * @param lockWait    how long to wait for the store lock
 * @param progress    progress receiver
 * @param collections restore only the rows of these collections (by name), or {@code null} for every row
 */
public record RestoreVectorBackupCommand(BackupLocation location, BackupTimestamp timestamp, List<String> tables,
        boolean replace, boolean force, Duration lockWait, TransferProgress progress, List<String> collections) {

    public RestoreVectorBackupCommand {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(lockWait, "lockWait");
        tables = tables == null ? null : List.copyOf(tables);
        progress = progress == null ? TransferProgress.NONE : progress;
        if (collections != null) {
            collections = collections.stream().map(String::trim).filter(c -> !c.isEmpty()).distinct().toList();
            if (collections.isEmpty()) {
                throw InvalidInputException.invalid("collections", "collections names no collection; give one or "
                        + "more collection names (e.g. sql,ddl), or leave it out to restore every row");
            }
            if (tables != null && tables.size() == 1) {
                throw InvalidInputException.invalid("collections", "a restore of chosen collections restores both "
                        + "tables (their collection rows and their embeddings); leave tables out");
            }
        }
    }

    /** Every collection. */
    public RestoreVectorBackupCommand(BackupLocation location, BackupTimestamp timestamp, List<String> tables,
            boolean replace, boolean force, Duration lockWait, TransferProgress progress) {
        this(location, timestamp, tables, replace, force, lockWait, progress, null);
    }

    public static RestoreVectorBackupCommand of(BackupLocation location, BackupTimestamp timestamp, boolean replace) {
        return new RestoreVectorBackupCommand(location, timestamp, null, replace, false, Duration.ZERO,
                TransferProgress.NONE, null);
    }

    public RestoreVectorBackupCommand withCollections(List<String> names) {
        return new RestoreVectorBackupCommand(location, timestamp, tables, replace, force, lockWait, progress, names);
    }
}
