package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.PipelineException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on one backup set ({@code .inuse_<ts>} in its folder, an operating-system file lock): held
 * by a restore while it reads the set, and by prune or delete while they remove it, so a set is never deleted
 * under a restore. The operating system drops it when the process dies.
 */
public final class SetLock implements AutoCloseable {

    public static final String PREFIX = ".inuse_";

    private final FileChannel channel;
    private final FileLock lock;

    private SetLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another restore, prune or delete holds it. */
    public static Optional<SetLock> tryAcquire(Path dir, BackupTimestamp ts) {
        Path file = dir.resolve(PREFIX + ts.value());
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new PipelineException("cannot open the lock file of backup set " + ts + " in " + dir + ": "
                    + e.getMessage(), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new SetLock(channel, lock));
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            throw new PipelineException("cannot lock backup set " + ts + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Releases the lock; its file stays until the set is deleted (removing it here would let two holders race). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
