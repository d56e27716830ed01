package io.datapipeline.vectoradmin.sets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where an export streams to: a new file, written through a fixed 1 MiB buffer, hashed with SHA-256 on
 * the way, and synced to disk in the background every 16 MiB so the final fsync has little left to do.
 * Memory use does not depend on the table size.
 */
public final class ExportSink extends OutputStream {

    private static final int BUFFER = 1 << 20;
    private static final long SYNC_EVERY = 16L << 20;

    private final FileChannel channel;
    private final MessageDigest sha;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final Executor syncer;
    private CompletableFuture<Void> pendingSync;
    private long bytes;
    private long unsynced;
    private boolean closed;

    ExportSink(Path file, Executor syncer) throws IOException {
        this(file, syncer, true);
    }

    /** @param hash hash the bytes ({@code false} when the caller hashes exactly these bytes already) */
    ExportSink(Path file, Executor syncer, boolean hash) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.syncer = syncer;
        this.sha = hash ? sha256() : null;
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (sha != null) {
            sha.update(b, off, len);
        }
        bytes += len;
        int o = off;
        int remaining = len;
        while (remaining > 0) {
            int n = Math.min(remaining, buffer.remaining());
            buffer.put(b, o, n);
            o += n;
            remaining -= n;
            if (!buffer.hasRemaining()) {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        unsynced += n;
        if (unsynced >= SYNC_EVERY && (pendingSync == null || pendingSync.isDone())) {
            checkSync();
            pendingSync = CompletableFuture.runAsync(() -> {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, syncer);
            unsynced = 0;
        }
    }

    private void checkSync() throws IOException {
        if (pendingSync == null) {
            return;
        }
        try {
            pendingSync.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("fsync failed: " + cause.getMessage(), cause);
        }
    }

    /** Writes what is buffered, syncs the file to disk, closes it and returns its SHA-256 (hex; {@code null} unhashed). */
    String finish() throws IOException {
        drain();
        checkSync();
        channel.force(true);
        channel.close();
        closed = true;
        return sha == null ? null : HexFormat.of().formatHex(sha.digest());
    }

    long bytes() {
        return bytes;
    }

    /** Closes without syncing (the file is about to be deleted). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted by the caller
            }
        }
    }
}
