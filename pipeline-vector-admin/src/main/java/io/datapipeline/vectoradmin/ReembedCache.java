package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vectors a re-embed has paid for, kept in the data directory until its commit so that an interrupted run, run
 * again, embeds only what is left: one append-only file per model ({@code <data dir>/reembed/<provider>_<model>_<dim>.bin}),
 * a header naming the model, then fixed-size records of the SHA-256 of a document's text, its vector and a CRC-32 of
 * both. Each batch is appended and forced to disk before the next is embedded; a torn last record (the process died
 * while writing it) is ignored and cut off. One process at a time uses a file (a file lock).
 */
final class ReembedCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReembedCache.class);
    private static final int HASH = 32;

    private final Path file;
    private final int dimension;
    private final int recordSize;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, Long> offsets;
    private long end;
    private boolean closed;

    private ReembedCache(Path file, int dimension, FileChannel channel, FileLock lock, Map<String, Long> offsets,
            long end) {
        this.file = file;
        this.dimension = dimension;
        this.recordSize = recordSize(dimension);
        this.channel = channel;
        this.lock = lock;
        this.offsets = offsets;
        this.end = end;
    }

    private static int recordSize(int dimension) {
        return HASH + 4 * dimension + 4;
    }

    /** The cache file of a model in {@code root} (the data directory). */
    static Path fileOf(Path root, EmbeddingProvenance model) {
        return root.resolve("reembed").resolve(safe(model.provider()) + "_" + safe(model.model()) + "_"
                + model.dimension() + ".bin");
    }

    private static String safe(String s) {
        String cleaned = s.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
    }

    private static byte[] header(EmbeddingProvenance model) {
        return ("data-pipeline re-embed cache 1\t" + model.provider() + "\t" + model.model() + "\t" + model.dimension()
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The key of a document: the SHA-256 of its text, in hex. */
    static String key(String document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The keys a cache file holds (for a dry run: read only, no lock); empty when there is none or it is another model's. */
    static Set<String> keysIn(Path file, EmbeddingProvenance model) {
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, Long> offsets = new HashMap<>();
            scan(ch, model, offsets);
            return Set.copyOf(offsets.keySet());
        } catch (IOException e) {
            throw new PipelineException("cannot read the re-embed cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens (or creates) the cache of {@code model}, cutting off a torn last record. */
    static ReembedCache open(Path file, EmbeddingProvenance model) {
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BusyException("another re-embed with " + model.describe() + " is running (it holds " + file
                        + "); nothing was started");
            }
            Map<String, Long> offsets = new HashMap<>();
            long end = scan(ch, model, offsets);
            if (end < 0) {
                // empty, or another model's file under the same name: start afresh
                if (ch.size() > 0) {
                    LOG.warn("re-embed cache {} is not one of {}; it is started afresh", file, model.describe());
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(header(model)), 0);
                ch.force(true);
                end = header(model).length;
            } else if (end < ch.size()) {
                LOG.warn("re-embed cache {}: a torn last record ({} bytes) is cut off", file, ch.size() - end);
                ch.truncate(end);
                ch.force(true);
            }
            return new ReembedCache(file, model.dimension(), ch, lock, offsets, end);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new PipelineException("cannot open the re-embed cache " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /**
     * Reads the records of a cache into {@code offsets} (key to the offset of its vector).
     *
     * @return where the last whole record ends, or {@code -1} when the header is not the model's
     */
    private static long scan(FileChannel ch, EmbeddingProvenance model, Map<String, Long> offsets) throws IOException {
        byte[] header = header(model);
        ByteBuffer h = ByteBuffer.allocate(header.length);
        readFully(ch, h, 0);
        if (h.position() < header.length || !java.util.Arrays.equals(h.array(), header)) {
            return -1;
        }
        int size = recordSize(model.dimension());
        ByteBuffer r = ByteBuffer.allocate(size);
        long pos = header.length;
        CRC32 crc = new CRC32();
        while (true) {
            r.clear();
            readFully(ch, r, pos);
            if (r.position() < size) {
                return pos;
            }
            crc.reset();
            crc.update(r.array(), 0, size - 4);
            if ((int) crc.getValue() != r.getInt(size - 4)) {
                return pos;
            }
            offsets.put(HexFormat.of().formatHex(r.array(), 0, HASH), pos + HASH);
            pos += size;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    boolean has(String key) {
        return offsets.containsKey(key);
    }

    int size() {
        return offsets.size();
    }

    Path file() {
        return file;
    }

    /** The vector of a key the cache holds. */
    float[] get(String key) {
        Long at = offsets.get(key);
        if (at == null) {
            throw new PipelineException("the re-embed cache " + file + " holds no vector for document " + key);
        }
        ByteBuffer b = ByteBuffer.allocate(4 * dimension);
        try {
            readFully(channel, b, at);
        } catch (IOException e) {
            throw new PipelineException("cannot read the re-embed cache " + file + ": " + e.getMessage(), e);
        }
        b.flip();
        float[] v = new float[dimension];
        b.asFloatBuffer().get(v);
        return v;
    }

    /** Appends one batch and forces it to disk: after this, a crash no longer loses it. */
    void append(List<String> keys, List<float[]> vectors) {
        ByteBuffer b = ByteBuffer.allocate(recordSize * keys.size());
        CRC32 crc = new CRC32();
        for (int i = 0; i < keys.size(); i++) {
            int start = b.position();
            b.put(HexFormat.of().parseHex(keys.get(i)));
            for (float f : vectors.get(i)) {
                b.putFloat(f);
            }
            crc.reset();
            crc.update(b.array(), start, recordSize - 4);
            b.putInt((int) crc.getValue());
        }
        b.flip();
        try {
            long pos = end;
            while (b.hasRemaining()) {
                pos += channel.write(b, pos);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new PipelineException("cannot write the re-embed cache " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < keys.size(); i++) {
            offsets.put(keys.get(i), end + (long) i * recordSize + HASH);
        }
        end += (long) recordSize * keys.size();
    }

    /** Removes the file (its vectors are in the store now). */
    void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the re-embed cache {} (its vectors are in the store; delete it by hand): {}",
                    file, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the lock of {} failed: {}", file, e.getMessage());
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing a re-embed cache failed: {}", e.getMessage());
            }
        }
    }
}
