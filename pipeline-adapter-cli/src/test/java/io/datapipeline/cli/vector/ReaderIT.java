package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the assistant sees while the store is reloaded or truncated: a reader polling the embedding table sees
 * the old row count or the new one, never an empty or partial store, and is never queued for about a second.
 */
@ExtendWith(PostgresExtension.class)
class ReaderIT {

    private static final int OLD_ROWS = 301;

    @TempDir
    Path dataDir;

    private TestDatabase db;
    private StoreFixture store;

    @BeforeEach
    void setUp(TestDatabase database) {
        db = database;
        StoreFixture.seed(db, OLD_ROWS - 1);
        store = new StoreFixture(db.jdbcUrlWithCredentials(), dataDir, Duration.ofSeconds(20));
    }

    @AfterEach
    void tearDown() {
        store.close();
        db.execute("DROP TRIGGER IF EXISTS slow_insert ON langchain_pg_embedding", "DROP FUNCTION IF EXISTS slow_insert()");
    }

    /** Polls {@code count(*)} of the embedding table on its own connection, timing every query. */
    private static final class Poller implements AutoCloseable {
        final Set<Long> counts = new TreeSet<>();
        final List<Long> latenciesMillis = new CopyOnWriteArrayList<>();
        final AtomicLong polls = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch started = new CountDownLatch(1);
        final CompletableFuture<Void> done;

        Poller(TestDatabase db) {
            done = CompletableFuture.runAsync(() -> {
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM langchain_pg_embedding")) {
                            rs.next();
                            synchronized (counts) {
                                counts.add(rs.getLong(1));
                            }
                        }
                        latenciesMillis.add((System.nanoTime() - t0) / 1_000_000);
                        polls.incrementAndGet();
                        started.countDown();
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        long maxLatency() {
            return latenciesMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            done.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenASlowTruncatingReload_whenAReaderPolls_thenItSeesOnlyTheOldOrTheNewCountAndNeverWaitsASecond()
            throws Exception {
        // 10 ms per inserted row: the load of 200 rows takes about two seconds inside the reload's transaction
        db.execute("CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.01); "
                + "RETURN NEW; END $$", "CREATE TRIGGER slow_insert BEFORE INSERT ON langchain_pg_embedding FOR EACH ROW "
                + "EXECUTE FUNCTION slow_insert()");
        ReloadReport report;
        long pollsDuringReload;
        try (Poller poller = new Poller(db)) {
            assertThat(poller.started.await(10, TimeUnit.SECONDS)).isTrue();
            long before = poller.polls.get();
            report = store.service.reload(store.reload(new TaskId("t_readers"), true, StoreFixture.items(200),
                    TransferProgress.NONE));
            pollsDuringReload = poller.polls.get() - before;
            long after = poller.polls.get();
            while (poller.polls.get() < after + 3) {
                Thread.sleep(10);
            }
            assertThat(report.success()).as(report.error()).isTrue();
            assertThat(pollsDuringReload).as("the reader kept polling while the reload ran").isGreaterThan(20);
            assertThat(poller.counts).as("row counts the reader saw").containsExactlyInAnyOrder((long) OLD_ROWS, 200L);
            assertThat(poller.maxLatency()).as("slowest read during the reload, ms").isLessThan(1000);
        }
        assertThat(report.vectorManagement().truncateResults().get("langchain_pg_embedding").rowsBefore())
                .isEqualTo(OLD_ROWS);
    }

    /**
     * A transaction on a connection of its own that has run one query (as application {@code name}) and keeps the
     * locks it took until it is released: a long reader of the assistant, or of a TOAST table as autovacuum is.
     */
    private static final class Holder implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Void> done;

        Holder(TestDatabase db, String name, String query) throws InterruptedException {
            CountDownLatch holding = new CountDownLatch(1);
            done = CompletableFuture.runAsync(() -> {
                try (Connection c = db.connect()) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("SET application_name = '" + name + "'");
                        s.executeQuery(query).close();
                    }
                    holding.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    c.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).as("the holder has taken its locks").isTrue();
        }

        void release() {
            release.countDown();
        }

        void releaseAfter(Duration delay) {
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(release::countDown);
        }

        @Override
        public void close() throws Exception {
            release();
            done.get(10, TimeUnit.SECONDS);
        }
    }

    private String toastTable() {
        return db.queryString("SELECT reltoastrelid::regclass::text FROM pg_class "
                + "WHERE oid = 'langchain_pg_embedding'::regclass");
    }

    @Test
    void givenAReaderHoldingALongTransaction_whenTruncating_thenNewReadersAreNeverQueuedForASecondAndTheTruncateWaits()
            throws Exception {
        VectorManagementReport report;
        try (Holder longReader = new Holder(db, "long-report", "SELECT count(*) FROM langchain_pg_embedding");
                Poller poller = new Poller(db)) {
            CompletableFuture<VectorManagementReport> truncate = CompletableFuture.supplyAsync(() -> store.service.backup(
                    BackupVectorTablesCommand.of(BackupLocation.global(), true)));
            // let the truncate try for its lock for a while, as readers keep coming
            waitForLockWaits(3);
            long pollsWhileWaiting = poller.polls.get();
            Thread.sleep(2500);
            pollsWhileWaiting = poller.polls.get() - pollsWhileWaiting;
            assertThat(truncate).as("the truncate waits while the long reader holds the table").isNotDone();
            longReader.release();
            report = truncate.get(30, TimeUnit.SECONDS);
            assertThat(pollsWhileWaiting).as("new readers went on while the truncate waited").isGreaterThan(20);
            assertThat(poller.maxLatency()).as("slowest new read while the truncate waited, ms").isLessThan(1000);
        }
        assertThat(report.success()).as(report.errors().toString()).isTrue();
        assertThat(report.truncatePerformed()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isZero();
    }

    /**
     * Autovacuum works on a TOAST table as a relation of its own: the embedding table itself is free, but the
     * TRUNCATE also needs the TOAST table. A transaction that has read the TOAST table holds it the same way.
     */
    @Test
    void givenOnlyTheToastTableIsHeld_whenTruncating_thenTheTruncateWaitsForItInsteadOfFailing() throws Exception {
        VectorManagementReport report;
        try (Holder toastReader = new Holder(db, "toast-reader", "SELECT count(*) FROM " + toastTable())) {
            toastReader.releaseAfter(Duration.ofMillis(1500));

            report = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));
        }

        assertThat(report.success()).as(report.errors().toString()).isTrue();
        assertThat(report.truncatePerformed()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isZero();
    }

    @Test
    void givenAReaderThatNeverLetsGo_whenTruncating_thenTheTruncateGivesUpNamingTheHolderAndNothingChanges()
            throws Exception {
        try (StoreFixture quick = new StoreFixture(db.jdbcUrlWithCredentials(), dataDir, Duration.ofSeconds(2));
                Holder longReader = new Holder(db, "long-report", "SELECT count(*) FROM langchain_pg_embedding")) {
            VectorManagementReport report = quick.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(),
                    true));

            assertThat(report.success()).isFalse();
            assertThat(String.join(" ", report.errors())).contains("could not get the exclusive lock")
                    .contains("long-report").contains("nothing was changed");
            assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(OLD_ROWS);
            assertThat(StoreFixture.files(dataDir.resolve("vector_bak"))).noneMatch(f -> f.endsWith(".csv"));
        }
    }

    @Test
    void givenOnlyTheToastTableIsHeldForGood_whenTruncating_thenTheTruncateGivesUpNamingThatHolder() throws Exception {
        try (StoreFixture quick = new StoreFixture(db.jdbcUrlWithCredentials(), dataDir, Duration.ofSeconds(2));
                Holder toastReader = new Holder(db, "toast-reader", "SELECT count(*) FROM " + toastTable())) {
            VectorManagementReport report = quick.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(),
                    true));

            assertThat(report.success()).isFalse();
            assertThat(String.join(" ", report.errors())).contains("could not get the exclusive lock")
                    .contains("toast-reader").contains("nothing was changed");
            assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(OLD_ROWS);
        }
    }

    @Test
    void givenAReader_whenRestoringExclusively_thenTheRestoreWaitsOnceAndGivesUpNamingTheHolderWithNothingChanged()
            throws Exception {
        try (StoreFixture quick = new StoreFixture(db.jdbcUrlWithCredentials(), dataDir, Duration.ofSeconds(2))) {
            VectorManagementReport set = quick.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(),
                    false));
            assertThat(set.success()).as(set.errors().toString()).isTrue();
            db.execute("DELETE FROM langchain_pg_embedding WHERE id IN (SELECT id FROM langchain_pg_embedding LIMIT 1)");
            try (Holder longReader = new Holder(db, "long-report", "SELECT count(*) FROM langchain_pg_embedding")) {
                long t0 = System.nanoTime();
                RestoreReport report = quick.service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                        BackupTimestamp.parse(set.timestamp()), true).withExclusive(true));
                long waitedMillis = (System.nanoTime() - t0) / 1_000_000;

                assertThat(report.success()).isFalse();
                assertThat(String.join(" ", report.errors())).contains("could not get the exclusive lock")
                        .contains("long-report").contains("nothing was changed");
                assertThat(waitedMillis).as("one wait of the writer wait (2 s)").isBetween(1500L, 10_000L);
                assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(OLD_ROWS - 1);
            }
        }
    }

    /** Waits until the truncate has been seen waiting for its exclusive lock {@code n} times. */
    private void waitForLockWaits(int n) throws InterruptedException {
        int seen = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean waiting = false;
        while (seen < n && System.nanoTime() < deadline) {
            boolean now = db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    + "AND query LIKE 'LOCK TABLE%ACCESS EXCLUSIVE%'") > 0;
            if (now && !waiting) {
                seen++;
            }
            waiting = now;
            Thread.sleep(20);
        }
        assertThat(seen).as("attempts of the truncate to get its lock").isGreaterThanOrEqualTo(n);
    }
}
