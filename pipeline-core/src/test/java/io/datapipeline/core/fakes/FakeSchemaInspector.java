package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.SchemaInspector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tables described by the test, resolved as PostgreSQL resolves them ({@code SchemaInspectorContract}): an
 * unqualified name means {@code public}, names are case-sensitive, sampling a table that does not exist fails.
 */
public final class FakeSchemaInspector implements SchemaInspector {

    private final Map<TableName, TableDescription> tables = new LinkedHashMap<>();
    private final Map<TableName, List<Map<String, String>>> samples = new LinkedHashMap<>();

    public FakeSchemaInspector add(TableDescription d, List<Map<String, String>> rows) {
        tables.put(d.table(), d);
        samples.put(d.table(), List.copyOf(rows));
        return this;
    }

    private static TableName resolve(TableName table) {
        return table.schema() == null ? new TableName("public", table.name()) : table;
    }

    @Override
    public Optional<TableDescription> describe(DatabaseUrl database, TableName table) {
        return Optional.ofNullable(tables.get(resolve(table)));
    }

    @Override
    public List<TableName> listTables(DatabaseUrl database, List<String> schemas) {
        return tables.keySet().stream().filter(t -> schemas.isEmpty() || schemas.contains(t.schema()))
                .sorted(java.util.Comparator.comparing(TableName::schema).thenComparing(TableName::name)).toList();
    }

    @Override
    public List<Map<String, String>> sample(DatabaseUrl database, TableName table, int limit) {
        List<Map<String, String>> rows = samples.get(resolve(table));
        if (rows == null) {
            throw new PipelineException("cannot sample " + table.display() + " in " + database.masked()
                    + ": ERROR: relation " + table.quoted() + " does not exist");
        }
        return rows.subList(0, Math.max(0, Math.min(limit, rows.size())));
    }

    @Override
    public List<ValueCount> distinctValues(DatabaseUrl database, TableName table, String column, int rowLimit,
            int maxValues) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map<String, String> row : sample(database, table, rowLimit)) {
            String v = row.get(column);
            if (v != null) {
                counts.merge(v, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream().map(e -> new ValueCount(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparingLong(ValueCount::count).reversed()
                        .thenComparing(v -> v.value().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                java.util.Arrays::compareUnsigned))
                .limit(maxValues + 1L).toList();
    }
}
