package io.datapipeline.core.port.out;

/** How a table streams in and out with {@code COPY}. */
public enum CopyFormat {

    /** {@code FORMAT csv, HEADER}: the first record is the column list; byte-identical to {@code psql \copy}. */
    CSV
}
