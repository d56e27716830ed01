package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.VectorTransaction.ColumnMapping;
import io.datapipeline.vectoradmin.port.VectorTransaction.Conversion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How the columns of a binary set map onto the target table. Binary values are the types' own send formats, so
 * a stream loads straight into the table only when every column has the same binary representation there
 * ({@link #direct()}); otherwise it goes through a staging table of the set's types and is cast or derived on the
 * way in: {@code json}↔{@code jsonb}, {@code text}↔{@code varchar}, {@code vector(n)}↔{@code vector},
 * {@code uuid}↔text, and the LangChain generations' ids (G1 {@code uuid}/{@code custom_id} ↔ G2 {@code id}, as
 * {@link RestorePlan} does for CSV). A column that fits none of these is refused before anything changes.
 */
final class BinaryPlan {

    private static final Set<String> TEXT = Set.of("text", "character varying");

    private final List<ColumnMapping> mapping = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean direct;

    /**
     * @throws ConflictException naming the column when the set cannot be loaded into the table
     */
    BinaryPlan(String table, List<TableShape.Column> set, TableShape target) {
        List<String> used = new ArrayList<>();
        boolean same = true;
        for (TableShape.Column column : target.columns()) {
            String name = column.name();
            Optional<TableShape.Column> source = find(set, name);
            if (source.isPresent()) {
                String from = source.get().type();
                if (sameBinary(from, column.type())) {
                    mapping.add(ColumnMapping.same(name));
                } else if (castable(from, column.type())) {
                    mapping.add(new ColumnMapping(name, Conversion.CAST, List.of(name)));
                    same = false;
                } else {
                    throw new ConflictException("refused before anything changed: column " + name + " of " + table
                            + " is " + from + " in the backup set but " + column.type() + " in the database; a binary "
                            + "set cannot be converted between those types (restore a CSV set, or change the column)");
                }
                used.add(name);
            } else if (name.equals("id") && find(set, "uuid").isPresent()) {
                mapping.add(new ColumnMapping(name, find(set, "custom_id").isPresent()
                        ? Conversion.ID_FROM_CUSTOM_ID_OR_UUID : Conversion.CAST,
                        find(set, "custom_id").isPresent() ? List.of("custom_id", "uuid") : List.of("uuid")));
                used.add("uuid");
                used.add("custom_id");
                same = false;
                notes.add(table + ": G1 backup into a G2 table: id taken from custom_id, or from uuid where custom_id is empty");
            } else if (name.equals("uuid") && find(set, "id").isPresent()) {
                mapping.add(new ColumnMapping(name, Conversion.UUID_FROM_ID, List.of("id")));
                used.add("id");
                same = false;
                notes.add(table + ": G2 backup into a G1 table: uuid derived from id (name-based UUID when id is not one)");
            } else if (name.equals("custom_id") && find(set, "id").isPresent()) {
                mapping.add(new ColumnMapping(name, Conversion.CAST, List.of("id")));
                used.add("id");
                same = false;
            } else if (column.notNull()) {
                throw new ConflictException("refused before anything changed: column " + name + " of " + table
                        + " is NOT NULL but the backup set has no column to fill it from");
            } else {
                same = false;
            }
        }
        List<String> dropped = set.stream().map(TableShape.Column::name).filter(n -> !used.contains(n)).toList();
        if (!dropped.isEmpty()) {
            notes.add(table + ": backup column(s) " + dropped + " have no column in the target table and are not restored");
            same = false;
        }
        this.direct = same;
    }

    private static Optional<TableShape.Column> find(List<TableShape.Column> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The type without its modifier: {@code vector(1536)} → {@code vector}. */
    static String base(String type) {
        String t = type.toLowerCase(Locale.ROOT).trim();
        int open = t.indexOf('(');
        return open < 0 ? t : t.substring(0, open).trim();
    }

    private static boolean sameBinary(String a, String b) {
        String x = base(a);
        String y = base(b);
        return x.equals(y) || TEXT.contains(x) && TEXT.contains(y);
    }

    private static boolean castable(String from, String to) {
        String x = base(from);
        String y = base(to);
        Set<String> json = Set.of("json", "jsonb");
        return json.contains(x) && json.contains(y)
                || (TEXT.contains(x) || x.equals("uuid")) && (TEXT.contains(y) || y.equals("uuid"));
    }

    /** True when the stream loads into the table as it is (same columns, same binary representation). */
    boolean direct() {
        return direct;
    }

    List<ColumnMapping> mapping() {
        return mapping;
    }

    List<String> notes() {
        return notes;
    }
}
