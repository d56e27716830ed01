package io.datapipeline.core.port.out;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the catalog and sample rows of the business database (read-only). */
public interface SchemaInspector {

    /** The table's description, or empty when it does not exist or is not visible. */
    Optional<TableDescription> describe(DatabaseUrl database, TableName table);

    /**
     * The tables, views and foreign tables of the given schemas (of every schema but PostgreSQL's own when the list is
     * empty), schema-qualified, sorted by schema and name (bytewise); partitions are left out, their parent is listed.
     */
    List<TableName> listTables(DatabaseUrl database, List<String> schemas);

    /** Up to {@code limit} rows, each column rendered as text (NULL as {@code null}). */
    List<Map<String, String>> sample(DatabaseUrl database, TableName table, int limit);

    /**
     * The distinct non-NULL values of a column among the first {@code rowLimit} rows the table gives, as text, the
     * most frequent first (equal counts by value, bytewise), at most {@code maxValues + 1} of them: a caller that
     * wants at most {@code maxValues} sees that there are more. For telling whether a text column is an enumeration.
     */
    List<ValueCount> distinctValues(DatabaseUrl database, TableName table, String column, int rowLimit, int maxValues);

    /**
     * A value of a column and how many of the rows read hold it.
     *
     * @param value the value as text
     * @param count rows
     */
    record ValueCount(String value, long count) {
    }

    /**
     * A table as the catalog describes it.
     *
     * @param table         schema-qualified name
     * @param comment       table comment, or {@code null}
     * @param columns       columns in order
     * @param primaryKey    primary-key column names
     * @param foreignKeys   foreign keys
     * @param estimatedRows planner estimate, {@code -1} if unknown
     */
    record TableDescription(TableName table, String comment, List<ColumnDescription> columns, List<String> primaryKey,
            List<ForeignKey> foreignKeys, long estimatedRows) {
        public TableDescription {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            foreignKeys = List.copyOf(foreignKeys);
        }
    }

    /**
     * One column.
     *
     * @param name         name
     * @param type         {@code format_type} text
     * @param nullable     whether NULL is allowed
     * @param defaultValue default expression, or {@code null}
     * @param comment      column comment, or {@code null}
     */
    record ColumnDescription(String name, String type, boolean nullable, String defaultValue, String comment) {
    }

    /**
     * A foreign key.
     *
     * @param columns           local columns
     * @param referencedTable   referenced table
     * @param referencedColumns referenced columns
     */
    record ForeignKey(List<String> columns, TableName referencedTable, List<String> referencedColumns) {
        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }
}
