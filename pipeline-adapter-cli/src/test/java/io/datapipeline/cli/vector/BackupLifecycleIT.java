package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.PruneVectorBackupsCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.port.in.ScheduledBackupUseCase;
import io.datapipeline.core.vector.BackupDefaults;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.PruneReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.task.PgBackupSlots;
import io.datapipeline.postgres.task.PgTaskRepository;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.ScheduledBackups;
import io.datapipeline.vectoradmin.VectorAdminService;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle of backup sets on the real PostgreSQL rig: prune and its protections, delete, partial restore of
 * named collections, and scheduled backups claimed by exactly one of several instances.
 */
@ExtendWith(PostgresExtension.class)
class BackupLifecycleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;

    @TempDir
    Path dataDir;

    private PgConnections connections;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-10T12:00:00Z"));
    private final Set<String> running = new java.util.concurrent.CopyOnWriteArraySet<>();
    private VectorAdminService service;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
    }

    @BeforeEach
    void setUp() {
        StoreFixture.seed(db, 40);
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "lifecycle-test", 4);
        service = service("instance-a", dataDir);
    }

    private VectorAdminService service(String instance, Path dir) {
        VectorTables tables = VectorTables.langchainDefaults();
        return new VectorAdminService(new PgVectorTableStore(connections, tables, Duration.ofSeconds(30)), tables,
                new DataDirectory(dir), clock, BackupDefaults.of(instance),
                running::contains);
    }

    @AfterEach
    void tearDown() {
        connections.close();
    }

    /** A global backup taken {@code daysAgo} days before the test's "now". */
    private String backupDaysAgo(int daysAgo) {
        clock.set(Instant.parse("2026-01-10T12:00:00Z").minus(Duration.ofDays(daysAgo)));
        VectorManagementReport r = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        clock.set(Instant.parse("2026-01-10T12:00:00Z"));
        assertThat(r.success()).as(r.errors().toString()).isTrue();
        return r.timestamp();
    }

    private PruneReport prune(Optional<Integer> keep, Optional<Duration> maxAge, boolean incomplete, boolean apply) {
        return service.prune(new PruneVectorBackupsCommand(Optional.of(BackupLocation.global()), keep, maxAge,
                incomplete, apply));
    }

    private static List<String> stamps(List<PruneReport.Entry> entries) {
        return entries.stream().map(PruneReport.Entry::timestamp).sorted().toList();
    }

    private List<String> setsOnDisk() {
        return service.list(Optional.empty(), true).locations().stream().flatMap(l -> l.backups().stream())
                .map(s -> s.timestamp()).sorted().toList();
    }

    @Test
    void givenFiveSets_whenPrunedToKeepTwo_thenTheDryRunListsTheOldestThreeAndApplyDeletesExactlyThose() {
        List<String> sets = new ArrayList<>();
        for (int d = 5; d >= 1; d--) {
            sets.add(backupDaysAgo(d));
        }

        PruneReport dry = prune(Optional.of(2), Optional.empty(), false, false);
        List<String> onDiskAfterDryRun = setsOnDisk();
        PruneReport applied = prune(Optional.of(2), Optional.empty(), false, true);

        assertThat(dry.applied()).isFalse();
        assertThat(stamps(dry.selected())).isEqualTo(sets.subList(0, 3));
        assertThat(onDiskAfterDryRun).isEqualTo(sets);
        assertThat(stamps(applied.selected())).isEqualTo(stamps(dry.selected()));
        assertThat(setsOnDisk()).isEqualTo(sets.subList(3, 5));
        assertThat(dry.bytes()).isPositive().isEqualTo(applied.bytes());
    }

    @Test
    void givenOnlyOldSets_whenPrunedByAge_thenTheNewestCompleteVerifiedSetIsKept() {
        String older = backupDaysAgo(40);
        String newest = backupDaysAgo(35);

        PruneReport report = prune(Optional.empty(), Optional.of(Duration.ofDays(30)), false, true);

        assertThat(stamps(report.selected())).containsExactly(older);
        assertThat(report.kept()).singleElement().satisfies(k -> {
            assertThat(k.timestamp()).isEqualTo(newest);
            assertThat(k.reason()).contains("newest complete, verified set");
        });
        assertThat(setsOnDisk()).containsExactly(newest);
    }

    @Test
    void givenTheNewestSetIsDamaged_whenPruned_thenTheNewestSetThatVerifiesIsTheProtectedOne() throws Exception {
        String good = backupDaysAgo(40);
        String damaged = backupDaysAgo(35);
        Path file = dataDir.resolve("vector_bak").resolve("langchain_pg_embedding_" + damaged + ".csv");
        Files.writeString(file, Files.readString(file).replace("old question", "OLD QUESTION"));

        PruneReport report = prune(Optional.empty(), Optional.of(Duration.ofDays(30)), false, false);

        assertThat(stamps(report.selected())).containsExactly(damaged);
        assertThat(report.kept()).singleElement().satisfies(k -> assertThat(k.timestamp()).isEqualTo(good));
    }

    @Test
    void givenASetBeingRestored_whenPruned_thenItIsKept() throws Exception {
        String old = backupDaysAgo(40);
        backupDaysAgo(1);
        Path lockFile = dataDir.resolve("vector_bak").resolve(".inuse_" + old);
        // what a restore in another process holds while it reads the set
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            PruneReport report = prune(Optional.of(1), Optional.empty(), false, true);

            assertThat(report.selected()).isEmpty();
            assertThat(report.kept()).singleElement().satisfies(k -> assertThat(k.reason()).contains("being restored"));
            assertThatThrownBy(() -> service.delete(BackupLocation.global(), BackupTimestamp.parse(old)))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("being restored");
        }
        assertThat(setsOnDisk()).contains(old);
    }

    @Test
    void givenASetTakenByARunningExecution_whenPruned_thenItIsKeptUntilTheExecutionEnds() {
        TaskId task = new TaskId("task_20260101_000000");
        VectorManagementReport first = service.reload(new io.datapipeline.core.port.in.ReloadVectorStoreCommand(task,
                "exec_test", true, false, io.datapipeline.core.domain.TruncateScope.TABLE, List.of(), null,
                Duration.ZERO, null)).vectorManagement();
        assertThat(first.success()).as(first.errors().toString()).isTrue();
        clock.set(clock.instant().plusSeconds(5));
        service.backup(BackupVectorTablesCommand.of(BackupLocation.ofTask(task), false));
        running.add("exec_test");
        PruneVectorBackupsCommand cmd = new PruneVectorBackupsCommand(Optional.of(BackupLocation.ofTask(task)),
                Optional.of(1), Optional.empty(), false, true);

        PruneReport whileRunning = service.prune(cmd);
        running.clear();
        PruneReport afterwards = service.prune(cmd);

        assertThat(whileRunning.selected()).isEmpty();
        assertThat(whileRunning.kept()).singleElement().satisfies(k -> {
            assertThat(k.timestamp()).isEqualTo(first.timestamp());
            assertThat(k.reason()).contains("exec_test").contains("still running");
        });
        assertThat(stamps(afterwards.selected())).containsExactly(first.timestamp());
    }

    @Test
    void givenASetWhoseOutcomeIsUnknown_whenPrunedWithIncomplete_thenItIsKeptAndOnlyRolledBackLeftoversGo()
            throws Exception {
        String unknown = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true)).timestamp();
        Path dir = dataDir.resolve("vector_bak");
        // as if the answer to COMMIT was lost and the set came from a cluster this tool cannot ask
        Files.delete(dir.resolve("outcome_" + unknown + ".json"));
        ObjectNode m = (ObjectNode) JSON.readTree(dir.resolve("manifest_" + unknown + ".json").toFile());
        ((ObjectNode) m.get("server")).put("system_identifier", "1");
        JSON.writeValue(dir.resolve("manifest_" + unknown + ".json").toFile(), m);
        clock.set(clock.instant().plusSeconds(5));
        StoreFixture.seed(db, 5);
        backupDaysAgo(0);
        // a leftover of a process that stopped before writing its manifest
        Files.writeString(dir.resolve("langchain_pg_collection_20250101_000000.csv.tmp"), "uuid,name\n");

        PruneReport report = prune(Optional.empty(), Optional.empty(), true, true);

        assertThat(stamps(report.selected())).containsExactly("20250101_000000");
        assertThat(report.kept()).anySatisfy(k -> {
            assertThat(k.timestamp()).isEqualTo(unknown);
            assertThat(k.reason()).contains("outcome is unknown");
        });
        assertThat(Files.exists(dir.resolve("manifest_" + unknown + ".json"))).isTrue();
        assertThat(Files.exists(dir.resolve("langchain_pg_collection_20250101_000000.csv.tmp"))).isFalse();
    }

    @Test
    void givenSets_whenDeletingOne_thenOnlyAnUnprotectedOneGoesAndTheNewestIsRefused() {
        String old = backupDaysAgo(3);
        String newest = backupDaysAgo(1);

        PruneReport deleted = service.delete(BackupLocation.global(), BackupTimestamp.parse(old));

        assertThat(deleted.applied()).isTrue();
        assertThat(stamps(deleted.selected())).containsExactly(old);
        assertThat(setsOnDisk()).containsExactly(newest);
        assertThatThrownBy(() -> service.delete(BackupLocation.global(), BackupTimestamp.parse(newest)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("newest complete, verified");
        assertThatThrownBy(() -> service.delete(BackupLocation.global(), BackupTimestamp.parse("20200101_000000")))
                .isInstanceOf(io.datapipeline.core.domain.NotFoundException.class);
    }

    @Test
    void givenNoRule_whenPruning_thenTheCommandSaysWhatToGive() {
        assertThatThrownBy(() -> prune(Optional.empty(), Optional.empty(), false, false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("keep").hasMessageContaining("max_age");
    }

    @Test
    void givenRetentionSettings_whenBackingUpRepeatedly_thenOnlyTheNewestSetsStay() {
        VectorTables tables = VectorTables.langchainDefaults();
        VectorAdminService retaining = new VectorAdminService(new PgVectorTableStore(connections, tables,
                Duration.ofSeconds(30)), tables, new DataDirectory(dataDir), clock,
                new BackupDefaults(io.datapipeline.core.domain.BackupEncoding.CSV, "a",
                        new BackupDefaults.Retention(Optional.of(2), Optional.empty())), id -> false);
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.set(clock.instant().plusSeconds(60));
            taken.add(retaining.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false)).timestamp());
        }

        assertThat(setsOnDisk()).isEqualTo(taken.subList(2, 4));
    }

    @Test
    void givenASetWithTwoCollections_whenReplacingOnlyOne_thenTheOtherStaysAsItIsNow() {
        String ts = backupDaysAgo(0);
        db.execute("UPDATE langchain_pg_embedding SET document = 'changed later' WHERE id = 'old-ddl'",
                "DELETE FROM langchain_pg_embedding WHERE id IN ('old-1-sql', 'old-2-sql')",
                "INSERT INTO langchain_pg_embedding VALUES ('new-sql', '" + StoreFixture.C_SQL + "', "
                        + "array_fill(2::real, ARRAY[16])::vector, 'added later', '{}')");
        String ddlNow = db.queryString("SELECT md5(e::text) FROM langchain_pg_embedding e WHERE id = 'old-ddl'");

        RestoreReport report = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(ts), true).withCollections(List.of("sql")));

        assertThat(report.success()).as(report.errors().toString()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding e JOIN langchain_pg_collection c "
                + "ON c.uuid = e.collection_id WHERE c.name = 'sql'")).isEqualTo(40);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id = 'new-sql'")).isZero();
        assertThat(db.queryString("SELECT md5(e::text) FROM langchain_pg_embedding e WHERE id = 'old-ddl'"))
                .isEqualTo(ddlNow);
        assertThat(report.collections()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("sql");
            assertThat(c.embeddingsInserted()).isEqualTo(40);
            assertThat(c.embeddingsRemoved()).isEqualTo(39);
        });
    }

    @Test
    void givenAStoreMissingSomeRowsOfACollection_whenAppendingOnlyThatCollection_thenOnlyItsMissingRowsComeBack() {
        String ts = backupDaysAgo(0);
        db.execute("DELETE FROM langchain_pg_embedding WHERE id IN ('old-1-sql', 'old-2-sql', 'old-ddl')");

        RestoreReport report = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(ts), false).withCollections(List.of("sql")));

        assertThat(report.success()).as(report.errors().toString()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'old-%-sql'")).isEqualTo(40);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id = 'old-ddl'")).isZero();
        assertThat(report.collections()).singleElement().satisfies(c -> assertThat(c.embeddingsInserted()).isEqualTo(2));
        assertThat(report.tables().get(1).rowsSkipped()).isEqualTo(38);
    }

    @Test
    void givenAnUnknownCollectionName_whenRestoringIt_thenTheErrorListsTheSetsCollections() {
        String ts = backupDaysAgo(0);

        assertThatThrownBy(() -> service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(ts), true).withCollections(List.of("documentation"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("documentation")
                .hasMessageContaining("sql").hasMessageContaining("ddl");
    }

    @Test
    void givenTwoInstancesOnOneDatabase_whenBothRunTheSameSlots_thenEachSlotIsTakenExactlyOnce() throws Exception {
        new PgTaskRepository(connections).migrate();
        Path dirB = Files.createDirectories(dataDir.resolve("instance-b"));
        Path dirA = Files.createDirectories(dataDir.resolve("instance-a"));
        ScheduledBackups a = new ScheduledBackups(service("instance-a", dirA), new PgBackupSlots(connections),
                "instance-a", Duration.ofSeconds(30));
        ScheduledBackups b = new ScheduledBackups(service("instance-b", dirB), new PgBackupSlots(connections),
                "instance-b", Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int taken = 0;
        try {
            for (int slot = 0; slot < 3; slot++) {
                Instant at = Instant.parse("2026-01-10T12:00:00Z").plusSeconds(slot * 10L);
                CountDownLatch start = new CountDownLatch(1);
                Callable<ScheduledBackupUseCase.SlotOutcome> runA = () -> {
                    start.await();
                    return a.runSlot(at);
                };
                Callable<ScheduledBackupUseCase.SlotOutcome> runB = () -> {
                    start.await();
                    return b.runSlot(at);
                };
                Future<ScheduledBackupUseCase.SlotOutcome> fa = pool.submit(runA);
                Future<ScheduledBackupUseCase.SlotOutcome> fb = pool.submit(runB);
                start.countDown();
                List<ScheduledBackupUseCase.SlotOutcome> outcomes = List.of(fa.get(), fb.get());
                assertThat(outcomes).filteredOn(o -> o instanceof ScheduledBackupUseCase.SlotOutcome.Taken).hasSize(1);
                assertThat(outcomes).filteredOn(o -> o instanceof ScheduledBackupUseCase.SlotOutcome.ClaimedElsewhere)
                        .hasSize(1);
                taken++;
            }
        } finally {
            pool.shutdownNow();
        }
        long setsA = countSets(dirA);
        long setsB = countSets(dirB);
        assertThat(setsA + setsB).isEqualTo(taken);
        assertThat(db.queryLong("SELECT count(*) FROM pipeline_backup_slots WHERE outcome = 'complete'")).isEqualTo(3);
        assertThat(db.queryLong("SELECT count(DISTINCT slot) FROM pipeline_backup_slots")).isEqualTo(3);
    }

    private static long countSets(Path dir) throws Exception {
        Path bak = dir.resolve("vector_bak");
        if (!Files.isDirectory(bak)) {
            return 0;
        }
        try (var s = Files.list(bak)) {
            return s.filter(p -> p.getFileName().toString().startsWith("manifest_")).count();
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
