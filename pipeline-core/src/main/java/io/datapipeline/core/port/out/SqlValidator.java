package io.datapipeline.core.port.out;

import io.datapipeline.core.domain.DatabaseUrl;
import java.time.Duration;
import java.util.List;

/** Checks SQL against the business database with {@code EXPLAIN}, read-only, never executing it. */
public interface SqlValidator {

    /**
     * Explains every statement in a read-only transaction with a statement timeout.
     *
     * @param database    the business database
     * @param statements  SQL texts, in order
     * @param timeout     per-statement timeout
     * @param concurrency how many statements may be explained at once
     * @return one result per statement, in the same order
     */
    List<SqlCheck> validate(DatabaseUrl database, List<String> statements, Duration timeout, int concurrency);

    /**
     * The outcome for one statement.
     *
     * @param sql      the statement
     * @param valid    whether {@code EXPLAIN} accepted it
     * @param error    PostgreSQL's message when not, else {@code null}
     * @param duration seconds
     */
    record SqlCheck(String sql, boolean valid, String error, double duration) {
    }
}
