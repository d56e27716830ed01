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
 * @param exclusive   a replace that empties the tables with {@code TRUNCATE} instead of {@code DELETE}: faster (no
 *                    per-row delete, the load goes into empty tables and indexes), but the tables are locked
 *                    {@code ACCESS EXCLUSIVE} until the restore commits, so the assistant's reads wait meanwhile;
 *                    only for a replace of whole tables
 */
public record RestoreVectorBackupCommand(BackupLocation location, BackupTimestamp timestamp, List<String> tables,
        boolean replace, boolean force, Duration lockWait, TransferProgress progress, List<String> collections,
        boolean exclusive) {

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
        if (exclusive && !replace) {
            throw InvalidInputException.invalid("exclusive", "exclusive is a way to replace the tables; ask for a "
                    + "replace (truncate before restore) too, or leave exclusive out to append");
        }
        if (exclusive && collections != null) {
            throw InvalidInputException.invalid("exclusive", "exclusive empties whole tables, so it cannot replace "
                    + "only chosen collections; leave exclusive out (their rows are then deleted and the other "
                    + "collections stay)");
        }
    }

    public RestoreVectorBackupCommand(BackupLocation location, BackupTimestamp timestamp, List<String> tables,
            boolean replace, boolean force, Duration lockWait, TransferProgress progress, List<String> collections) {
        this(location, timestamp, tables, replace, force, lockWait, progress, collections, false);
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
        return new RestoreVectorBackupCommand(location, timestamp, tables, replace, force, lockWait, progress, names,
                exclusive);
    }

    /** The same restore, replacing with {@code TRUNCATE} under an exclusive lock (see {@code exclusive}). */
    public RestoreVectorBackupCommand withExclusive(boolean exclusiveReplace) {
        return new RestoreVectorBackupCommand(location, timestamp, tables, replace, force, lockWait, progress,
                collections, exclusiveReplace);
    }
}
