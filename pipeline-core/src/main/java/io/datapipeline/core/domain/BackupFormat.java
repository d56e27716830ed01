package io.datapipeline.core.domain;


/**
 * How a backup set stores its rows: {@code csv}, byte-identical to {@code psql \copy … (FORMAT csv, HEADER)} and
 * readable by people and by the original tool; or {@code binary}, PostgreSQL's binary COPY format (no text
 * formatting of the floats: several times faster and about a third of the bytes).
 */
public enum BackupFormat {
    CSV("csv", ".csv"),
    BINARY("binary", ".pgcopy");

    private final String wire;
    private final String extension;

    BackupFormat(String wire, String extension) {
        this.wire = wire;
        this.extension = extension;
    }

    public String wire() {
        return wire;
    }

    /** The data file's extension, before any compression suffix. */
    public String extension() {
        return extension;
    }

    /**
     * Parses a wire name.
     *
     * @param field the input that carried it, named in the error
     */
    public static BackupFormat fromWire(String raw, String field) {
        for (BackupFormat f : values()) {
            if (f.wire.equals(raw)) {
                return f;
            }
        }
        throw InvalidInputException.invalid(field, field + " must be csv or binary, not '" + Printable.of(raw) + "'");
    }

    @Override
    public String toString() {
        return wire;
    }
}
