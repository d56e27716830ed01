package io.datapipeline.postgres.task;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied at start-up: {@code V<n>__<name>.sql} from the classpath, each in
 * its own transaction, recorded in {@code pipeline_schema_version}; concurrent starters serialise on an
 * advisory lock, so two instances never apply one twice.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final List<String> SCRIPTS = List.of("V1__tasks.sql", "V2__backup_slots.sql", "V3__execution_control.sql",
            "V4__result_order.sql");
    private static final int MIGRATION_LOCK = 0;

    private Migrations() {
    }

    public static void apply(Connection c) {
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + PgVectorTableStore.LOCK_NAMESPACE + ", " + MIGRATION_LOCK + ")");
                s.execute("CREATE TABLE IF NOT EXISTS pipeline_schema_version (version integer PRIMARY KEY, "
                        + "script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                int current;
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM pipeline_schema_version")) {
                    rs.next();
                    current = rs.getInt(1);
                }
                for (String script : SCRIPTS) {
                    int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                    if (version <= current) {
                        continue;
                    }
                    s.execute(read(script));
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO pipeline_schema_version (version, script) VALUES (?, ?)")) {
                        ps.setInt(1, version);
                        ps.setString(2, script);
                        ps.executeUpdate();
                    }
                    LOG.info("applied schema migration {}", script);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot apply the schema migrations: " + e.getMessage(), e);
        }
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/io/datapipeline/postgres/migration/" + script)) {
            if (in == null) {
                throw new PipelineException("migration " + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PipelineException("cannot read migration " + script, e);
        }
    }
}
