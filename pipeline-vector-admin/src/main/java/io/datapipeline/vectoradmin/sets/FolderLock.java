package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.PipelineException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on a backup folder ({@code .lock} in it, an operating-system file lock), held while a set is
 * written there and while earlier sets are settled. The store lock serialises the operations of one database;
 * this one covers tools of several databases that share a data directory, so one never settles (or removes
 * the temporary files of) a set the other is writing. The operating system drops it when the process dies.
 */
public final class FolderLock implements AutoCloseable {

    static final String NAME = ".lock";
    private static final long POLL_MILLIS = 100;

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static FolderLock acquire(Path dir, Duration wait) {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new PipelineException("cannot open the lock file of backup folder " + dir + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null) {
                    return new FolderLock(channel, lock);
                }
                if (System.nanoTime() >= deadline) {
                    channel.close();
                    throw new BusyException("backup folder " + dir + " is in use by another process (writing a backup "
                            + "set, perhaps of another database that shares this data directory); nothing was changed");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new PipelineException("cannot lock backup folder " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while waiting for backup folder " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
