package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.SchemaInspector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tables described by the test; unqualified names resolve to {@code public}. */
public final class FakeSchemaInspector implements SchemaInspector {

    private final Map<TableName, TableDescription> tables = new LinkedHashMap<>();
    private final Map<TableName, List<Map<String, String>>> samples = new LinkedHashMap<>();

    public FakeSchemaInspector add(TableDescription d, List<Map<String, String>> rows) {
        tables.put(d.table(), d);
        samples.put(d.table(), List.copyOf(rows));
        return this;
    }

    @Override
    public Optional<TableDescription> describe(DatabaseUrl database, TableName table) {
        TableName key = table.schema() == null ? new TableName("public", table.name()) : table;
        return Optional.ofNullable(tables.get(key));
    }

    @Override
    public List<Map<String, String>> sample(DatabaseUrl database, TableName table, int limit) {
        List<Map<String, String>> rows = samples.getOrDefault(table, List.of());
        return rows.subList(0, Math.min(limit, rows.size()));
    }
}
