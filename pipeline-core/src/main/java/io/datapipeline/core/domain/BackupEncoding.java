package io.datapipeline.core.domain;

import java.util.Objects;

/**
 * The format and compression of a backup set's data files.
 *
 * @param format      csv or binary
 * @param compression none or zstd
 */
public record BackupEncoding(BackupFormat format, Compression compression) {

    /** The original's: uncompressed CSV. */
    public static final BackupEncoding CSV = new BackupEncoding(BackupFormat.CSV, Compression.NONE);

    public BackupEncoding {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(compression, "compression");
    }

    /** {@code .csv}, {@code .pgcopy}, {@code .csv.zst} or {@code .pgcopy.zst}. */
    public String extension() {
        return format.extension() + compression.suffix();
    }

    @Override
    public String toString() {
        return format.wire() + (compression == Compression.NONE ? "" : "+" + compression.wire());
    }
}
