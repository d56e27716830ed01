package io.datapipeline.core.domain;

import java.util.Objects;

/**
 * A possibly schema-qualified table name. Always rendered quoted in SQL, so mixed case and unusual
 * characters work and nothing in a name can become SQL.
 *
 * @param schema the schema, or {@code null} for the connection's search path
 * @param name   the table name
 */
public record TableName(String schema, String name) {

    private static final int MAX_IDENTIFIER = 63;

    public TableName {
        Objects.requireNonNull(name, "table name");
        checkIdentifier(name, "table name");
        if (schema != null) {
            checkIdentifier(schema, "schema name");
        }
    }

    /** {@code table} or {@code schema.table}; a name with more than one dot is rejected. */
    public static TableName parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw InvalidInputException.missing("table", "table name is required");
        }
        String trimmed = raw.trim();
        int dot = trimmed.indexOf('.');
        if (dot < 0) {
            return new TableName(null, trimmed);
        }
        if (trimmed.indexOf('.', dot + 1) >= 0) {
            throw InvalidInputException.invalid("table",
                    "invalid table name '" + Printable.of(trimmed) + "': use table or schema.table");
        }
        return new TableName(trimmed.substring(0, dot), trimmed.substring(dot + 1));
    }

    /** The SQL form, e.g. {@code "public"."langchain_pg_embedding"}. */
    public String quoted() {
        return schema == null ? quote(name) : quote(schema) + "." + quote(name);
    }

    /** The human form, e.g. {@code public.orders} or {@code orders}. */
    public String display() {
        return schema == null ? name : schema + "." + name;
    }

    /** Quotes one identifier for SQL, doubling embedded quotes. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void checkIdentifier(String value, String what) {
        if (value.isEmpty() || value.length() > MAX_IDENTIFIER) {
            throw InvalidInputException.invalid("table", what + " must be 1-" + MAX_IDENTIFIER + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw InvalidInputException.invalid("table", what + " contains a control character");
            }
        }
    }

    @Override
    public String toString() {
        return display();
    }
}
