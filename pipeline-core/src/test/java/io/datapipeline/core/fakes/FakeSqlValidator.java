package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SqlValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL is valid unless it contains the word {@code broken} (the database's message for an unknown column), or
 * holds more than one statement ({@code SqlValidatorContract}). Semicolons are not told apart from ones inside
 * quotes: keep them out of test SQL. The tables read are the names after {@code FROM} and {@code JOIN}
 * ({@code public.} added to unqualified ones), which is what the planner says for the simple SQL of tests.
 */
public final class FakeSqlValidator implements SqlValidator {

    @Override
    public List<SqlCheck> validate(DatabaseUrl database, List<String> statements, Duration timeout, int concurrency) {
        List<SqlCheck> out = new ArrayList<>();
        for (String s : statements) {
            String body = s.strip();
            while (body.endsWith(";")) {
                body = body.substring(0, body.length() - 1).strip();
            }
            if (body.contains(";")) {
                out.add(new SqlCheck(s, false, "more than one statement (only a single SELECT is accepted)", 0));
            } else if (s.contains("broken")) {
                out.add(new SqlCheck(s, false, "ERROR: column \"broken\" does not exist", 0.001));
            } else {
                out.add(new SqlCheck(s, true, null, 0.001, tables(body)));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile(
            "(?i)\\b(?:from|join)\\s+([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)");

    static List<String> tables(String sql) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = TABLE.matcher(sql);
        while (m.find()) {
            String t = m.group(1).toLowerCase(java.util.Locale.ROOT);
            out.add(t.contains(".") ? t : "public." + t);
        }
        return List.copyOf(out);
    }
}
