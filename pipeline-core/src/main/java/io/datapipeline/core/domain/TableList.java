package io.datapipeline.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables a task describes, parsed from {@code table_list.txt}: one name per line or comma-separated,
 * {@code #} and {@code --} start comments. Names follow SQL: unquoted identifiers fold to lower case,
 * {@code "Quoted"} ones keep their case; {@code schema.table} or {@code table}. Every entry is checked (not
 * just the first ten); duplicates are dropped in order.
 *
 * @param tables  the valid names, in order
 * @param invalid entries that are not table names, with the reason
 */
public record TableList(List<TableName> tables, List<String> invalid) {

    public static final int MAX_TABLES = 1000;

    public TableList {
        tables = List.copyOf(tables);
        invalid = List.copyOf(invalid);
    }

    public static TableList parse(String text) {
        Set<TableName> tables = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("#") || l.startsWith("--") || l.isEmpty()) {
                continue;
            }
            for (String entry : splitOutsideQuotes(l)) {
                String e = entry.strip();
                if (e.isEmpty()) {
                    continue;
                }
                try {
                    tables.add(parseName(e));
                } catch (InvalidInputException ex) {
                    invalid.add(e + ": " + ex.getMessage());
                }
            }
        }
        return new TableList(new ArrayList<>(tables), invalid);
    }

    /** Parses one SQL-style name: {@code t}, {@code s.t}, {@code "T"}, {@code s."T"}. */
    public static TableName parseName(String raw) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = raw.charAt(i);
                    if (d == '"') {
                        if (i + 1 < n && raw.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                if (!closed || sb.length() == 0) {
                    throw InvalidInputException.invalid("table", "unterminated or empty quoted identifier");
                }
                parts.add(sb.toString());
            } else {
                int start = i;
                while (i < n && raw.charAt(i) != '.') {
                    i++;
                }
                String word = raw.substring(start, i);
                if (!word.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
                    throw InvalidInputException.invalid("table", "not a table name (letters, digits, _ and $; "
                            + "quote other names with \"\")");
                }
                parts.add(word.toLowerCase(Locale.ROOT));
            }
            if (i < n) {
                if (raw.charAt(i) != '.') {
                    throw InvalidInputException.invalid("table", "unexpected text after an identifier");
                }
                i++;
                if (i == n) {
                    throw InvalidInputException.invalid("table", "name ends with '.'");
                }
            }
        }
        if (parts.size() == 1) {
            return new TableName(null, parts.get(0));
        }
        if (parts.size() == 2) {
            return new TableName(parts.get(0), parts.get(1));
        }
        throw InvalidInputException.invalid("table", "use table or schema.table");
    }

    private static List<String> splitOutsideQuotes(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else if ((c == '#' || (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-')) && !quoted) {
                break;
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** The table list file as this product writes it (header comments, one name per line). */
    public static String render(List<TableName> tables, String generatedAt) {
        StringBuilder sb = new StringBuilder("# Table list\n# Generated: ").append(generatedAt)
                .append("\n# Tables: ").append(tables.size()).append("\n\n");
        for (TableName t : tables) {
            sb.append(sqlName(t)).append('\n');
        }
        return sb.toString();
    }

    /** {@code schema.table} with quotes only where SQL needs them. */
    public static String sqlName(TableName t) {
        return (t.schema() == null ? "" : ident(t.schema()) + ".") + ident(t.name());
    }

    /** An identifier as SQL needs it: bare when lower-case simple, else quoted. */
    public static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : TableName.quote(name);
    }

    /**
     * Parses a table list in which every entry must be a table name; at least one, at most {@value #MAX_TABLES}.
     *
     * @throws InvalidInputException (field {@code table_list}) naming the problem
     */
    public static TableList requireValid(String text) {
        TableList list = parse(text);
        if (!list.invalid().isEmpty()) {
            throw InvalidInputException.invalid("table_list", "the table list has invalid entries: "
                    + String.join("; ", list.invalid()));
        }
        if (list.tables().isEmpty()) {
            throw InvalidInputException.invalid("table_list", "the table list names no table");
        }
        if (list.tables().size() > MAX_TABLES) {
            throw InvalidInputException.invalid("table_list", "the table list names " + list.tables().size()
                    + " tables; at most " + MAX_TABLES);
        }
        return list;
    }
}
