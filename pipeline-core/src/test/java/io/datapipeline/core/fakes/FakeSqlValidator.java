package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SqlValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** SQL is valid unless it contains the word {@code broken}. */
public final class FakeSqlValidator implements SqlValidator {

    @Override
    public List<SqlCheck> validate(DatabaseUrl database, List<String> statements, Duration timeout, int concurrency) {
        List<SqlCheck> out = new ArrayList<>();
        for (String s : statements) {
            boolean ok = !s.contains("broken");
            out.add(new SqlCheck(s, ok, ok ? null : "ERROR: column \"broken\" does not exist", 0.001));
        }
        return out;
    }
}
