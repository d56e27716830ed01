package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Duration;
import java.util.Objects;

/**
 * Back up the vector tables.
 *
 * @param location where the set goes
 * @param truncate also empty the truncate scope, in the same transaction
 * @param lockWait how long to wait for the store lock ({@link Duration#ZERO}: fail at once when busy)
 * @param progress progress receiver
 * @param format      format of the data files, or {@code null} for the configured default
 * @param compression compression of the data files, or {@code null} for the configured default
 */
public record BackupVectorTablesCommand(BackupLocation location, boolean truncate, Duration lockWait,
        TransferProgress progress, BackupFormat format, Compression compression) {

    public BackupVectorTablesCommand {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(lockWait, "lockWait");
        progress = progress == null ? TransferProgress.NONE : progress;
    }

    /** With the configured default encoding. */
    public BackupVectorTablesCommand(BackupLocation location, boolean truncate, Duration lockWait,
            TransferProgress progress) {
        this(location, truncate, lockWait, progress, null, null);
    }

    public static BackupVectorTablesCommand of(BackupLocation location, boolean truncate) {
        return new BackupVectorTablesCommand(location, truncate, Duration.ZERO, TransferProgress.NONE, null, null);
    }

    public BackupVectorTablesCommand withEncoding(BackupEncoding e) {
        return new BackupVectorTablesCommand(location, truncate, lockWait, progress, e.format(), e.compression());
    }

    /** The encoding asked for, each half not given taken from {@code configured}. */
    public BackupEncoding encoding(BackupEncoding configured) {
        return new BackupEncoding(format == null ? configured.format() : format,
                compression == null ? configured.compression() : compression);
    }
}
