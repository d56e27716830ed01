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
     * @param tables   the tables its plan reads, {@code schema.table}, sorted, no duplicates (views resolved to the
     *                 tables under them, as the planner sees them); empty when it is not valid
     */
    record SqlCheck(String sql, boolean valid, String error, double duration, List<String> tables) {
        public SqlCheck {
            tables = List.copyOf(tables);
        }

        /** Without the tables read (an invalid statement, or a validator that cannot tell). */
        public SqlCheck(String sql, boolean valid, String error, double duration) {
            this(sql, valid, error, duration, List.of());
        }
    }
}
