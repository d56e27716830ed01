package io.datapipeline.postgres.business;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.SchemaInspector;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the business database's catalog and samples rows, read-only and with a statement timeout. Table
 * names are resolved with {@code to_regclass} on the quoted name, so a name from the table list can never
 * become SQL, and a table that does not exist is reported as such and never sampled.
 */
public final class PgSchemaInspector implements SchemaInspector {

    private static final int MAX_VALUE_LENGTH = 200;

    private final BusinessDatabases databases;

    public PgSchemaInspector(BusinessDatabases databases) {
        this.databases = databases;
    }

    @Override
    public Optional<TableDescription> describe(DatabaseUrl db, TableName table) {
        try (Connection c = readOnly(db)) {
            long oid;
            TableName resolved;
            String comment;
            long estimate;
            try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, n.nspname, c.relname, "
                    + "obj_description(c.oid, 'pg_class'), c.reltuples::bigint FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?) "
                    + "AND c.relkind IN ('r', 'p', 'v', 'm', 'f')")) {
                ps.setString(1, table.quoted());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    oid = rs.getLong(1);
                    resolved = new TableName(rs.getString(2), rs.getString(3));
                    comment = rs.getString(4);
                    estimate = rs.getLong(5);
                }
            }
            List<ColumnDescription> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
                    + "NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum) "
                    + "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                    + "WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(new ColumnDescription(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                                rs.getString(4), rs.getString(5)));
                    }
                }
            }
            List<String> pk = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_index i "
                    + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true "
                    + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                    + "WHERE i.indrelid = ?::oid AND i.indisprimary ORDER BY k.ord")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pk.add(rs.getString(1));
                    }
                }
            }
            List<ForeignKey> fks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT "
                    + "array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a "
                    + "ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), fn.nspname, fc.relname, "
                    + "array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a "
                    + "ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) "
                    + "FROM pg_constraint c JOIN pg_class fc ON fc.oid = c.confrelid "
                    + "JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
                    + "WHERE c.conrelid = ?::oid AND c.contype = 'f' ORDER BY c.conname")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fks.add(new ForeignKey(strings(rs.getArray(1)), new TableName(rs.getString(2), rs.getString(3)),
                                strings(rs.getArray(4))));
                    }
                }
            }
            c.rollback();
            return Optional.of(new TableDescription(resolved, comment, columns, pk, fks, estimate));
        } catch (SQLException e) {
            throw BusinessErrors.wrap(e, db, "cannot read the catalog of " + table.display() + " in " + db.masked(),
                    databases.connectTimeout());
        }
    }

    @Override
    public List<TableName> listTables(DatabaseUrl db, List<String> schemas) {
        try (Connection c = readOnly(db); PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition "
                + "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
                + "AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[])) "
                + "ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"")) {
            Array wanted = c.createArrayOf("text", schemas.toArray());
            ps.setArray(1, wanted);
            ps.setArray(2, wanted);
            List<TableName> tables = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableName(rs.getString(1), rs.getString(2)));
                }
            }
            c.rollback();
            return tables;
        } catch (SQLException e) {
            throw BusinessErrors.wrap(e, db, "cannot list the tables of " + db.masked(), databases.connectTimeout());
        }
    }

    @Override
    public List<Map<String, String>> sample(DatabaseUrl db, TableName table, int limit) {
        try (Connection c = readOnly(db); Statement s = c.createStatement()) {
            s.setMaxRows(limit);
            List<Map<String, String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table.quoted() + " LIMIT " + Math.max(0, limit))) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String v = rs.getString(i);
                        if (v != null && v.length() > MAX_VALUE_LENGTH) {
                            v = v.substring(0, MAX_VALUE_LENGTH) + "…";
                        }
                        row.put(md.getColumnName(i), v);
                    }
                    rows.add(row);
                }
            }
            c.rollback();
            return rows;
        } catch (SQLException e) {
            throw BusinessErrors.wrap(e, db, "cannot sample " + table.display() + " in " + db.masked(),
                    databases.connectTimeout());
        }
    }

    @Override
    public List<ValueCount> distinctValues(DatabaseUrl db, TableName table, String column, int rowLimit,
            int maxValues) {
        // the column is quoted as an identifier and the table resolved by describe(): nothing here becomes SQL text
        String col = "\"" + column.replace("\"", "\"\"") + "\"";
        String sql = "SELECT v::text, count(*) FROM (SELECT " + col + " AS v FROM " + table.quoted() + " LIMIT "
                + Math.max(0, rowLimit) + ") s WHERE v IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v::text COLLATE \"C\" LIMIT "
                + (Math.max(0, maxValues) + 1L);
        try (Connection c = readOnly(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<ValueCount> values = new ArrayList<>();
            while (rs.next()) {
                String v = rs.getString(1);
                values.add(new ValueCount(v.length() > MAX_VALUE_LENGTH ? v.substring(0, MAX_VALUE_LENGTH) + "…" : v,
                        rs.getLong(2)));
            }
            c.rollback();
            return values;
        } catch (SQLException e) {
            throw BusinessErrors.wrap(e, db, "cannot count the values of " + table.display() + "." + column + " in "
                    + db.masked());
        }
    }

    private Connection readOnly(DatabaseUrl db) throws SQLException {
        Connection c = databases.connect(db);
        try {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = '30s'");
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
