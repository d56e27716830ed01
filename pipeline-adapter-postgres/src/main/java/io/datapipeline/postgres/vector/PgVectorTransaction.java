package io.datapipeline.postgres.vector;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;

/** The operations of one transaction, on the session's connection. Identifiers are always quoted. */
final class PgVectorTransaction implements VectorTransaction {

    private static final int COPY_BUFFER = 1 << 16;

    /** How long one attempt to get a truncate's exclusive lock waits: readers queue behind it at most this long. */
    static final long EXCLUSIVE_ATTEMPT_MILLIS = 400;
    /** Pause between attempts, in which queued readers run. */
    static final long EXCLUSIVE_PAUSE_MILLIS = 300;
    private static final String LOCK_TIMEOUT = "55P03";
    private static final String DEADLOCK = "40P01";

    private final Connection connection;
    private final Optional<String> transactionId;
    private final Duration writerWait;
    private int stageCounter;

    private final boolean rehearsal;
    private final PgLangChainTables langchain;

    PgVectorTransaction(Connection connection, VectorTables tables, Optional<String> transactionId,
            Duration writerWait) {
        this(connection, tables, transactionId, writerWait, false);
    }

    /**
     * @param tables    the names of the LangChain tables ({@link #langchain()} works on them)
     * @param rehearsal the transaction always rolls back (scratch tables are allowed only then)
     */
    PgVectorTransaction(Connection connection, VectorTables tables, Optional<String> transactionId,
            Duration writerWait, boolean rehearsal) {
        this.rehearsal = rehearsal;
        this.connection = connection;
        this.transactionId = transactionId;
        this.writerWait = writerWait;
        this.langchain = new PgLangChainTables(tables, this);
    }

    Connection connection() {
        return connection;
    }

    @Override
    public LangChainTables langchain() {
        return langchain;
    }

    @Override
    public Optional<String> transactionId() {
        return transactionId;
    }

    @Override
    public Optional<TableShape> describe(TableName table) {
        String sql = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, c.reltuples::bigint, c.oid "
                + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
                + "ORDER BY a.attnum";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, table.quoted());
            List<TableShape.Column> columns = new ArrayList<>();
            long estimate = -1;
            long oid = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new TableShape.Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                    estimate = rs.getLong(4);
                    oid = rs.getLong(5);
                }
            }
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TableShape(table, columns, primaryKey(oid), estimate));
        } catch (SQLException e) {
            throw fail("cannot read the catalog for " + table.display(), e);
        }
    }

    private List<String> primaryKey(long oid) throws SQLException {
        String sql = "SELECT a.attname FROM pg_index i "
                + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                + "WHERE i.indrelid = ?::oid AND i.indisprimary ORDER BY k.ord";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, oid);
            List<String> key = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
            return key;
        }
    }

    @Override
    public long count(TableName table) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table.quoted())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw fail("cannot count " + table.display(), e);
        }
    }

    @Override
    public long export(TableName table, List<String> columns, CopyFormat format, OutputStream out) throws IOException {
        String sql = "COPY (SELECT " + columnList(columns) + " FROM " + table.quoted() + ") TO STDOUT WITH ("
                + options(format) + ")";
        try {
            return copyApi().copyOut(sql, out);
        } catch (SQLException e) {
            throw fail("export of " + table.display() + " failed", e);
        }
    }

    @Override
    public Map<Integer, Long> vectorDimensions(TableName table, String column) {
        String col = TableName.quote(column);
        String sql = "SELECT vector_dims(" + col + "), count(*) FROM " + table.quoted() + " WHERE " + col
                + " IS NOT NULL GROUP BY 1 ORDER BY 1";
        Map<Integer, Long> dims = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                dims.put(rs.getInt(1), rs.getLong(2));
            }
            return dims;
        } catch (SQLException e) {
            throw fail("cannot read vector dimensions of " + table.display() + "." + column, e);
        }
    }

    /**
     * TRUNCATE needs ACCESS EXCLUSIVE, and while that request waits for a reader, every new reader queues behind
     * it. So the lock is asked for with a short {@code lock_timeout} inside a savepoint and, when it times out,
     * the request is withdrawn for a moment (queued readers run) and made again, until the writer wait is used up
     * (see {@link #tryTruncate}).
     */
    @Override
    public void truncate(List<TableName> tables) {
        String list = tables.stream().map(TableName::quoted).collect(Collectors.joining(", "));
        String names = tables.stream().map(TableName::display).collect(Collectors.joining(", "));
        long deadline = System.nanoTime() + Math.max(1, writerWait.toNanos());
        int attempts = 0;
        try (Statement s = connection.createStatement()) {
            while (true) {
                attempts++;
                if (tryTruncate(s, list, EXCLUSIVE_ATTEMPT_MILLIS, false) == null) {
                    break;
                }
                if (System.nanoTime() >= deadline) {
                    throw new PipelineException("could not get the exclusive lock to truncate " + names + " within "
                            + writerWait.toSeconds() + " s (" + attempts + " attempts of " + EXCLUSIVE_ATTEMPT_MILLIS
                            + " ms each, withdrawn so that queued readers could run): " + lockHolders(tables)
                            + "; nothing was changed");
                }
                try {
                    Thread.sleep(EXCLUSIVE_PAUSE_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new PipelineException("interrupted while waiting to truncate " + names, ie);
                }
            }
        } catch (SQLException e) {
            throw fail("truncate of " + names + " failed", e);
        }
    }

    @Override
    public void truncateWaiting(List<TableName> tables) {
        String list = tables.stream().map(TableName::quoted).collect(Collectors.joining(", "));
        String names = tables.stream().map(TableName::display).collect(Collectors.joining(", "));
        try (Statement s = connection.createStatement()) {
            // no attempt bound: the transaction's lock_timeout, the writer wait, for one request, readers queued
            String refused = tryTruncate(s, list, 0, true);
            if (refused != null) {
                throw new PipelineException("could not get the exclusive lock to truncate " + names
                        + (refused.equals(DEADLOCK) ? " (a deadlock with a transaction that holds one table and "
                                + "waits for the other)" : " within " + writerWait.toSeconds() + " s") + ": "
                        + lockHolders(tables) + "; nothing was changed");
            }
        } catch (SQLException e) {
            throw fail("truncate of " + names + " failed", e);
        }
    }

    /**
     * One request for the exclusive lock on {@code list} and its TRUNCATE, inside a savepoint. The TRUNCATE is
     * part of the request: it also locks the tables' TOAST tables and indexes, which autovacuum (or a reader of a
     * TOAST table) may hold while the tables themselves are free.
     *
     * @param attemptMillis bound of each lock wait of this request, or {@code 0} for the transaction's own
     *                      {@code lock_timeout} (the writer wait)
     * @param deadlockRefuses whether a deadlock, like a lock timeout, is a refusal rather than an error
     * @return {@code null} when truncated, else the SQLSTATE of the refusal (the savepoint rolled back: nothing
     *         changed, no lock of the request kept)
     */
    private String tryTruncate(Statement s, String list, long attemptMillis, boolean deadlockRefuses)
            throws SQLException {
        return tryExclusive(s, list, "TRUNCATE TABLE " + list, attemptMillis, deadlockRefuses);
    }

    /**
     * Runs {@code statement} (an ALTER TABLE that rewrites the table, e.g. a re-embed's change of the vector column's
     * type) under an ACCESS EXCLUSIVE lock of {@code table}, asked for like {@link #truncate}: attempts of
     * {@value #EXCLUSIVE_ATTEMPT_MILLIS} ms withdrawn so that queued readers run, until the writer wait is used up.
     * Readers then wait for the commit.
     */
    void alterExclusively(TableName table, String statement) {
        long deadline = System.nanoTime() + Math.max(1, writerWait.toNanos());
        int attempts = 0;
        try (Statement s = connection.createStatement()) {
            while (tryExclusive(s, table.quoted(), statement, EXCLUSIVE_ATTEMPT_MILLIS, false) != null) {
                attempts++;
                if (System.nanoTime() >= deadline) {
                    throw new PipelineException("could not get the exclusive lock to change " + table.display()
                            + " within " + writerWait.toSeconds() + " s (" + attempts + " attempts of "
                            + EXCLUSIVE_ATTEMPT_MILLIS + " ms each, withdrawn so that queued readers could run): "
                            + lockHolders(List.of(table)) + "; nothing was changed");
                }
                Thread.sleep(EXCLUSIVE_PAUSE_MILLIS);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while waiting to change " + table.display(), ie);
        } catch (SQLException e) {
            throw fail("changing " + table.display() + " failed", e);
        }
    }

    private String tryExclusive(Statement s, String list, String statement, long attemptMillis,
            boolean deadlockRefuses) throws SQLException {
        s.execute("SAVEPOINT pipeline_exclusive");
        try {
            if (attemptMillis > 0) {
                s.execute("SET LOCAL lock_timeout = '" + attemptMillis + "ms'");
            }
            s.execute("LOCK TABLE " + list + " IN ACCESS EXCLUSIVE MODE");
            s.execute(statement);
            if (attemptMillis > 0) {
                // the transaction's own wait again for what follows (a rollback to the savepoint would undo it)
                s.execute("SET LOCAL lock_timeout = '" + Math.max(1, writerWait.toMillis()) + "ms'");
            }
            s.execute("RELEASE SAVEPOINT pipeline_exclusive");
            return null;
        } catch (SQLException e) {
            if (!LOCK_TIMEOUT.equals(e.getSQLState()) && !(deadlockRefuses && DEADLOCK.equals(e.getSQLState()))) {
                throw e;
            }
            s.execute("ROLLBACK TO SAVEPOINT pipeline_exclusive");
            s.execute("RELEASE SAVEPOINT pipeline_exclusive");
            return e.getSQLState();
        }
    }

    /** Who else holds locks on the tables (typically a long reading transaction), for an error message. */
    private String lockHolders(List<TableName> tables) {
        String sql = "SELECT DISTINCT a.pid, coalesce(a.application_name, ''), a.state, "
                + "extract(epoch FROM now() - a.xact_start)::bigint FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.relation IN (SELECT t.oid FROM unnest(?::regclass[]) AS t(oid) UNION "
                // a TRUNCATE also needs the TOAST tables and indexes, which autovacuum may hold on their own
                + "SELECT c.reltoastrelid FROM pg_class c WHERE c.oid = ANY (?::regclass[]) UNION "
                + "SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = ANY (?::regclass[])) "
                + "AND l.pid <> pg_backend_pid() AND l.granted";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 1; i <= 3; i++) {
                ps.setArray(i, connection.createArrayOf("text", tables.stream().map(TableName::quoted).toArray()));
            }
            List<String> holders = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.add("pid " + rs.getInt(1) + " '" + rs.getString(2) + "' (" + rs.getString(3)
                            + ", transaction open for " + rs.getLong(4) + " s)");
                }
            }
            return holders.isEmpty() ? "the holders have gone" : "held by " + String.join(", ", holders);
        } catch (SQLException e) {
            return "holders unknown";
        }
    }

    @Override
    public long deleteAll(TableName table) {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate("DELETE FROM " + table.quoted());
        } catch (SQLException e) {
            throw fail("removing the rows of " + table.display() + " failed", e);
        }
    }

    @Override
    public long load(TableName table, List<String> columns, CopyFormat format, RowSource body) throws IOException {
        String sql = "COPY " + table.quoted() + " (" + columnList(columns) + ") FROM STDIN WITH (" + options(format) + ")";
        CopyIn copy;
        try {
            copy = copyApi().copyIn(sql);
        } catch (SQLException e) {
            throw fail("cannot start loading " + table.display(), e);
        }
        try {
            PGCopyOutputStream out = new PGCopyOutputStream(copy, COPY_BUFFER);
            body.writeTo(out);
            return out.endCopy();
        } catch (SQLException e) {
            throw fail("loading " + table.display() + " failed", e);
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql2) {
                throw fail("loading " + table.display() + " failed", sql2);
            }
            throw e;
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the transaction is rolled back by the caller anyway
                }
            }
        }
    }

    @Override
    public AppendResult append(TableName table, List<String> columns, CopyFormat format, RowSource body,
            AppendOptions options) throws IOException {
        TableShape shape = describe(table).orElseThrow(() -> new PipelineException(
                "table " + table.display() + " does not exist"));
        List<TableShape.Column> stream = new ArrayList<>();
        for (String c : columns) {
            stream.add(shape.column(c).orElseThrow(() -> new PipelineException("table " + table.display()
                    + " has no column " + c)));
        }
        return loadMapped(table, stream, format, body, columns.stream().map(ColumnMapping::same).toList(), null,
                options, true);
    }

    /** A type as {@code format_type} writes it; anything else (from a manifest, i.e. a file) is refused. */
    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile(
            "([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*( [a-z_][a-z0-9_]*)*(\\(\\d{1,9}(,\\d{1,9})?\\))?(\\[\\])*");

    static String checkedType(String column, String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new PipelineException("column " + column + " has type '" + type + "', which is not a PostgreSQL type "
                    + "name this tool accepts");
        }
        return type;
    }

    private static final String UUID_TEXT = "'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'";

    @Override
    public AppendResult loadMapped(TableName table, List<TableShape.Column> streamColumns, CopyFormat format,
            RowSource body, List<ColumnMapping> mapping, RowFilter filter, AppendOptions options, boolean skipExisting)
            throws IOException {
        TableShape shape = describe(table).orElseThrow(() -> new PipelineException(
                "table " + table.display() + " does not exist"));
        String stage = createStage(table, streamColumns);
        String stageQ = TableName.quote(stage);
        long staged = load(new TableName(null, stage), streamColumns.stream().map(TableShape.Column::name).toList(),
                format, body);
        try (Statement s = connection.createStatement()) {
            prepareStaged(stageQ, filter, options);
            Map<String, String> expressions = new LinkedHashMap<>();
            for (ColumnMapping m : mapping) {
                TableShape.Column target = shape.column(m.target()).orElseThrow(() -> new PipelineException(
                        "table " + table.display() + " has no column " + m.target()));
                expressions.put(m.target(), expression(m, target.type()));
            }
            String nkExpr = options.naturalKeyColumn() == null ? null : expressions.get(options.naturalKeyColumn());
            Map<String, String> remapped = remappedKeys(s, table, shape, stageQ, expressions, nkExpr,
                    options.naturalKeyColumn());
            String notByNaturalKey = nkExpr == null ? "" : " WHERE NOT EXISTS (SELECT 1 FROM " + table.quoted()
                    + " t WHERE t." + TableName.quote(options.naturalKeyColumn()) + " = " + nkExpr + ")";
            String insert = "INSERT INTO " + table.quoted() + " ("
                    + expressions.keySet().stream().map(TableName::quote).collect(Collectors.joining(", ")) + ") SELECT "
                    + String.join(", ", expressions.values()) + " FROM " + stageQ + " s" + notByNaturalKey
                    + (skipExisting ? " ON CONFLICT DO NOTHING" : "");
            String filterTarget = filter == null ? null : mapping.stream()
                    .filter(m -> m.sources().get(0).equals(filter.column())).map(ColumnMapping::target).findFirst()
                    .orElse(null);
            Map<String, Long> byValue = new LinkedHashMap<>();
            long inserted = filterTarget == null ? s.executeUpdate(insert) : insertCounting(s, insert, filterTarget, byValue);
            long matched = filter == null ? staged : countOf(s, stageQ);
            s.execute("DROP TABLE " + stageQ);
            return new AppendResult(staged, inserted, remapped, matched, byValue);
        } catch (SQLException e) {
            throw fail("loading " + table.display() + " through a staging table failed", e);
        }
    }

    /** A temporary staging table of the stream's own columns (dropped at commit); its name. */
    private String createStage(TableName table, List<TableShape.Column> streamColumns) {
        String stage = "pipeline_stage_" + (++stageCounter);
        String stageQ = TableName.quote(stage);
        String columnsDdl = streamColumns.stream().map(c -> TableName.quote(c.name()) + " "
                + checkedType(c.name(), c.type())).collect(Collectors.joining(", "));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE " + stageQ + " (" + columnsDdl + ") ON COMMIT DROP");
        } catch (SQLException e) {
            throw fail("cannot create a staging table for " + table.display() + " with columns " + columnsDdl, e);
        }
        return stage;
    }

    /** Drops the staged rows the filter does not keep, and remaps the values the options name. */
    private void prepareStaged(String stageQ, RowFilter filter, AppendOptions options) throws SQLException {
        if (filter != null) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + stageQ + " WHERE NOT ("
                    + TableName.quote(filter.column()) + "::text = ANY (?))")) {
                ps.setArray(1, connection.createArrayOf("text", filter.values().toArray()));
                ps.executeUpdate();
            }
        }
        if (options.remapColumn() != null && !options.remap().isEmpty()) {
            String col = TableName.quote(options.remapColumn());
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + stageQ + " SET " + col
                    + " = ?::uuid WHERE " + col + " = ?::uuid")) {
                for (Map.Entry<String, String> m : options.remap().entrySet()) {
                    ps.setString(1, m.getValue());
                    ps.setString(2, m.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * Staged keys whose row exists in the table under another key with the same natural key (a collection of the
     * same name under another uuid): staged key → the table's key.
     */
    private static Map<String, String> remappedKeys(Statement s, TableName table, TableShape shape, String stageQ,
            Map<String, String> expressions, String nkExpr, String naturalKey) throws SQLException {
        Map<String, String> remapped = new LinkedHashMap<>();
        if (nkExpr == null || shape.primaryKey().size() != 1 || !expressions.containsKey(shape.primaryKey().get(0))) {
            return remapped;
        }
        String pk = TableName.quote(shape.primaryKey().get(0));
        String pkExpr = expressions.get(shape.primaryKey().get(0));
        try (ResultSet rs = s.executeQuery("SELECT (" + pkExpr + ")::text, t." + pk + "::text FROM " + stageQ + " s JOIN "
                + table.quoted() + " t ON t." + TableName.quote(naturalKey) + " = " + nkExpr + " AND t." + pk + " <> "
                + pkExpr)) {
            while (rs.next()) {
                remapped.put(rs.getString(1), rs.getString(2));
            }
        }
        return remapped;
    }

    /** Runs the insert counting the inserted rows per value of {@code column} into {@code byValue}; returns the total. */
    private static long insertCounting(Statement s, String insert, String column, Map<String, Long> byValue)
            throws SQLException {
        long inserted = 0;
        try (ResultSet rs = s.executeQuery("WITH ins AS (" + insert + " RETURNING " + TableName.quote(column)
                + "::text AS v) SELECT v, count(*) FROM ins GROUP BY v")) {
            while (rs.next()) {
                byValue.put(rs.getString(1), rs.getLong(2));
                inserted += rs.getLong(2);
            }
        }
        return inserted;
    }

    private static long countOf(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The SQL that fills a target column of type {@code targetType} from the stage {@code s}. */
    private static String expression(ColumnMapping m, String targetType) {
        String type = checkedType(m.target(), targetType);
        String first = "s." + TableName.quote(m.sources().get(0));
        return switch (m.conversion()) {
            case SAME -> first;
            case CAST -> first + "::" + type;
            case ID_FROM_CUSTOM_ID_OR_UUID -> "coalesce(nullif(" + first + "::text, ''), s."
                    + TableName.quote(m.sources().get(1)) + "::text)::" + type;
            // java.util.UUID.nameUUIDFromBytes: MD5 of the UTF-8 bytes with version 3 and the IETF variant set
            case UUID_FROM_ID -> "(CASE WHEN " + first + "::text ~ " + UUID_TEXT + " THEN " + first + "::text::uuid "
                    + "ELSE (substr(md5(" + first + "::text), 1, 12) || '3' || substr(md5(" + first + "::text), 14, 3) "
                    + "|| substr('89ab', (('x' || substr(md5(" + first + "::text), 17, 1))::bit(4)::int % 4) + 1, 1) "
                    + "|| substr(md5(" + first + "::text), 18, 15))::uuid END)::" + type;
        };
    }

    @Override
    public long deleteMatching(TableName table, String column, java.util.Collection<String> values) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table.quoted() + " WHERE "
                + TableName.quote(column) + "::text = ANY (?)")) {
            ps.setArray(1, connection.createArrayOf("text", values.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("removing rows of " + table.display() + " failed", e);
        }
    }

    private String scratchSchema;

    @Override
    public TableName createScratchTable(String name, List<TableShape.Column> columns) {
        if (!rehearsal) {
            throw new IllegalStateException("scratch tables exist only in a transaction that rolls back");
        }
        try (Statement s = connection.createStatement()) {
            if (scratchSchema == null) {
                String schema = "pipeline_restore_test_" + Long.toHexString(System.nanoTime());
                s.execute("CREATE SCHEMA " + TableName.quote(schema));
                // a scratch table is read back in the order it was loaded: no scan may start midway
                s.execute("SET LOCAL synchronize_seqscans = off");
                scratchSchema = schema;
            }
            TableName t = new TableName(scratchSchema, name);
            s.execute("CREATE TABLE " + t.quoted() + " (" + columns.stream().map(c -> TableName.quote(c.name()) + " "
                    + checkedType(c.name(), c.type()) + (c.notNull() ? " NOT NULL" : "")).collect(Collectors.joining(", "))
                    + ")");
            return t;
        } catch (SQLException e) {
            throw fail("cannot create the scratch table " + name, e);
        }
    }

    @Override
    public Map<String, String> describeServer() {
        Map<String, String> facts = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), "
                        + "(SELECT extversion FROM pg_extension WHERE extname = 'vector'), current_database(), "
                        + "(SELECT system_identifier::text FROM pg_control_system())")) {
            rs.next();
            facts.put("server_version", rs.getString(1));
            facts.put("pgvector_version", rs.getString(2));
            facts.put("database", rs.getString(3));
            facts.put("system_identifier", rs.getString(4));
        } catch (SQLException e) {
            throw fail("cannot read server facts", e);
        }
        return facts;
    }

    private static String options(CopyFormat format) {
        return switch (format) {
            case CSV -> "FORMAT csv, HEADER";
            case BINARY -> "FORMAT binary";
        };
    }

    private CopyManager copyApi() throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    private static String columnList(List<String> columns) {
        return columns.stream().map(TableName::quote).collect(Collectors.joining(", "));
    }

    private static PipelineException fail(String what, SQLException e) {
        return new PipelineException(what + ": " + PgVectorStoreSession.describe(e), e);
    }
}
