package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SqlValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL is valid unless it contains the word {@code broken} (the database's message for an unknown column), or
 * holds more than one statement ({@code SqlValidatorContract}). Semicolons are not told apart from ones inside
 * quotes: keep them out of test SQL.
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
                out.add(new SqlCheck(s, true, null, 0.001));
            }
        }
        return out;
    }
}
