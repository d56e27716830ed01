package io.datapipeline.wire;

import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase.Field;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase.ForeignKey;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase.TableDocument;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase.TableInfo;
import io.datapipeline.core.port.in.ListBusinessTablesUseCase.BusinessTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire shapes of a business database looked at outside a task: the original's {@code /api/v0/database/tables}
 * and {@code /api/v0/database/table/ddl} answers.
 */
public final class DatabaseShapes {

    private DatabaseShapes() {
    }

    /** {@code {tables: ["schema.table"], total, schemas, db_connection_info: {database}, table_name_pattern?}}. */
    public static Map<String, Object> tables(BusinessTables t, String pattern) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tables", t.tables().stream().map(TableName::display).toList());
        m.put("total", t.tables().size());
        m.put("schemas", t.schemas());
        m.put("db_connection_info", Map.of("database", t.database()));
        if (pattern != null) {
            m.put("table_name_pattern", pattern);
        }
        return m;
    }

    /**
     * {@code {ddl?, md?, table_info, fields, generation_info, warnings}}: {@code ddl} when the output is ddl or both,
     * {@code md} when it is md or both.
     */
    public static Map<String, Object> tableDocument(TableDocument d, String businessContext) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (d.output().ddl()) {
            m.put("ddl", d.ddl());
        }
        if (d.output().markdown()) {
            m.put("md", d.markdown());
        }
        m.put("table_info", tableInfo(d.table(), d.fields().size()));
        List<Object> fields = new ArrayList<>();
        d.fields().forEach(f -> fields.add(field(f)));
        m.put("fields", fields);
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("business_context", businessContext);
        g.put("output_type", d.output().wire());
        g.put("has_llm_comments", d.llmComments());
        g.put("llm_model", d.model());
        g.put("sampled_rows", d.sampledRows());
        g.put("database", d.database());
        m.put("generation_info", g);
        m.put("warnings", d.warnings());
        return m;
    }

    private static Map<String, Object> tableInfo(TableInfo t, int fieldCount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table_name", t.name().name());
        m.put("schema_name", t.name().schema());
        m.put("full_name", t.name().display());
        m.put("comment", t.comment());
        m.put("comment_source", t.commentSource());
        m.put("field_count", fieldCount);
        m.put("estimated_rows", t.estimatedRows());
        m.put("primary_key", t.primaryKey());
        List<Object> fks = new ArrayList<>();
        for (ForeignKey fk : t.foreignKeys()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("columns", fk.columns());
            f.put("referenced_table", fk.references().display());
            f.put("referenced_columns", fk.referencedColumns());
            fks.add(f);
        }
        m.put("foreign_keys", fks);
        return m;
    }

    private static Map<String, Object> field(Field f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("type", f.type());
        m.put("nullable", f.nullable());
        m.put("default_value", f.defaultValue());
        m.put("comment", f.comment());
        m.put("comment_source", f.commentSource());
        m.put("is_primary_key", f.primaryKey());
        return m;
    }
}
