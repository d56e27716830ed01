package io.datapipeline.postgres.business;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.postgres.connection.ConnectionFailure;
import io.datapipeline.postgres.connection.PgConnections;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A failure on a business database, said in the caller's terms: when the database named by the caller cannot be
 * reached, does not exist or refuses its credentials, that is the caller's {@code db_connection} to fix (a 400 over
 * REST, exit 2 in the CLI); anything else is a failure of the operation. PostgreSQL's messages name the user and
 * database, never the password; the connection is shown masked.
 */
final class BusinessErrors {

    private BusinessErrors() {
    }

    static PipelineException wrap(SQLException e, DatabaseUrl db, String what) {
        return wrap(e, db, what, PgConnections.DEFAULT_CONNECT_TIMEOUT);
    }

    /** As {@link #wrap(SQLException, DatabaseUrl, String)}, naming the connect timeout that applied. */
    static PipelineException wrap(SQLException e, DatabaseUrl db, String what, Duration connectTimeout) {
        String state = sqlState(e);
        String message = firstLine(e);
        if (state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"))) {
            return InvalidInputException.invalid("db_connection", "cannot connect to " + db.masked() + ": "
                    + ConnectionFailure.describe(db, e, connectTimeout));
        }
        return new PipelineException(what + ": " + message, e);
    }

    /** The SQLSTATE of the exception or of the first cause that has one (the pool wraps the driver's). */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private static String firstLine(SQLException e) {
        Throwable root = e;
        while (root.getCause() instanceof SQLException cause) {
            root = cause;
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
