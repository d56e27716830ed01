package io.datapipeline.vectoradmin.fakes;

import io.datapipeline.core.fakes.SimpleCsv;
import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A vector store in memory: tables of text values, one store-wide lock, transactions that apply only
 * when their work returns (a throwing work leaves the tables as they were). Rows are strings as
 * PostgreSQL would print them; NULL is {@code null}.
 */
public final class InMemoryVectorTableStore implements VectorTableStore {

    private final Map<TableName, Table> tables = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<RuntimeException> langchainFailure =
            new java.util.concurrent.atomic.AtomicReference<>();
    private String lockHolder;
    private int sessionsOpened;

    /** A table: shape and rows. */
    public static final class Table {
        final TableShape shape;
        final List<List<String>> rows = new ArrayList<>();

        Table(TableShape shape) {
            this.shape = shape;
        }

        Table copy() {
            Table t = new Table(shape);
            for (List<String> r : rows) {
                t.rows.add(new ArrayList<>(r));
            }
            return t;
        }
    }

    /**
     * Makes the next LangChain write ({@link io.datapipeline.vectoradmin.port.LangChainTables#write}) of any
     * transaction throw {@code e} after writing: the transaction must roll it all back.
     */
    public InMemoryVectorTableStore failLangChainWritesWith(RuntimeException e) {
        langchainFailure.set(e);
        return this;
    }

    /** Creates (or replaces) a table. */
    public synchronized InMemoryVectorTableStore create(TableName name, List<TableShape.Column> columns,
            List<String> primaryKey) {
        tables.put(name, new Table(new TableShape(name, columns, primaryKey, -1)));
        return this;
    }

    /** The LangChain G2 tables, empty. */
    public InMemoryVectorTableStore withLangChainTables() {
        create(new TableName(null, "langchain_pg_collection"), List.of(
                new TableShape.Column("uuid", "uuid", true),
                new TableShape.Column("name", "character varying", true),
                new TableShape.Column("cmetadata", "json", false)), List.of("uuid"));
        create(new TableName(null, "langchain_pg_embedding"), List.of(
                new TableShape.Column("id", "character varying", true),
                new TableShape.Column("collection_id", "uuid", false),
                new TableShape.Column("embedding", "vector", false),
                new TableShape.Column("document", "character varying", false),
                new TableShape.Column("cmetadata", "jsonb", false)), List.of("id"));
        return this;
    }

    public synchronized void insert(TableName name, List<String> row) {
        tables.get(name).rows.add(new ArrayList<>(row));
    }

    public synchronized List<List<String>> rows(TableName name) {
        List<List<String>> copy = new ArrayList<>();
        for (List<String> r : tables.get(name).rows) {
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
        }
        return copy;
    }

    /** Simulates another process holding the store lock. */
    public synchronized void holdLockElsewhere(String holder) {
        lockHolder = holder;
    }

    public synchronized void releaseLockElsewhere() {
        lockHolder = null;
    }

    public synchronized boolean locked() {
        return lockHolder != null;
    }

    public synchronized int sessionsOpened() {
        return sessionsOpened;
    }

    /**
     * Makes the next write transaction's COMMIT "lose its answer": the changes are applied when {@code actual} is
     * {@link CommitStatus#COMMITTED}, and the store then answers {@code reported} when asked about the transaction.
     */
    public synchronized void loseNextCommitAnswer(CommitStatus actual, CommitStatus reported) {
        this.lostCommit = new CommitStatus[] {actual, reported};
    }

    /** Sets what the store answers when asked about a transaction (e.g. once a lost outcome becomes known). */
    public synchronized void answerFor(String transactionId, CommitStatus status) {
        statuses.put(transactionId, status);
    }

    /** The ids of the write transactions so far, oldest first. */
    public synchronized java.util.List<String> transactionIds() {
        return new java.util.ArrayList<>(statuses.keySet()).stream()
                .sorted(java.util.Comparator.comparingInt(x -> Integer.parseInt(x.substring(4)))).toList();
    }

    private CommitStatus[] lostCommit;
    private final Map<String, CommitStatus> statuses = new HashMap<>();
    private int xids;

    @Override
    public synchronized VectorStoreSession openSession(String purpose, Duration lockWait) {
        if (lockHolder != null) {
            throw new BusyException("the vector store is busy: another vector operation holds its lock (" + lockHolder + ")");
        }
        lockHolder = purpose;
        sessionsOpened++;
        return new Session();
    }

    @Override
    public synchronized CommitStatus statusOf(String transactionId) {
        return statuses.getOrDefault(transactionId, CommitStatus.UNKNOWN);
    }

    @Override
    public String describeDatabase() {
        return "memory://vector-store";
    }

    @Override
    public String clusterId() {
        return "memory";
    }

    @Override
    public <T> T rehearse(String purpose, VectorStoreSession.TransactionWork<T> work) {
        Map<TableName, Table> working = new LinkedHashMap<>();
        synchronized (this) {
            tables.forEach((k, v) -> working.put(k, v.copy()));
        }
        try {
            return work.run(new Tx(working, null, TransactionMode.WRITE, true, langchainFailure));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(purpose + ": " + e.getMessage(), e);
        }
    }

    private final class Session implements VectorStoreSession {
        private boolean closed;

        @Override
        public <T> TransactionOutcome<T> transaction(TransactionMode mode, TransactionWork<T> work) {
            if (closed) {
                throw new IllegalStateException("session closed");
            }
            Map<TableName, Table> working;
            String xid = null;
            synchronized (InMemoryVectorTableStore.this) {
                working = new LinkedHashMap<>();
                tables.forEach((k, v) -> working.put(k, v.copy()));
                if (mode == TransactionMode.WRITE) {
                    xid = "mem-" + (++xids);
                    statuses.put(xid, CommitStatus.IN_PROGRESS);
                }
            }
            T result;
            try {
                result = work.run(new Tx(working, xid, mode, false, langchainFailure));
            } catch (Exception e) {
                synchronized (InMemoryVectorTableStore.this) {
                    if (xid != null) {
                        statuses.put(xid, CommitStatus.ABORTED);
                    }
                }
                RuntimeException re = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
                return new TransactionOutcome.RolledBack<>(re);
            }
            synchronized (InMemoryVectorTableStore.this) {
                CommitStatus[] lost = mode == TransactionMode.WRITE ? lostCommit : null;
                lostCommit = null;
                boolean apply = lost == null || lost[0] == CommitStatus.COMMITTED;
                if (mode == TransactionMode.WRITE && apply) {
                    tables.clear();
                    tables.putAll(working);
                }
                if (xid != null) {
                    statuses.put(xid, apply ? CommitStatus.COMMITTED : CommitStatus.ABORTED);
                }
                if (lost == null) {
                    return new TransactionOutcome.Committed<>(result, Optional.ofNullable(xid), Optional.empty());
                }
                CommitStatus reported = lost[1];
                statuses.put(xid, reported);
                return switch (reported) {
                    case COMMITTED -> new TransactionOutcome.Committed<>(result, Optional.of(xid),
                            Optional.of("confirmed on a new connection"));
                    case ABORTED -> new TransactionOutcome.RolledBack<>(new IllegalStateException(
                            "connection lost at COMMIT; the database says it rolled back"));
                    default -> new TransactionOutcome.Unknown<>(result, xid, "connection lost at COMMIT");
                };
            }
        }

        @Override
        public CommitStatus statusOf(String transactionId) {
            return InMemoryVectorTableStore.this.statusOf(transactionId);
        }

        @Override
        public String clusterId() {
            return "memory";
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                synchronized (InMemoryVectorTableStore.this) {
                    lockHolder = null;
                }
            }
        }
    }

    /** A transaction of the fake; its {@link InMemoryLangChainTables} works on its tables. */
    static final class Tx implements VectorTransaction {
        final Map<TableName, Table> tables;
        private final String xid;
        private final TransactionMode mode;
        private final boolean rehearsal;
        private final InMemoryLangChainTables langchain;

        Tx(Map<TableName, Table> tables, String xid, TransactionMode mode, boolean rehearsal,
                java.util.concurrent.atomic.AtomicReference<RuntimeException> langchainFailure) {
            this.tables = tables;
            this.xid = xid;
            this.mode = mode;
            this.rehearsal = rehearsal;
            this.langchain = new InMemoryLangChainTables(this, () -> langchainFailure.getAndSet(null));
        }

        @Override
        public InMemoryLangChainTables langchain() {
            return langchain;
        }

        @Override
        public Optional<String> transactionId() {
            return Optional.ofNullable(xid);
        }

        private void requireWrite() {
            if (mode != TransactionMode.WRITE) {
                throw new IllegalStateException("cannot execute in a read-only transaction");
            }
        }

        Table table(String name) {
            return tables.get(new TableName(null, name));
        }

        void createTable(TableName name, List<TableShape.Column> columns, List<String> key) {
            tables.put(name, new Table(new TableShape(name, columns, key, -1)));
        }

        @Override
        public long deleteAll(TableName table) {
            requireWrite();
            Table t = table(table);
            long n = t.rows.size();
            t.rows.clear();
            return n;
        }

        Table table(TableName name) {
            Table t = tables.get(name);
            if (t == null) {
                throw new IllegalStateException("relation " + name.quoted() + " does not exist");
            }
            return t;
        }

        @Override
        public Optional<TableShape> describe(TableName table) {
            Table t = tables.get(table);
            return t == null ? Optional.empty()
                    : Optional.of(new TableShape(table, t.shape.columns(), t.shape.primaryKey(), t.rows.size()));
        }

        @Override
        public long count(TableName table) {
            return table(table).rows.size();
        }

        @Override
        public long export(TableName table, List<String> columns, CopyFormat format, OutputStream out) throws IOException {
            Table t = table(table);
            List<Integer> idx = indexes(t, columns);
            if (format == CopyFormat.BINARY) {
                List<List<String>> rows = new ArrayList<>();
                for (List<String> row : t.rows) {
                    List<String> values = new ArrayList<>();
                    for (int i : idx) {
                        values.add(row.get(i));
                    }
                    rows.add(values);
                }
                FakeBinaryCopy.write(rows, columns.size(), out);
                return t.rows.size();
            }
            out.write(SimpleCsv.line(columns).getBytes(StandardCharsets.UTF_8));
            for (List<String> row : t.rows) {
                List<String> values = new ArrayList<>();
                for (int i : idx) {
                    values.add(row.get(i));
                }
                out.write(SimpleCsv.line(values).getBytes(StandardCharsets.UTF_8));
            }
            return t.rows.size();
        }

        @Override
        public Map<Integer, Long> vectorDimensions(TableName table, String column) {
            Table t = table(table);
            int i = t.shape.columnNames().indexOf(column);
            Map<Integer, Long> dims = new TreeMap<>();
            for (List<String> row : t.rows) {
                String v = row.get(i);
                if (v != null) {
                    dims.merge(v.split(",").length, 1L, Long::sum);
                }
            }
            return dims;
        }

        @Override
        public void truncate(List<TableName> names) {
            requireWrite();
            for (TableName n : names) {
                table(n).rows.clear();
            }
        }

        @Override
        public long load(TableName table, List<String> columns, CopyFormat format, RowSource body) throws IOException {
            requireWrite();
            Table t = table(table);
            List<List<String>> records = read(body, format);
            List<Integer> idx = indexes(t, columns);
            int keyIndex = t.shape.primaryKey().isEmpty() ? -1
                    : t.shape.columnNames().indexOf(t.shape.primaryKey().get(0));
            for (List<String> record : records) {
                List<String> row = toRow(t, idx, record);
                if (keyIndex >= 0 && containsKey(t, keyIndex, row.get(keyIndex))) {
                    throw new IllegalStateException("duplicate key value violates unique constraint on "
                            + t.shape.primaryKey().get(0) + ": " + row.get(keyIndex));
                }
                t.rows.add(row);
            }
            return records.size();
        }

        @Override
        public AppendResult append(TableName table, List<String> columns, CopyFormat format, RowSource body,
                AppendOptions options) throws IOException {
            requireWrite();
            Table t = table(table);
            List<List<String>> records = read(body, format);
            List<Integer> idx = indexes(t, columns);
            int keyIndex = t.shape.columnNames().indexOf(t.shape.primaryKey().get(0));
            int remapIndex = options.remapColumn() == null ? -1 : t.shape.columnNames().indexOf(options.remapColumn());
            int nameIndex = options.naturalKeyColumn() == null ? -1
                    : t.shape.columnNames().indexOf(options.naturalKeyColumn());
            long inserted = 0;
            Map<String, String> remapped = new HashMap<>();
            for (List<String> record : records) {
                List<String> row = toRow(t, idx, record);
                if (remapIndex >= 0 && row.get(remapIndex) != null) {
                    row.set(remapIndex, options.remap().getOrDefault(row.get(remapIndex), row.get(remapIndex)));
                }
                if (containsKey(t, keyIndex, row.get(keyIndex))) {
                    continue;
                }
                if (nameIndex >= 0) {
                    Optional<List<String>> sameName = t.rows.stream()
                            .filter(r -> r.get(nameIndex) != null && r.get(nameIndex).equals(row.get(nameIndex)))
                            .findFirst();
                    if (sameName.isPresent()) {
                        remapped.put(row.get(keyIndex), sameName.get().get(keyIndex));
                        continue;
                    }
                }
                t.rows.add(row);
                inserted++;
            }
            return new AppendResult(records.size(), inserted, remapped);
        }

        @Override
        public Map<String, String> describeServer() {
            return Map.of("server_version", "memory", "pgvector_version", "memory", "database", "memory",
                    "system_identifier", "memory");
        }

        private static boolean containsKey(Table t, int keyIndex, String key) {
            return t.rows.stream().anyMatch(r -> key != null && key.equals(r.get(keyIndex)));
        }

        private static List<List<String>> read(RowSource body, CopyFormat format) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            body.writeTo(buffer);
            if (format == CopyFormat.BINARY) {
                return FakeBinaryCopy.read(buffer.toByteArray());
            }
            List<List<String>> records = SimpleCsv.parse(buffer.toString(StandardCharsets.UTF_8));
            return records.isEmpty() ? records : records.subList(1, records.size());
        }

        @Override
        public AppendResult loadMapped(TableName table, List<TableShape.Column> streamColumns, CopyFormat format,
                RowSource body, List<ColumnMapping> mapping, RowFilter filter, AppendOptions options,
                boolean skipExisting) throws IOException {
            requireWrite();
            Table t = table(table);
            List<String> names = streamColumns.stream().map(TableShape.Column::name).toList();
            List<List<String>> staged = read(body, format);
            int keyIndex = t.shape.primaryKey().isEmpty() ? -1
                    : t.shape.columnNames().indexOf(t.shape.primaryKey().get(0));
            int nameIndex = options.naturalKeyColumn() == null ? -1
                    : t.shape.columnNames().indexOf(options.naturalKeyColumn());
            long matched = 0;
            long inserted = 0;
            Map<String, String> remapped = new HashMap<>();
            Map<String, Long> byValue = new java.util.LinkedHashMap<>();
            String filterTarget = filter == null ? null : mapping.stream()
                    .filter(m -> m.sources().get(0).equals(filter.column())).map(ColumnMapping::target).findFirst()
                    .orElse(null);
            for (List<String> record : staged) {
                Map<String, String> source = new HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    source.put(names.get(i), i < record.size() ? record.get(i) : null);
                }
                if (filter != null && !filter.values().contains(source.get(filter.column()))) {
                    continue;
                }
                matched++;
                if (options.remapColumn() != null && source.get(options.remapColumn()) != null) {
                    source.put(options.remapColumn(), options.remap().getOrDefault(source.get(options.remapColumn()),
                            source.get(options.remapColumn())));
                }
                List<String> row = new ArrayList<>();
                for (int i = 0; i < t.shape.columns().size(); i++) {
                    row.add(null);
                }
                for (ColumnMapping m : mapping) {
                    int at = t.shape.columnNames().indexOf(m.target());
                    if (at < 0) {
                        throw new IllegalStateException("column \"" + m.target() + "\" does not exist");
                    }
                    row.set(at, value(m, source));
                }
                for (int i = 0; i < row.size(); i++) {
                    if (row.get(i) == null && t.shape.columns().get(i).notNull()) {
                        throw new IllegalStateException("null value in column \"" + t.shape.columns().get(i).name()
                                + "\" violates not-null constraint");
                    }
                }
                if (nameIndex >= 0) {
                    Optional<List<String>> sameName = t.rows.stream().filter(r -> r.get(nameIndex) != null
                            && r.get(nameIndex).equals(row.get(nameIndex))).findFirst();
                    if (sameName.isPresent()) {
                        if (keyIndex >= 0 && !sameName.get().get(keyIndex).equals(row.get(keyIndex))) {
                            remapped.put(row.get(keyIndex), sameName.get().get(keyIndex));
                        }
                        continue;
                    }
                }
                if (keyIndex >= 0 && containsKey(t, keyIndex, row.get(keyIndex))) {
                    if (skipExisting) {
                        continue;
                    }
                    throw new IllegalStateException("duplicate key value violates unique constraint on "
                            + t.shape.primaryKey().get(0) + ": " + row.get(keyIndex));
                }
                t.rows.add(row);
                inserted++;
                if (filterTarget != null) {
                    byValue.merge(row.get(t.shape.columnNames().indexOf(filterTarget)), 1L, Long::sum);
                }
            }
            return new AppendResult(staged.size(), inserted, remapped, matched, byValue);
        }

        private static String value(ColumnMapping m, Map<String, String> source) {
            String first = source.get(m.sources().get(0));
            return switch (m.conversion()) {
                case SAME, CAST -> first;
                case ID_FROM_CUSTOM_ID_OR_UUID -> first != null && !first.isEmpty() ? first
                        : source.get(m.sources().get(1));
                case UUID_FROM_ID -> first == null ? null : uuidFor(first);
            };
        }

        private static String uuidFor(String id) {
            if (id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                return id.toLowerCase(java.util.Locale.ROOT);
            }
            return java.util.UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString();
        }

        @Override
        public long deleteMatching(TableName table, String column, java.util.Collection<String> values) {
            requireWrite();
            Table t = table(table);
            int i = t.shape.columnNames().indexOf(column);
            long before = t.rows.size();
            t.rows.removeIf(r -> r.get(i) != null && values.contains(r.get(i)));
            return before - t.rows.size();
        }

        @Override
        public TableName createScratchTable(String name, List<TableShape.Column> columns) {
            if (!rehearsal) {
                throw new IllegalStateException("scratch tables exist only in a transaction that rolls back");
            }
            TableName t = new TableName("pipeline_restore_test", name);
            createTable(t, columns, List.of());
            return t;
        }

        private static List<String> toRow(Table t, List<Integer> idx, List<String> record) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < t.shape.columns().size(); i++) {
                row.add(null);
            }
            for (int i = 0; i < idx.size(); i++) {
                row.set(idx.get(i), i < record.size() ? record.get(i) : null);
            }
            for (int i = 0; i < row.size(); i++) {
                if (row.get(i) == null && t.shape.columns().get(i).notNull()) {
                    throw new IllegalStateException("null value in column \"" + t.shape.columns().get(i).name()
                            + "\" violates not-null constraint");
                }
            }
            return row;
        }

        private static List<Integer> indexes(Table t, List<String> columns) {
            List<Integer> idx = new ArrayList<>();
            for (String c : columns) {
                int i = t.shape.columnNames().indexOf(c);
                if (i < 0) {
                    throw new IllegalStateException("column \"" + c + "\" does not exist");
                }
                idx.add(i);
            }
            return idx;
        }
    }
}
