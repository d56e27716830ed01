package io.datapipeline.core.domain;


/** Whether a backup set's data files are compressed: {@code none}, or {@code zstd} ({@code .zst} appended). */
public enum Compression {
    NONE("none", ""),
    ZSTD("zstd", ".zst");

    private final String wire;
    private final String suffix;

    Compression(String wire, String suffix) {
        this.wire = wire;
        this.suffix = suffix;
    }

    public String wire() {
        return wire;
    }

    /** Appended to the data file's name. */
    public String suffix() {
        return suffix;
    }

    /**
     * Parses a wire name.
     *
     * @param field the input that carried it, named in the error
     */
    public static Compression fromWire(String raw, String field) {
        for (Compression c : values()) {
            if (c.wire.equals(raw)) {
                return c;
            }
        }
        throw InvalidInputException.invalid(field, field + " must be none or zstd, not '" + Printable.of(raw) + "'");
    }

    @Override
    public String toString() {
        return wire;
    }
}
