package io.datapipeline.core.domain;

import java.util.Arrays;
import java.util.List;

/** What a truncating reload removes before it writes the new rows. */
public enum TruncateScope {

    /** Every row of {@code langchain_pg_embedding}: the seed's (and the original's) meaning, the default. */
    TABLE("table"),

    /**
     * Only the rows of the collections this load writes ({@code sql}, {@code ddl}, {@code documentation});
     * other collections, such as the assistant's {@code error_sql} feedback, stay.
     */
    LOADED_COLLECTIONS("loaded_collections");

    private final String wire;

    TruncateScope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(TruncateScope::wire).toList();
    }

    /** Parses the wire name; {@code field} names the input in the error. */
    public static TruncateScope parse(String value, String field) {
        for (TruncateScope s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw InvalidInputException.invalid(field, field + " must be one of " + wireNames() + ", not '" + value + "'");
    }
}
