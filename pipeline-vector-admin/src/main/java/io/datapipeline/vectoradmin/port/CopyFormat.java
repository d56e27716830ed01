package io.datapipeline.vectoradmin.port;

/** How a table streams in and out with {@code COPY}: the bytes PostgreSQL sends and takes, unchanged. */
public enum CopyFormat {

    /** {@code FORMAT csv, HEADER}: the first record is the column list; byte-identical to {@code psql \copy}. */
    CSV,

    /**
     * {@code FORMAT binary}: PostgreSQL's binary tuples (signature, flags, header extension, then per row a field
     * count and length-prefixed values, and a trailer). Values are the types' binary send formats, so a stream
     * loads only into columns of the same types.
     */
    BINARY
}
