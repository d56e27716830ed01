package io.datapipeline.vectoradmin.port;

import io.datapipeline.core.domain.TableName;
import java.util.List;
import java.util.Optional;

/**
 * What the catalog says about a table.
 *
 * @param table         the table
 * @param columns       ordinary (non-generated, non-dropped) columns in physical order
 * @param primaryKey    primary-key columns, possibly empty
 * @param estimatedRows the planner's estimate ({@code reltuples}), {@code -1} if never analysed
 */
public record TableShape(TableName table, List<Column> columns, List<String> primaryKey, long estimatedRows) {

    public TableShape {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /**
     * A column.
     *
     * @param name    name
     * @param type    {@code format_type} text, e.g. {@code vector(1536)}, {@code jsonb}, {@code character varying}
     * @param notNull whether NULL is refused
     */
    public record Column(String name, String type, boolean notNull) {

        /** {@code vector}, {@code vector(N)}, {@code halfvec(N)}… */
        public boolean isVector() {
            return type.startsWith("vector") || type.startsWith("halfvec") || type.startsWith("sparsevec");
        }

        public boolean isJson() {
            return type.equals("json") || type.equals("jsonb");
        }

        /** The dimension fixed by the type modifier, if any. */
        public Optional<Integer> fixedDimension() {
            int open = type.indexOf('(');
            if (!isVector() || open < 0) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(type.substring(open + 1, type.indexOf(')'))));
        }
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
