package io.datapipeline.postgres.connection;

import io.datapipeline.core.domain.DatabaseUrl;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * Why a connection could not be made, said so that a person knows what to check: the host, port, database and user
 * (never the password), and the cause — refused, no answer in time, unknown host, credentials refused, no such
 * database — with what to look at. The pool's own "request timed out" is replaced by the driver's reason it keeps.
 */
public final class ConnectionFailure {

    /** The causes a person acts on differently. */
    public enum Cause {
        REFUSED, TIMEOUT, UNKNOWN_HOST, UNREACHABLE, AUTHENTICATION, NO_DATABASE, OTHER
    }

    private ConnectionFailure() {
    }

    /** The cause of a failed connection attempt. */
    public static Cause cause(Throwable failure) {
        String state = sqlState(failure);
        if (state != null && state.startsWith("28")) {
            return Cause.AUTHENTICATION;
        }
        if ("3D000".equals(state)) {
            return Cause.NO_DATABASE;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Cause.UNKNOWN_HOST;
            }
            if (t instanceof NoRouteToHostException) {
                return Cause.UNREACHABLE;
            }
            if (t instanceof ConnectException c) {
                String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
                return m.contains("refused") ? Cause.REFUSED : m.contains("timed out") ? Cause.TIMEOUT
                        : Cause.UNREACHABLE;
            }
            if (t instanceof SocketTimeoutException) {
                return Cause.TIMEOUT;
            }
        }
        String m = String.valueOf(root(failure).getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("timed out") || m.contains("timeout")) {
            return Cause.TIMEOUT;
        }
        return Cause.OTHER;
    }

    /**
     * One sentence: {@code cannot connect to <role> at <host>:<port>, database <db> (user <u>): <cause> — <what to
     * check>}.
     *
     * @param role    what the database is to us, e.g. {@code the vector database}
     * @param timeout the connect timeout that applied
     */
    public static String explain(String role, DatabaseUrl url, Throwable failure, Duration timeout) {
        String where = role + " at " + url.host() + ":" + url.port() + ", database " + url.database()
                + url.user().map(u -> " (user " + u + ")").orElse("");
        return "cannot connect to " + where + ": " + describe(url, failure, timeout);
    }

    /** The cause and what to check, without the target: {@code connection refused: nothing accepts …}. */
    public static String describe(DatabaseUrl url, Throwable failure, Duration timeout) {
        String reason = reason(failure);
        return switch (cause(failure)) {
            case REFUSED -> "connection refused: nothing accepts connections on " + url.host() + ":" + url.port()
                    + "; check that PostgreSQL runs there and listens on that address and port (listen_addresses, port)";
            case TIMEOUT -> "no answer within " + seconds(timeout) + " s (PIPELINE_DB_CONNECT_TIMEOUT_SECONDS); check the "
                    + "host and port, a firewall between here and there, and that the server is not overloaded";
            case UNKNOWN_HOST -> "unknown host " + url.host() + "; check the host name in the URL and the DNS";
            case UNREACHABLE -> "host " + url.host() + " is unreachable (" + reason + "); check the address and the "
                    + "network route";
            case AUTHENTICATION -> "the server refused the credentials (" + reason + "); check the user and password "
                    + "(PIPELINE_DB_USER, PIPELINE_DB_PASSWORD or the URL) and pg_hba.conf";
            case NO_DATABASE -> "database " + url.database() + " does not exist on " + url.host() + ":" + url.port()
                    + "; check the name in the URL or create it";
            case OTHER -> reason;
        };
    }

    /** The driver's reason (first line), or the pool's when the driver left none. */
    static String reason(Throwable failure) {
        Throwable r = root(failure);
        String m = r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static Throwable root(Throwable failure) {
        Throwable r = failure;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        // the pool's timeout carries the driver's last failure as its cause; without one its own message is all there is
        return r;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && !s.getSQLState().equals("08001")
                    && !s.getSQLState().equals("08006")) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private static long seconds(Duration d) {
        return Math.max(1, d.toSeconds());
    }
}
