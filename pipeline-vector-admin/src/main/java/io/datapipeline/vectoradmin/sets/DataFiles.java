package io.datapipeline.vectoradmin.sets;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.vector.TransferProgress;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The data files of a backup set in every encoding. Two digests are kept for each: {@code sha256} over the
 * stored bytes (what is on disk, compressed or not), and {@code content_sha256} over the COPY stream itself
 * (equal to {@code sha256} when uncompressed), which a restore drill compares with what the database gives back.
 * Rows of a binary stream are counted while it streams, in either direction.
 */
public final class DataFiles {

    /** zstd level: fast; random float mantissas do not compress much at any level. */
    static final int ZSTD_LEVEL = 1;

    private DataFiles() {
    }

    /** The sink for a data file of this encoding: it hashes the stored bytes only when they are not the content. */
    static ExportSink sink(Path file, BackupEncoding encoding, java.util.concurrent.Executor syncer)
            throws IOException {
        return new ExportSink(file, syncer, encoding.compression() != Compression.NONE);
    }

    /**
     * Where an export's COPY stream goes: hashed, followed (binary: rows counted), compressed on a zstd worker
     * thread of its own (so compression overlaps the COPY), and written through {@link ExportSink}.
     */
    static final class Writer extends OutputStream {
        private final ExportSink file;
        private final OutputStream target;
        private final MessageDigest content = ExportSink.sha256();
        private final BinaryCopyScanner scanner;
        private final CsvCountsTap csvTap;
        private final TransferProgress progress;
        private final String table;
        private final boolean reportChunks;
        private long contentBytes;
        private String storedSha;
        private String contentSha;
        private boolean finished;

        Writer(ExportSink file, BackupEncoding encoding, int columns, TransferProgress progress, String table)
                throws IOException {
            this(file, encoding, columns, progress, table, null);
        }

        /**
         * @param tap counts collections in the stream ({@link EmbeddingCountsTap} for binary, {@link CsvCountsTap} for
         *            CSV), or {@code null}
         */
        Writer(ExportSink file, BackupEncoding encoding, int columns, TransferProgress progress, String table,
                CountsTap tap) throws IOException {
            this.file = file;
            this.progress = progress;
            this.table = table;
            this.scanner = encoding.format() == BackupFormat.BINARY ? new BinaryCopyScanner(columns,
                    tap instanceof BinaryCopyScanner.Tap binaryTap ? binaryTap : null) : null;
            this.csvTap = encoding.format() == BackupFormat.CSV && tap instanceof CsvCountsTap c ? c : null;
            this.reportChunks = encoding.equals(BackupEncoding.CSV);
            OutputStream shielded = new FilterOutputStream(file) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            if (encoding.compression() == Compression.ZSTD) {
                ZstdOutputStream z = new ZstdOutputStream(shielded, ZSTD_LEVEL);
                z.setChecksum(true);
                z.setWorkers(1);
                this.target = z;
            } else {
                this.target = shielded;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            content.update(b, off, len);
            contentBytes += len;
            if (scanner != null) {
                scanner.update(b, off, len);
            } else if (csvTap != null) {
                csvTap.update(b, off, len);
            }
            target.write(b, off, len);
            if (reportChunks) {
                progress.chunk(table, b, off, len);
            } else {
                progress.transferred(table, len);
                if (scanner != null) {
                    progress.rows(table, scanner.rows());
                }
            }
        }

        /** Ends the stream: the compressor's last frame, the file synced and closed; returns the stored sha256. */
        String finish() throws IOException {
            if (scanner != null) {
                scanner.finish();
            }
            target.close();
            String fileSha = file.finish();
            contentSha = HexFormat.of().formatHex(content.digest());
            // uncompressed, the stored bytes are the content: one digest serves both
            storedSha = fileSha == null ? contentSha : fileSha;
            finished = true;
            return storedSha;
        }

        /** Rows seen in a binary stream, or {@code -1} for CSV (the database's count is used). */
        long rowsSeen() {
            return scanner == null ? -1 : scanner.rows();
        }

        public String contentSha256() {
            return contentSha;
        }

        long contentBytes() {
            return contentBytes;
        }

        /** Closes the file without syncing it (the export failed; the caller deletes it). */
        @Override
        public void close() {
            if (!finished) {
                try {
                    target.close();
                } catch (IOException | RuntimeException ignored) {
                    // the file is deleted by the caller
                }
                file.close();
            }
        }
    }

    /**
     * Reads a data file back as its COPY stream, hashing the stored bytes and the content on the way.
     */
    public static final class Reader extends InputStream {
        private final InputStream file;
        private final InputStream counted;
        private final MessageDigest stored = ExportSink.sha256();
        private final MessageDigest content;
        private final InputStream stream;
        private final BinaryCopyScanner scanner;
        private long storedBytes;

        public Reader(Path path, BackupEncoding encoding, int columns) throws IOException {
            // uncompressed, the content is the stored bytes: one digest serves both
            this.content = encoding.compression() == Compression.NONE ? null : ExportSink.sha256();
            InputStream raw = Files.newInputStream(path);
            this.file = raw;
            this.counted = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = raw.read(b, off, len);
                    if (n > 0) {
                        stored.update(b, off, n);
                        storedBytes += n;
                    }
                    return n;
                }
            };
            InputStream s = counted;
            if (encoding.compression() == Compression.ZSTD) {
                try {
                    s = new ZstdInputStream(counted);
                } catch (IOException | RuntimeException e) {
                    raw.close();
                    throw new IOException("not a zstd file: " + e.getMessage(), e);
                }
            }
            this.stream = s;
            this.scanner = encoding.format() == BackupFormat.BINARY ? new BinaryCopyScanner(columns) : null;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = stream.read(b, off, len);
            } catch (IOException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IOException("cannot decompress: " + e.getMessage(), e);
            }
            if (n > 0) {
                if (content != null) {
                    content.update(b, off, n);
                }
                if (scanner != null) {
                    scanner.update(b, off, n);
                }
            }
            return n;
        }

        /**
         * Reads what is left (so both digests cover every byte, even when the consumer stopped early) and checks
         * that a binary stream ended with its trailer.
         */
        public void drain() throws IOException {
            byte[] rest = new byte[1 << 16];
            try {
                while (read(rest, 0, rest.length) >= 0) {
                    // reading updates the digests
                }
            } finally {
                // the stored digest covers every byte of the file, even after the content could not be read
                while (counted.read(rest, 0, rest.length) >= 0) {
                    // bytes after the last zstd frame still count for the stored digest
                }
            }
            if (scanner != null) {
                scanner.finish();
            }
        }

        /** Rows of a binary stream read so far, or {@code -1} for CSV. */
        public long rows() {
            return scanner == null ? -1 : scanner.rows();
        }

        private String storedHex;

        /** The stored bytes' SHA-256; call once everything was read. */
        public String storedSha256() {
            if (storedHex == null) {
                storedHex = HexFormat.of().formatHex(stored.digest());
            }
            return storedHex;
        }

        private String contentHex;

        /** The content's SHA-256 (the stored one when uncompressed); call once everything was read. */
        public String contentSha256() {
            if (content == null) {
                return storedSha256();
            }
            if (contentHex == null) {
                contentHex = HexFormat.of().formatHex(content.digest());
            }
            return contentHex;
        }

        @Override
        public void close() throws IOException {
            stream.close();
            file.close();
        }
    }
}
