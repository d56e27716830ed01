package io.datapipeline.core.service;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which files of a task directory {@code training_load} embeds, and how they are cut into items. The rules
 * are the original trainer's ({@code data_pipeline/trainer/run_training.py} at d21d87c), reproduced to the
 * character so that a task directory loads into the same {@code (collection, document)} rows:
 * <ul>
 * <li>names (lower-cased) matching {@code \.(ddl|md)_\d+$}, ending in {@code _old} or containing
 * {@code .backup} are skipped ({@code _is_valid_training_file});</li>
 * <li>{@code *.ddl}: split on every {@code ;} (comments and quotes are not special), each chunk stripped,
 * empty chunks dropped; one {@code ddl} item per chunk ({@code read_file_by_delimiter(f, ";")});</li>
 * <li>{@code *.md} / {@code *.markdown}: the original's heading regex (see {@link #splitSections}); one
 * {@code documentation} item per section;</li>
 * <li>{@code *_pair(s).json}: an array of objects whose {@code question}/{@code sql} keys are matched
 * case-insensitively, values taken as Python's {@code str(v).strip()}; one {@code sql} item per pair;</li>
 * <li>{@code *_pair(s).sql}: {@code Question: … SQL: …} blocks (see {@link #questionSqlBlocks});</li>
 * <li>other {@code *.sql}: split like a DDL file; the question is asked of the language model by the
 * caller ({@link Selection#plainSqlFiles()});</li>
 * <li>anything else is skipped.</li>
 * </ul>
 * Text is read as Python's text mode does ({@code \r\n} and {@code \r} become {@code \n}) and "strip" is
 * Python's {@code str.strip()}, whose whitespace set is wider than Java's. A file that cannot be read is
 * skipped with a warning, as the original logs it and goes on.
 */
final class TrainingFiles {

    /** Python's {@code str.isspace()} characters, which is also what {@code \s} matches in a Python str pattern. */
    private static final String PY_SPACE =
            "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";

    /** {@code re.search(r'\.(ddl|md)_\d+$', name.lower())}: Python's \d is any Nd digit, $ allows one final \n. */
    private static final Pattern CONFLICT_COPY = Pattern.compile("\\.(ddl|md)_\\p{Nd}+$", Pattern.UNIX_LINES);

    /**
     * {@code read_markdown_file_by_sections}' {@code r'(?:^|\n)((?:#|##|###)[^#].*?)(?=\n(?:#|##|###)[^#]|\Z)'}
     * with {@code re.DOTALL} ({@code ^} is the start of the text only, {@code \Z} its end).
     */
    private static final Pattern MD_SECTION = Pattern.compile(
            "(?:^|\\n)((?:#|##|###)[^#].*?)(?=\\n(?:#|##|###)[^#]|\\z)", Pattern.DOTALL);

    private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern PAIR_SPLIT = Pattern.compile("\\n\\n(?=question[" + PY_SPACE + "]*:)", CI);
    private static final Pattern QUESTION = Pattern.compile("question[" + PY_SPACE + "]*:", CI);
    private static final Pattern SQL = Pattern.compile("sql[" + PY_SPACE + "]*:", CI);

    /** A piece of text to embed; {@code question} and {@code sql} for a pair only. */
    record Item(String collection, String document, String sourceFile, String sql, String question) {
        Item(String collection, String document, String sourceFile, String sql) {
            this(collection, document, sourceFile, sql, null);
        }
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
        listing.sort(Comparator.comparing(TaskWorkspace.FileInfo::name));
        for (TaskWorkspace.FileInfo f : listing) {
            String name = f.name();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!isTrainingFile(name)) {
                skipped.add(name);
                continue;
            }
            try {
                if (lower.endsWith(".ddl")) {
                    for (String stmt : splitStatements(text(workspace, id, name))) {
                        items.add(new Item("ddl", stmt, name, null));
                    }
                    files.add(name);
                } else if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
                    for (String section : splitSections(text(workspace, id, name))) {
                        if (section.length() > 2000) {
                            warnings.add(name + ": a documentation section has " + section.length() + " characters");
                        }
                        items.add(new Item("documentation", section, name, null));
                    }
                    files.add(name);
                } else if (lower.endsWith("_pair.json") || lower.endsWith("_pairs.json")) {
                    if (jsonPairs(workspace.readJson(id, name).orElse(null), name, items, warnings)) {
                        files.add(name);
                    } else {
                        skipped.add(name);
                    }
                } else if (lower.endsWith("_pair.sql") || lower.endsWith("_pairs.sql")) {
                    for (String[] qa : questionSqlBlocks(text(workspace, id, name))) {
                        items.add(new Item("sql", JsonText.questionSql(qa[0], qa[1]), name, qa[1], qa[0]));
                    }
                    files.add(name);
                } else if (lower.endsWith(".sql")) {
                    plainSql.add(name);
                    files.add(name);
                } else {
                    skipped.add(name);
                }
            } catch (RuntimeException e) {
                // the original catches per file, logs and goes on with the next one
                warnings.add(name + " could not be read and was skipped: " + e.getMessage());
                skipped.add(name);
            }
        }
        return new Selection(items, files, skipped, warnings, plainSql);
    }

    /** {@code _is_valid_training_file}: conflict copies ({@code x.ddl_1}), {@code *_old} and {@code *.backup*} are not. */
    static boolean isTrainingFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !CONFLICT_COPY.matcher(lower).find() && !lower.endsWith("_old") && !lower.contains(".backup");
    }

    private static String text(TaskWorkspace workspace, TaskId id, String name) {
        return workspace.readText(id, name).orElse("");
    }

    /** Adds the pairs of a parsed {@code *_pair(s).json}; false when it is not a JSON array (nothing loaded). */
    private static boolean jsonPairs(Object json, String name, List<Item> items, List<String> warnings) {
        if (!(json instanceof List<?> array)) {
            warnings.add(name + " is not a JSON array; skipped");
            return false;
        }
        int used = 0;
        for (Object o : array) {
            if (!(o instanceof Map<?, ?> m)) {
                continue;
            }
            // the last key that lower-cases to "question" / "sql" wins, as in the original's loop
            boolean hasQ = false;
            boolean hasS = false;
            Object qv = null;
            Object sv = null;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
                if (k.equals("question")) {
                    hasQ = true;
                    qv = e.getValue();
                } else if (k.equals("sql")) {
                    hasS = true;
                    sv = e.getValue();
                }
            }
            if (!hasQ || !hasS) {
                continue;
            }
            String q = pyStrip(pyStr(qv));
            String sql = pyStrip(pyStr(sv));
            if (q.isEmpty() || sql.isEmpty()) {
                continue;
            }
            items.add(new Item("sql", JsonText.questionSql(q, sql), name, sql, q));
            used++;
        }
        if (used < array.size()) {
            warnings.add(name + ": " + (array.size() - used) + " item(s) without question or sql were skipped");
        }
        return true;
    }

    /**
     * The original's {@code read_file_by_delimiter(f, ";")}, used for {@code *.ddl} and plain {@code *.sql}:
     * split on every {@code ;} (also one inside a comment or a string literal), the {@code ;} dropped, each
     * chunk stripped, empty chunks dropped.
     */
    static List<String> splitStatements(String text) {
        String t = universalNewlines(text);
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = t.indexOf(';', start);
            String chunk = pyStrip(t.substring(start, end < 0 ? t.length() : end));
            if (!chunk.isEmpty()) {
                out.add(chunk);
            }
            if (end < 0) {
                return out;
            }
            start = end + 1;
        }
    }

    /**
     * The original's {@code read_markdown_file_by_sections}: a section starts at a {@code #}, {@code ##} or
     * {@code ###} that opens the text or a line and is followed by any character other than {@code #} (so
     * {@code #Title} counts, {@code ####} does not and stays inside the section before it), and runs up to the
     * next such heading. The heading line is part of its section; sections are stripped. Text before the first
     * heading is dropped; a text without any heading is one section (stripped), an empty text none.
     */
    static List<String> splitSections(String text) {
        String t = universalNewlines(text);
        List<String> out = new ArrayList<>();
        Matcher m = MD_SECTION.matcher(t);
        while (m.find()) {
            String s = pyStrip(m.group(1));
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            String all = pyStrip(t);
            if (!all.isEmpty()) {
                out.add(all);
            }
        }
        return out;
    }

    /**
     * The original's {@code train_formatted_question_sql_pairs}: the text is cut at each blank line
     * ({@code \n\n}) followed by {@code question:} (case-insensitive, spaces allowed before the colon); text
     * before the first {@code question:} is dropped. In a block the question runs from the first
     * {@code question:} to the first {@code sql:}, the SQL from there to the next {@code question:} or the end
     * (both stripped, the SQL may span lines); a block without both markers in that order, or with an empty
     * question or SQL, is skipped. Each result is {@code {question, sql}}.
     */
    static List<String[]> questionSqlBlocks(String text) {
        String t = universalNewlines(text);
        String[] blocks = PAIR_SPLIT.split(t, -1);
        List<String> pairs = new ArrayList<>();
        Matcher first = QUESTION.matcher(blocks[0]);
        if (first.find()) {
            pairs.add(pyStrip(blocks[0].substring(first.start())));
        }
        for (int i = 1; i < blocks.length; i++) {
            pairs.add(pyStrip(blocks[i]));
        }
        List<String[]> out = new ArrayList<>();
        for (String pair : pairs) {
            Matcher q = QUESTION.matcher(pair);
            Matcher s = SQL.matcher(pair);
            if (!q.find() || !s.find() || s.start() <= q.end()) {
                continue;
            }
            String question = pyStrip(pair.substring(q.end(), s.start()));
            Matcher next = QUESTION.matcher(pair);
            String sql = next.find(s.end()) ? pair.substring(s.end(), next.start()) : pair.substring(s.end());
            sql = pyStrip(sql);
            if (!question.isEmpty() && !sql.isEmpty()) {
                out.add(new String[] {question, sql});
            }
        }
        return out;
    }

    /** What Python's text mode reads: {@code \r\n} and a lone {@code \r} become {@code \n}. */
    static String universalNewlines(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Python's {@code str.strip()}: strips {@code str.isspace()} characters (e.g. also U+00A0, U+3000, U+0085). */
    static String pyStrip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isPySpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isPySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean isPySpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /**
     * Python's {@code str(v)} of a value {@code json.load} produced: a string as is, {@code None}, {@code True}
     * / {@code False}, an int's digits, a float's {@code repr} ({@code 1.0}, {@code 1e+20}, {@code nan}), a
     * list or dict as Python prints it ({@code [1, 'a']}, {@code {'k': None}}).
     */
    static String pyStr(Object v) {
        return v instanceof String s ? s : pyRepr(v);
    }

    private static String pyRepr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return pyStringRepr(s);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return pyFloatRepr(d.doubleValue());
        }
        if (v instanceof Float f) {
            return pyFloatRepr(Double.parseDouble(f.toString()));
        }
        if (v instanceof Number n) {
            return pyFloatRepr(n.doubleValue());
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(pyRepr(list.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            boolean firstEntry = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(firstEntry ? "" : ", ").append(pyRepr(e.getKey())).append(": ").append(pyRepr(e.getValue()));
                firstEntry = false;
            }
            return sb.append('}').toString();
        }
        return v.toString();
    }

    /** Python's {@code repr(str)}: single quotes unless only {@code '} occurs, escapes for the unprintable. */
    private static String pyStringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < 0x20 || cp == 0x7F) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7F || isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xFF) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xFFFF) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        return sb.append(quote).toString();
    }

    /** Python's {@code str.isprintable()} for one character (not Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs; space is). */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back as the same double; positional
     * notation for decimal exponents -4..15 (with {@code .0} when whole), otherwise {@code d.ddde+XX}.
     */
    static String pyFloatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        double a = Math.abs(d);
        if (a == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortestDigits(a);
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.<digits> x 10^decpt
        String body;
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                body = "0." + "0".repeat(-decpt) + digits;
            } else if (decpt >= digits.length()) {
                body = digits + "0".repeat(decpt - digits.length()) + ".0";
            } else {
                body = digits.substring(0, decpt) + "." + digits.substring(decpt);
            }
        } else {
            int exp = decpt - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = Integer.toString(Math.abs(exp));
            body = mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + body;
    }

    /** The fewest significant digits that round-trip to {@code a} (> 0), the nearest such if several. */
    private static BigDecimal shortestDigits(double a) {
        BigDecimal exact = new BigDecimal(a);
        for (int p = 1; p <= 17; p++) {
            BigDecimal best = null;
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR,
                    RoundingMode.CEILING}) {
                BigDecimal c = exact.round(new MathContext(p, mode));
                if (c.doubleValue() == a && (best == null
                        || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = c;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        return exact.round(MathContext.DECIMAL64).stripTrailingZeros();
    }
}
