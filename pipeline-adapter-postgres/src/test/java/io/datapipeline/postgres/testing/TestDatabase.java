package io.datapipeline.postgres.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** A fresh database (with pgvector) for one test class. */
public final class TestDatabase implements AutoCloseable {

    private final String name;
    private final String jdbcUrl;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    TestDatabase(String name, String jdbcUrl, String host, int port, String user, String password) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public String name() {
        return name;
    }

    /** JDBC URL without credentials. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** JDBC URL with the user (and password, if any) as parameters, for CLI and REST tests. */
    public String jdbcUrlWithCredentials() {
        return jdbcUrl + "?user=" + user + (password == null ? "" : "&password=" + password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The password, or {@code null} (the throwaway cluster trusts loopback). */
    public String password() {
        return password;
    }

    /** Another database on the same server, created fresh (with pgvector), e.g. a business database. */
    public TestDatabase sibling(String suffix) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            String other = name + "_" + suffix;
            s.execute("DROP DATABASE IF EXISTS \"" + other + "\"");
            s.execute("CREATE DATABASE \"" + other + "\" TEMPLATE template0 ENCODING 'UTF8'");
            TestDatabase db = new TestDatabase(other, jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + other,
                    host, port, user, password);
            try (Connection oc = db.connect(); Statement os = oc.createStatement()) {
                os.execute("CREATE EXTENSION IF NOT EXISTS vector");
            }
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Runs statements (separated as given) in autocommit mode. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row, as a long. */
    public long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row, as text. */
    public String queryString(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // connections are per call; nothing to release
    }
}
