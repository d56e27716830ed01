package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.VectorAdminService;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The promises of backup with truncate, under concurrency and failures, on a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class VectorSemanticsIT {

    private static TestDatabase db;

    @TempDir
    Path dataDir;

    private PgConnections connections;
    private VectorAdminService service;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
    }

    @BeforeEach
    void setUp() {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection");
        db.execute(LangChainSchema.G2);
        db.execute("INSERT INTO langchain_pg_collection VALUES ('" + VectorCliIT.C_SQL + "', 'sql', NULL)");
        // big enough that the export takes a while: 4000 x 512-d
        db.execute("INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata) "
                + "SELECT 'seed-' || g, '" + VectorCliIT.C_SQL + "', "
                + "(SELECT array_agg(random()::real) FROM generate_series(1, 512 + 0 * g))::vector, "
                + "repeat('lorem ipsum ', 20), jsonb_build_object('id', 'seed-' || g) FROM generate_series(1, 4000) g");
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "semantics-test", 2);
        VectorTables tables = VectorTables.langchainDefaults();
        service = new VectorAdminService(new PgVectorTableStore(connections, tables, Duration.ofSeconds(30)), tables,
                new DataDirectory(dataDir), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        connections.close();
    }

    @Test
    void givenAWriterInsertingThroughout_whenBackingUpWithTruncate_thenEveryCommittedRowIsInTheBackupOrTheTable()
            throws Exception {
        Set<String> committed = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failures = new AtomicInteger();
        Thread writer = new Thread(() -> {
            int i = 0;
            try (Connection c = db.connect()) {
                while (!stop.get()) {
                    String id = "live-" + (i++);
                    try {
                        VectorCliIT.insert(c, id);
                        committed.add(id);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        });
        writer.start();
        awaitCommitted(committed, 20);

        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));

        awaitCommitted(committed, committed.size() + 20);
        stop.set(true);
        writer.join();
        assertThat(report.success()).as(report.errors().toString()).isTrue();
        assertThat(failures.get()).isZero();
        Set<String> inBackup = idsInCsv(Path.of(report.tablesBackedUp().get("langchain_pg_embedding").backupPath()));
        Set<String> inTable = idsInTable();
        Set<String> live = new HashSet<>(inBackup);
        live.retainAll(inTable);
        assertThat(live).as("a row both backed up and left in the table").isEmpty();
        Set<String> lost = new HashSet<>(committed);
        lost.removeAll(inBackup);
        lost.removeAll(inTable);
        assertThat(lost).as("committed rows in neither the backup nor the table").isEmpty();
        assertThat(committed.stream().filter(inBackup::contains)).as("writes before the snapshot").isNotEmpty();
        assertThat(committed.stream().filter(inTable::contains)).as("writes after the commit").isNotEmpty();
        assertThat(report.truncateResults().get("langchain_pg_embedding").rowsBefore())
                .isEqualTo(report.tablesBackedUp().get("langchain_pg_embedding").rowCount());
    }

    @Test
    void givenAFailureHalfwayThroughTheEmbeddingExport_whenBackingUpWithTruncate_thenTheTableIsUntouchedAndNoCsvIsLeft()
            throws Exception {
        String before = TableDigest.store(db);
        TransferProgress failHalfway = new TransferProgress() {
            private long seen;

            @Override
            public void transferred(String table, long bytes) throws IOException {
                if (table.equals("langchain_pg_embedding") && (seen += bytes) > 2_000_000) {
                    throw new IOException("No space left on device (injected)");
                }
            }
        };

        VectorManagementReport report = service.backup(new BackupVectorTablesCommand(BackupLocation.global(), true,
                Duration.ZERO, failHalfway));

        assertThat(report.success()).isFalse();
        assertThat(report.errors().toString()).contains("No space left on device");
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(dataFiles()).noneMatch(f -> f.endsWith(".csv") || f.endsWith(".tmp") || f.endsWith(".json"));
        assertThat(service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false)).success())
                .as("the store lock was released").isTrue();
    }

    @Test
    void givenTheConnectionIsKilledDuringTheExport_whenBackingUpWithTruncate_thenNothingIsTruncatedAndNoCsvIsLeft()
            throws Exception {
        String before = TableDigest.store(db);
        TransferProgress killOnce = new TransferProgress() {
            private boolean killed;

            @Override
            public void transferred(String table, long bytes) {
                if (!killed && table.equals("langchain_pg_embedding")) {
                    killed = true;
                    try (Connection c = db.connect(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                + "WHERE application_name LIKE 'semantics-test: vector backup%'");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };

        VectorManagementReport report = service.backup(new BackupVectorTablesCommand(BackupLocation.global(), true,
                Duration.ZERO, killOnce));

        assertThat(report.success()).isFalse();
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(dataFiles()).noneMatch(f -> f.endsWith(".csv") || f.endsWith(".tmp") || f.endsWith(".json"));
    }

    /** Waits until the writer has committed at least {@code n} rows (it commits every row on its own). */
    private static void awaitCommitted(Set<String> committed, int n) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (committed.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(committed.size()).as("rows the writer committed").isGreaterThanOrEqualTo(n);
    }

    private List<String> dataFiles() throws IOException {
        Path dir = dataDir.resolve("vector_bak");
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Set<String> idsInCsv(Path file) throws IOException {
        Set<String> ids = new HashSet<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                ids.add(rec.get("id"));
            }
        }
        return ids;
    }

    private static Set<String> idsInTable() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM langchain_pg_embedding")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
