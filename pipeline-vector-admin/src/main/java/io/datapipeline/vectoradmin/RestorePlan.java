package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.port.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How the columns of a backup file map onto the target table, by name. Most sets load as they are
 * ({@link #raw()}: the file's bytes go to COPY with the header as column list). A set from another
 * LangChain schema generation or from the original Python tool goes through {@link #transform}:
 *
 * <ul>
 *   <li>G1 to G2 (embedding): {@code id} is the G1 {@code custom_id} when it is not empty (that is where
 *       langchain_community kept caller-given ids such as Vanna's {@code <uuid>-sql}), else the {@code uuid};
 *       {@code custom_id} itself has no G2 column;</li>
 *   <li>G2 to G1 (embedding): {@code custom_id} is the G2 {@code id}; {@code uuid} is the {@code id} when it
 *       is a UUID, else a name-based UUID (v3) of it, so the same id always maps to the same uuid;</li>
 *   <li>{@code json} and {@code jsonb} take each other's text as is; the original tool's Python-literal
 *       metadata ({@code {'id': 'x', 'ok': True}}) is converted to JSON (legacy sets only).</li>
 * </ul>
 */
final class RestorePlan {

    private final List<String> header;
    private final List<String> targetColumns = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean raw;

    /** Where a target column's value comes from. */
    private record Source(int index, int fallback, Kind kind, boolean json) {
    }

    private enum Kind { COPY, ID_FROM_CUSTOM_ID_OR_UUID, UUID_FROM_ID }

    RestorePlan(String table, List<String> header, TableShape target, boolean legacy) {
        this.header = List.copyOf(header);
        boolean derived = false;
        boolean convertJson = false;
        List<String> used = new ArrayList<>();
        for (TableShape.Column column : target.columns()) {
            String name = column.name();
            int at = header.indexOf(name);
            boolean json = legacy && column.isJson();
            if (at >= 0) {
                add(name, new Source(at, -1, Kind.COPY, json));
                used.add(name);
                convertJson |= json;
            } else if (name.equals("id") && header.contains("uuid")) {
                add(name, new Source(header.indexOf("custom_id"), header.indexOf("uuid"), Kind.ID_FROM_CUSTOM_ID_OR_UUID,
                        false));
                used.add("uuid");
                used.add("custom_id");
                derived = true;
                notes.add(table + ": G1 backup into a G2 table: id taken from custom_id, or from uuid where custom_id is empty");
            } else if (name.equals("uuid") && header.contains("id")) {
                add(name, new Source(header.indexOf("id"), -1, Kind.UUID_FROM_ID, false));
                used.add("id");
                derived = true;
                notes.add(table + ": G2 backup into a G1 table: uuid derived from id (name-based UUID when id is not one)");
            } else if (name.equals("custom_id") && header.contains("id")) {
                add(name, new Source(header.indexOf("id"), -1, Kind.COPY, false));
                used.add("id");
                derived = true;
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String h : header) {
            if (!used.contains(h)) {
                dropped.add(h);
            }
        }
        if (!dropped.isEmpty()) {
            notes.add(table + ": backup column(s) " + dropped + " have no column in the target table and are not restored");
        }
        this.raw = !derived && !convertJson && dropped.isEmpty();
    }

    private void add(String name, Source source) {
        targetColumns.add(name);
        sources.add(source);
    }

    /** True when the file can be loaded byte for byte with its header as the column list. */
    boolean raw() {
        return raw;
    }

    /** Columns to load: the file's header when raw, else the mapped target columns. */
    List<String> columns() {
        return raw ? header : targetColumns;
    }

    List<String> notes() {
        return notes;
    }

    /**
     * Maps one record of the file (null = NULL) to the values of {@link #columns()}.
     *
     * @throws IllegalArgumentException when a metadata value is neither JSON nor a Python literal
     */
    List<String> transform(List<String> record) {
        List<String> out = new ArrayList<>(sources.size());
        for (Source s : sources) {
            String v = s.index >= 0 && s.index < record.size() ? record.get(s.index) : null;
            switch (s.kind) {
                case ID_FROM_CUSTOM_ID_OR_UUID -> {
                    if (v == null || v.isEmpty()) {
                        v = s.fallback >= 0 && s.fallback < record.size() ? record.get(s.fallback) : null;
                    }
                }
                case UUID_FROM_ID -> v = v == null ? null : uuidFor(v);
                default -> {
                }
            }
            if (s.json && v != null && !v.isEmpty() && !PythonLiteral.isJson(v)) {
                v = PythonLiteral.toJson(v);
            }
            out.add(v);
        }
        return out;
    }

    static String uuidFor(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
