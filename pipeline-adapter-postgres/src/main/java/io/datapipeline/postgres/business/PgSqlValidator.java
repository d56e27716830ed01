package io.datapipeline.postgres.business;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.out.SqlValidator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code EXPLAIN}s SQL in a read-only transaction with a statement timeout, never executing it. Text that is
 * more than one statement is refused before it reaches the server (the driver would run the second one). The plan
 * is asked for as JSON ({@code VERBOSE}, so every scan names its schema), and the tables it scans are reported.
 */
public final class PgSqlValidator implements SqlValidator {

    private final BusinessDatabases databases;

    public PgSqlValidator(BusinessDatabases databases) {
        this.databases = databases;
    }

    @Override
    public List<SqlCheck> validate(DatabaseUrl database, List<String> statements, Duration timeout, int concurrency) {
        if (statements.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, statements.size())), r -> {
            Thread t = new Thread(r, "sql-validation");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SqlCheck>> futures = new ArrayList<>();
            for (String sql : statements) {
                futures.add(pool.submit(() -> check(database, sql, timeout)));
            }
            List<SqlCheck> out = new ArrayList<>();
            for (Future<SqlCheck> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof PipelineException pe ? pe
                    : new PipelineException("SQL validation failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted during SQL validation", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private SqlCheck check(DatabaseUrl db, String sql, Duration timeout) {
        long t0 = System.nanoTime();
        String body = SqlText.singleStatement(sql);
        if (body == null) {
            return new SqlCheck(sql, false, "more than one statement (only a single SELECT is accepted)", 0);
        }
        Connection c;
        try {
            c = databases.connect(db);
        } catch (SQLException e) {
            throw BusinessErrors.wrap(e, db, "cannot connect to " + db.masked(), databases.connectTimeout());
        }
        try (c; Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            s.execute("SET LOCAL statement_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'");
            try {
                List<String> tables;
                try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN (VERBOSE, FORMAT JSON) " + body)) {
                    tables = rs.next() ? PlanTables.of(rs.getString(1)) : List.of();
                }
                return new SqlCheck(sql, true, null, (System.nanoTime() - t0) / 1e9, tables);
            } catch (SQLException e) {
                if (e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().equals("57P01"))) {
                    throw new PipelineException("lost the connection to " + db.masked() + ": " + e.getMessage(), e);
                }
                return new SqlCheck(sql, false, firstLine(e.getMessage()), (System.nanoTime() - t0) / 1e9);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot validate SQL on " + db.masked() + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replace("\n  ", " ").replace('\n', ' ').strip();
    }
}
