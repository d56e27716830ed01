package io.datapipeline.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionFailureTest {

    private static final DatabaseUrl URL = DatabaseUrl.parse("postgresql://app:s3cret@db.example:6432/vectors", "url");
    private static final Duration FIVE = Duration.ofSeconds(5);

    private static SQLException driver(String state, String message, Throwable cause) {
        return new SQLException(message, state, cause);
    }

    @Test
    void givenEachCause_whenExplained_thenTheMessageNamesHostPortDatabaseUserAndWhatToCheckButNeverThePassword() {
        String refused = ConnectionFailure.explain("the vector database", URL, driver("08001", "Connection to "
                + "db.example:6432 refused.", new ConnectException("Connection refused")), FIVE);
        String timeout = ConnectionFailure.explain("the vector database", URL, new SQLTransientConnectionException(
                "pool - Connection is not available, request timed out after 5001ms."), FIVE);
        String socket = ConnectionFailure.explain("the vector database", URL, driver("08001", "The connection attempt "
                + "failed.", new SocketTimeoutException("connect timed out")), Duration.ofSeconds(2));
        String host = ConnectionFailure.explain("the vector database", URL, driver("08001", "The connection attempt "
                + "failed.", new UnknownHostException("db.example")), FIVE);
        String auth = ConnectionFailure.explain("the vector database", URL, new SQLTransientConnectionException("pool",
                "08001", driver("28P01", "FATAL: password authentication failed for user \"app\"", null)), FIVE);
        String database = ConnectionFailure.explain("the vector database", URL, driver("3D000",
                "FATAL: database \"vectors\" does not exist", null), FIVE);

        assertThat(refused).startsWith("cannot connect to the vector database at db.example:6432, database vectors "
                + "(user app): connection refused").contains("listen_addresses");
        assertThat(timeout).contains("no answer within 5 s", "PIPELINE_DB_CONNECT_TIMEOUT_SECONDS", "firewall")
                .doesNotContain("15001ms");
        assertThat(socket).contains("no answer within 2 s");
        assertThat(host).contains("unknown host db.example");
        assertThat(auth).contains("refused the credentials", "password authentication failed for user \"app\"",
                "pg_hba.conf");
        assertThat(database).contains("database vectors does not exist on db.example:6432");
        for (String m : new String[] {refused, timeout, socket, host, auth, database}) {
            assertThat(m).contains("db.example:6432").doesNotContain("s3cret");
        }
        assertThat(ConnectionFailure.cause(new SQLException("syntax error", "42601"))).isEqualTo(
                ConnectionFailure.Cause.OTHER);
    }
}
