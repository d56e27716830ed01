package io.datapipeline.postgres.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for tests: a throwaway cluster under {@code target/} or the server named by
 * {@code PIPELINE_TEST_DB_URL} ({@code jdbc:postgresql://host:port/db?user=..&password=..}; the user needs
 * CREATEDB).
 */
final class PostgresServer implements AutoCloseable {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final boolean external;
    private final Path dataDir;
    private final Path binDir;

    private PostgresServer(String host, int port, String user, String password, boolean external, Path dataDir,
            Path binDir) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.external = external;
        this.dataDir = dataDir;
        this.binDir = binDir;
    }

    /** Lazily starts one server per JVM and stops it when the JUnit run ends. */
    static final class Holder implements AutoCloseable {
        private PostgresServer server;
        private String failure;
        private boolean tried;

        synchronized PostgresServer get() {
            if (!tried) {
                tried = true;
                try {
                    server = start();
                } catch (Exception e) {
                    failure = e.getMessage();
                }
            }
            return server;
        }

        synchronized String failure() {
            return failure;
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    static PostgresServer start() throws Exception {
        String url = System.getenv("PIPELINE_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return external(url);
        }
        return throwaway();
    }

    private static PostgresServer external(String url) throws SQLException {
        String rest = url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("^postgres(ql)?://", "");
        String user = System.getenv().getOrDefault("PIPELINE_TEST_DB_USER", "postgres");
        String password = System.getenv("PIPELINE_TEST_DB_PASSWORD");
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("user") && kv.length == 2) {
                    user = kv[1];
                } else if (kv[0].equals("password") && kv.length == 2) {
                    password = kv[1];
                }
            }
            rest = rest.substring(0, q);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String cred = rest.substring(0, at);
            rest = rest.substring(at + 1);
            String[] up = cred.split(":", 2);
            user = up[0];
            if (up.length == 2) {
                password = up[1];
            }
        }
        String hostPort = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) : 5432;
        PostgresServer server = new PostgresServer(host, port, user, password, true, null, null);
        try (Connection c = server.admin()) {
            c.isValid(5);
        }
        return server;
    }

    private static PostgresServer throwaway() throws Exception {
        Path bin = findBinDir();
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path base = Files.createTempDirectory(target, "pg-");
        Path data = base.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres", base.toString()), 30);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> initdb = List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
        run(asServerUser(initdb, root), 120);
        String opts = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
                + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        List<String> start = List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                base.resolve("server.log").toString(), "-w", "-t", "60", "-o", opts, "start");
        run(asServerUser(start, root), 90);
        PostgresServer server = new PostgresServer("127.0.0.1", port, "postgres", null, false, data, bin);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return server;
    }

    private static List<String> asServerUser(List<String> command, boolean root) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Path findBinDir() {
        String configured = System.getenv("PIPELINE_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no PostgreSQL server binaries in /usr/lib/postgresql (set PIPELINE_PG_BIN)");
        }
        try (Stream<Path> majors = Files.list(lib)) {
            List<Path> candidates = majors.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                    .sorted(Comparator.comparing((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
                    .toList();
            for (Path major : candidates) {
                Path control = Path.of("/usr/share/postgresql", major.getFileName().toString(), "extension",
                        "vector.control");
                if (Files.exists(control)) {
                    return major.resolve("bin");
                }
            }
            throw new IllegalStateException("no PostgreSQL server with pgvector installed (looked in " + candidates
                    + "); run scripts/setup-postgres.sh install");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        File log = File.createTempFile("pgrig", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + Files.readString(log.toPath(), StandardCharsets.UTF_8).trim());
            }
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), props());
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Properties props() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    TestDatabase createDatabase(String name) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
            s.execute("CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        TestDatabase db = new TestDatabase(name, jdbcUrl(name), host, port, user, password);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
            throw new IllegalStateException("pgvector is not available on the test server (" + e.getMessage()
                    + "); run scripts/setup-postgres.sh install", e);
        }
        return db;
    }

    void dropDatabaseIfExternal(String name) {
        if (!external) {
            return;
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            // a leftover database on a shared server is untidy, not a test failure
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (external || dataDir == null || !Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            run(asServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m",
                    "immediate", "-w", "stop"), root), 60);
        } catch (Exception e) {
            System.err.println("could not stop the test PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
    }
}
