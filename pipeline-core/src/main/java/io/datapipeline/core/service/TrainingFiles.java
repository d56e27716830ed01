package io.datapipeline.core.service;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which files of a task directory {@code training_load} embeds, and how they are split (the original's
 * rules): {@code *.ddl} per statement into {@code ddl}; {@code *.md} per {@code #}/{@code ##}/{@code ###}
 * section into {@code documentation}; {@code *_pair(s).json} and {@code *_pair(s).sql} per question into
 * {@code sql}; other {@code *.sql} per statement into {@code sql} (the question is asked of the language
 * model). Conflict copies ({@code x.ddl_1}), {@code *_old} and {@code *.backup*} files are skipped, as is
 * anything else.
 */
final class TrainingFiles {

    private static final Pattern CONFLICT_COPY = Pattern.compile(".*\\.(ddl|md)_\\d+$");

    /** A piece of text to embed. */
    record Item(String collection, String document, String sourceFile, String sql) {
    }

    /** What was found. */
    record Selection(List<Item> items, List<String> files, List<String> skipped, List<String> warnings,
            List<String> plainSqlFiles) {
    }

    private TrainingFiles() {
    }

    static Selection collect(TaskWorkspace workspace, TaskId id) {
        List<Item> items = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> plainSql = new ArrayList<>();
        List<TaskWorkspace.FileInfo> listing = new ArrayList<>(workspace.list(id));
        listing.sort(java.util.Comparator.comparing(TaskWorkspace.FileInfo::name));
        for (TaskWorkspace.FileInfo f : listing) {
            String name = f.name();
            String lower = name.toLowerCase(Locale.ROOT);
            if (CONFLICT_COPY.matcher(lower).matches() || lower.endsWith("_old") || lower.contains(".backup")) {
                skipped.add(name);
                continue;
            }
            if (lower.endsWith(".ddl")) {
                String text = workspace.readText(id, name).orElse("");
                for (String stmt : splitStatements(text)) {
                    items.add(new Item("ddl", stmt, name, null));
                }
                files.add(name);
            } else if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
                String text = workspace.readText(id, name).orElse("");
                for (String section : splitSections(text)) {
                    if (section.length() > 2000) {
                        warnings.add(name + ": a documentation section has " + section.length() + " characters");
                    }
                    items.add(new Item("documentation", section, name, null));
                }
                files.add(name);
            } else if (lower.endsWith("_pair.json") || lower.endsWith("_pairs.json")) {
                Object json = workspace.readJson(id, name).orElse(null);
                if (!(json instanceof List<?> array)) {
                    warnings.add(name + " is not a JSON array; skipped");
                    skipped.add(name);
                    continue;
                }
                int before = items.size();
                for (Object o : array) {
                    if (o instanceof Map<?, ?> m) {
                        String q = field(m, "question");
                        String sql = field(m, "sql");
                        if (q != null && sql != null && !q.isBlank() && !sql.isBlank()) {
                            items.add(new Item("sql", JsonText.questionSql(q.strip(), sql.strip()), name, sql.strip()));
                        }
                    }
                }
                if (items.size() - before < array.size()) {
                    warnings.add(name + ": " + (array.size() - (items.size() - before))
                            + " item(s) without question or sql were skipped");
                }
                files.add(name);
            } else if (lower.endsWith("_pair.sql") || lower.endsWith("_pairs.sql")) {
                String text = workspace.readText(id, name).orElse("");
                for (String[] qa : questionSqlBlocks(text)) {
                    items.add(new Item("sql", JsonText.questionSql(qa[0], qa[1]), name, qa[1]));
                }
                files.add(name);
            } else if (lower.endsWith(".sql")) {
                plainSql.add(name);
                files.add(name);
            } else {
                skipped.add(name);
            }
        }
        return new Selection(items, files, skipped, warnings, plainSql);
    }

    /** Statements of a DDL file: a block ends at a line whose code (outside a -- comment) ends with ';'. */
    static List<String> splitStatements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            cur.append(line).append('\n');
            if (codeOf(line).strip().endsWith(";")) {
                add(out, cur.toString());
                cur.setLength(0);
            }
        }
        add(out, cur.toString());
        return out;
    }

    private static String codeOf(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Sections of a Markdown file, split before lines starting with #, ## or ###. */
    static List<String> splitSections(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            if ((line.startsWith("# ") || line.startsWith("## ") || line.startsWith("### ")) && cur.length() > 0) {
                add(out, cur.toString());
                cur.setLength(0);
            }
            cur.append(line).append('\n');
        }
        add(out, cur.toString());
        return out;
    }

    /** {@code Question: … SQL: …} blocks separated by blank lines. */
    static List<String[]> questionSqlBlocks(String text) {
        List<String[]> out = new ArrayList<>();
        for (String block : text.split("\\R\\s*\\R")) {
            String b = block.strip();
            int q = indexOfIgnoreCase(b, "question:");
            int s = indexOfIgnoreCase(b, "sql:");
            if (q >= 0 && s > q) {
                String question = b.substring(q + "question:".length(), s).strip();
                String sql = b.substring(s + "sql:".length()).strip();
                if (!question.isEmpty() && !sql.isEmpty()) {
                    out.add(new String[] {question, sql});
                }
            }
        }
        return out;
    }

    private static int indexOfIgnoreCase(String s, String needle) {
        return s.toLowerCase(Locale.ROOT).indexOf(needle);
    }

    private static void add(List<String> out, String block) {
        String b = block.strip();
        if (!b.isEmpty() && !b.equals(";")) {
            out.add(b);
        }
    }

    private static String field(Map<?, ?> m, String key) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof String k && k.equalsIgnoreCase(key) && e.getValue() instanceof String v) {
                return v;
            }
        }
        return null;
    }
}
