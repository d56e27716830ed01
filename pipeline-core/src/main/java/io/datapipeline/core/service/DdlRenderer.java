package io.datapipeline.core.service;

import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a table as a commented {@code CREATE TABLE} ({@code .ddl}) and as Markdown ({@code _detail.md}),
 * the two documents {@code training_load} embeds. Unlike the original, the DDL stays valid SQL (the comma
 * comes before the comment) and comments never contain a statement terminator.
 */
final class DdlRenderer {

    private static final int MAX_EXAMPLES = 3;
    private static final int MAX_EXAMPLE_LENGTH = 60;

    private DdlRenderer() {
    }

    /** File base name: {@code table} in {@code public} or the search path, else {@code schema.table}; sanitised. */
    static String fileBase(TableName t) {
        String raw = t.schema() == null || t.schema().equals("public") ? t.name() : t.schema() + "." + t.name();
        String safe = raw.replaceAll("[^A-Za-z0-9_.$-]", "_");
        if (!safe.equals(raw) || safe.startsWith(".")) {
            safe = safe.replaceFirst("^\\.+", "_") + "_" + Integer.toHexString(raw.hashCode());
        }
        return safe;
    }

    static String ddl(SchemaInspector.TableDescription d, LanguageModel.CommentProposal proposed) {
        StringBuilder s = new StringBuilder();
        String tableComment = tableComment(d, proposed);
        s.append("-- Table: ").append(display(d.table())).append('\n');
        if (tableComment != null) {
            s.append("-- Description: ").append(clean(tableComment)).append('\n');
        }
        if (d.estimatedRows() >= 0) {
            s.append("-- Estimated rows: ").append(d.estimatedRows()).append('\n');
        }
        s.append("create table ").append(display(d.table())).append(" (\n");
        List<String> lines = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            StringBuilder line = new StringBuilder("  ").append(TableList.ident(c.name())).append(' ').append(c.type());
            if (c.defaultValue() != null) {
                line.append(" default ").append(c.defaultValue());
            }
            if (!c.nullable()) {
                line.append(" not null");
            }
            lines.add(line.toString());
            comments.add(columnComment(c, proposed));
        }
        if (!d.primaryKey().isEmpty()) {
            lines.add("  primary key (" + idents(d.primaryKey()) + ")");
            comments.add(null);
        }
        for (SchemaInspector.ForeignKey fk : d.foreignKeys()) {
            lines.add("  foreign key (" + idents(fk.columns()) + ") references " + display(fk.referencedTable()) + " ("
                    + idents(fk.referencedColumns()) + ")");
            comments.add(null);
        }
        int width = lines.stream().mapToInt(String::length).max().orElse(0) + 1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i) + (i < lines.size() - 1 ? "," : "");
            String comment = comments.get(i);
            if (comment != null) {
                s.append(String.format("%-" + (width + 1) + "s-- %s", line, clean(comment)).stripTrailing());
            } else {
                s.append(line);
            }
            s.append('\n');
        }
        s.append(");\n");
        return s.toString();
    }

    static String markdown(SchemaInspector.TableDescription d, List<Map<String, String>> samples,
            LanguageModel.CommentProposal proposed) {
        return markdown(d, samples, proposed, Map.of());
    }

    /** @param enums the enumeration columns and their values (most frequent first), noted after the keys */
    static String markdown(SchemaInspector.TableDescription d, List<Map<String, String>> samples,
            LanguageModel.CommentProposal proposed, Map<String, List<String>> enums) {
        StringBuilder s = new StringBuilder();
        String tableComment = tableComment(d, proposed);
        s.append("## ").append(display(d.table()));
        if (tableComment != null) {
            s.append(" (").append(clean(tableComment)).append(')');
        }
        s.append('\n');
        s.append(display(d.table())).append(": ")
                .append(tableComment == null ? "table of the business database" : clean(tableComment));
        if (d.estimatedRows() >= 0) {
            s.append(" (about ").append(d.estimatedRows()).append(" rows)");
        }
        s.append(".\nFields:\n");
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            s.append("- ").append(c.name()).append(" (").append(c.type()).append(')');
            String comment = columnComment(c, proposed);
            if (comment != null) {
                s.append(" - ").append(clean(comment));
            }
            List<String> flags = new ArrayList<>();
            if (d.primaryKey().contains(c.name())) {
                flags.add("primary key");
            }
            if (!c.nullable()) {
                flags.add("not null");
            }
            if (!flags.isEmpty()) {
                s.append(" [").append(String.join(", ", flags)).append(']');
            }
            List<String> examples = examples(samples, c.name());
            if (!examples.isEmpty()) {
                s.append(" [examples: ").append(String.join(", ", examples)).append(']');
            }
            s.append('\n');
        }
        List<String> notes = new ArrayList<>();
        if (!d.primaryKey().isEmpty()) {
            notes.add("primary key: " + String.join(", ", d.primaryKey()));
        }
        for (SchemaInspector.ForeignKey fk : d.foreignKeys()) {
            notes.add(String.join(", ", fk.columns()) + " references " + display(fk.referencedTable()) + " ("
                    + String.join(", ", fk.referencedColumns()) + ")");
        }
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            List<String> values = enums.get(c.name());
            if (values != null) {
                notes.add(c.name() + " takes " + values.size() + " distinct value" + (values.size() == 1 ? "" : "s")
                        + ": " + String.join(", ", values.stream().map(v -> clean(v.length() > MAX_EXAMPLE_LENGTH
                                ? v.substring(0, MAX_EXAMPLE_LENGTH) + "…" : v)).toList()));
            }
        }
        if (!notes.isEmpty()) {
            s.append("Notes:\n");
            notes.forEach(n -> s.append("- ").append(n).append('\n'));
        }
        return s.toString();
    }

    private static String tableComment(SchemaInspector.TableDescription d, LanguageModel.CommentProposal proposed) {
        if (d.comment() != null && !d.comment().isBlank()) {
            return d.comment();
        }
        return proposed == null ? null : proposed.tableComment();
    }

    private static String columnComment(SchemaInspector.ColumnDescription c, LanguageModel.CommentProposal proposed) {
        if (c.comment() != null && !c.comment().isBlank()) {
            return c.comment();
        }
        return proposed == null ? null : proposed.columns().get(c.name());
    }

    private static List<String> examples(List<Map<String, String>> samples, String column) {
        Set<String> distinct = new LinkedHashSet<>();
        for (Map<String, String> row : samples) {
            String v = row.get(column);
            if (v != null && !v.isBlank()) {
                distinct.add(v.length() > MAX_EXAMPLE_LENGTH ? v.substring(0, MAX_EXAMPLE_LENGTH) + "…" : v);
            }
            if (distinct.size() == MAX_EXAMPLES) {
                break;
            }
        }
        List<String> out = new ArrayList<>();
        distinct.forEach(v -> out.add(clean(v)));
        return out;
    }

    private static String idents(List<String> names) {
        return String.join(", ", names.stream().map(TableList::ident).toList());
    }

    static String display(TableName t) {
        return TableList.sqlName(t.schema() == null ? new TableName("public", t.name()) : t);
    }

    /** One line, no statement terminators (the DDL splitter and SQL readers stay safe). */
    static String clean(String text) {
        return text.replaceAll("\\s+", " ").replace(";", ",").strip();
    }
}
