package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.postgres.testing.PgProxy;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost answer, for real: a TCP proxy between the tool and PostgreSQL forwards a statement and drops the
 * server's reply. After COMMIT the tool must find out on a new connection that the transaction committed and
 * keep the backup set; after an earlier statement it must report a rollback and keep no file.
 */
@ExtendWith(PostgresExtension.class)
class CommitOutcomeIT {

    @TempDir
    Path dataDir;

    private TestDatabase db;
    private PgProxy proxy;
    private StoreFixture store;

    @BeforeEach
    void setUp(TestDatabase database) throws Exception {
        db = database;
        StoreFixture.seed(db, 200);
        proxy = new PgProxy(db.host(), db.port());
        store = new StoreFixture(proxy.jdbcUrl(db), dataDir, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        store.close();
        proxy.close();
    }

    private Path global() {
        return dataDir.resolve("vector_bak");
    }

    @Test
    void givenTheAnswerToCommitIsLost_whenBackingUpWithTruncate_thenTheSetIsKeptAndVerifiesAndTheReportSaysCommitted()
            throws Exception {
        String before = TableDigest.of(db, "langchain_pg_embedding");
        proxy.dropReplyTo(PgProxy.COMMIT, "TRUNCATE");

        VectorManagementReport report = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));

        assertThat(proxy.hasTripped()).as("the proxy dropped the answer to COMMIT").isTrue();
        assertThat(report.commitOutcome()).isEqualTo(CommitOutcome.COMMITTED);
        assertThat(report.success()).as(report.errors().toString()).isTrue();
        assertThat(report.truncatePerformed()).isTrue();
        assertThat(report.warnings().toString()).contains("answer to COMMIT was lost").contains("committed");
        assertThat(String.join(" ", report.errors())).doesNotContain("nothing was truncated");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isZero();
        BackupTimestamp ts = BackupTimestamp.parse(report.timestamp());
        assertThat(store.service.verify(BackupLocation.global(), ts).ok()).isTrue();
        BackupSetInfo set = store.service.list(Optional.empty(), true).locations().get(0).backups().get(0);
        assertThat(set.state()).isEqualTo(BackupSetState.COMPLETE);
        assertThat(set.truncated()).isTrue();

        RestoreReport restored = store.service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, true));
        assertThat(restored.success()).as(restored.errors().toString()).isTrue();
        assertThat(TableDigest.of(db, "langchain_pg_embedding")).isEqualTo(before);
    }

    @Test
    void givenTheAnswerToTheTruncateIsLost_whenBackingUpWithTruncate_thenItRolledBackAndNoFileOfTheSetIsLeft()
            throws Exception {
        String before = TableDigest.store(db);
        proxy.dropReplyTo("TRUNCATE TABLE", null);

        VectorManagementReport report = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));

        assertThat(proxy.hasTripped()).isTrue();
        assertThat(report.commitOutcome()).isEqualTo(CommitOutcome.ROLLED_BACK);
        assertThat(report.success()).isFalse();
        assertThat(report.truncatePerformed()).isFalse();
        assertThat(String.join(" ", report.errors())).contains("rolled back").contains("nothing was truncated");
        awaitBackendsGone();
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(StoreFixture.files(global())).noneMatch(f -> f.endsWith(".csv") || f.endsWith(".tmp")
                || f.startsWith("manifest_") || f.startsWith("outcome_") || f.startsWith(".reserved_"));
    }

    @Test
    void givenTheAnswerToCommitIsLost_whenRestoring_thenTheReportSaysCommittedAndTheTablesHoldTheSet() throws Exception {
        String before = TableDigest.store(db);
        VectorManagementReport backup = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));
        assertThat(backup.success()).isTrue();
        proxy.dropReplyTo(PgProxy.COMMIT, "DELETE FROM");

        RestoreReport report = store.service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(backup.timestamp()), true));

        assertThat(proxy.hasTripped()).isTrue();
        assertThat(report.commitOutcome()).isEqualTo(CommitOutcome.COMMITTED);
        assertThat(report.restorePerformed()).isTrue();
        assertThat(report.errors()).isEmpty();
        assertThat(String.join(" ", report.warnings())).contains("answer to COMMIT was lost");
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenTheAnswerToTheLoadIsLost_whenRestoring_thenItRolledBackAndTheTablesAreAsTheyWere() throws Exception {
        VectorManagementReport backup = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        db.execute("DELETE FROM langchain_pg_embedding WHERE id LIKE 'old-1%'");
        String before = TableDigest.store(db);
        proxy.dropReplyTo("DELETE FROM", null);

        RestoreReport report = store.service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(backup.timestamp()), true));

        assertThat(proxy.hasTripped()).isTrue();
        assertThat(report.commitOutcome()).isEqualTo(CommitOutcome.ROLLED_BACK);
        assertThat(report.restorePerformed()).isFalse();
        assertThat(String.join(" ", report.errors())).contains("rolled back");
        awaitBackendsGone();
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenTheAnswerToCommitIsLost_whenReloading_thenTheNewStoreIsReportedCommittedAndItsBackupSetIsComplete()
            throws Exception {
        proxy.dropReplyTo(PgProxy.COMMIT, "pipeline_load_stage");

        ReloadReport report = store.service.reload(store.reload(new TaskId("t_commit"), true, StoreFixture.items(40),
                TransferProgress.NONE));

        assertThat(proxy.hasTripped()).isTrue();
        assertThat(report.outcome()).isEqualTo(CommitOutcome.COMMITTED);
        assertThat(report.success()).as(report.error()).isTrue();
        assertThat(report.vectorManagement().truncatePerformed()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(40);
        BackupSetInfo set = store.service.list(Optional.of(new TaskId("t_commit")), false).locations().get(0).backups()
                .get(0);
        assertThat(set.state()).isEqualTo(BackupSetState.COMPLETE);
        assertThat(set.rowCounts()).containsEntry("langchain_pg_embedding", 201L);
    }

    @Test
    void givenOnlyTheClientSideDropsAfterTheTruncate_whenBackingUp_thenTheOrphanedServerProcessIsEndedAndNothingWaits()
            throws Exception {
        String before = TableDigest.store(db);
        proxy.keepServerSideOpen();
        proxy.dropReplyTo("TRUNCATE TABLE", null);
        try {
            VectorManagementReport report = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(),
                    true));

            assertThat(proxy.hasTripped()).isTrue();
            assertThat(report.commitOutcome()).isEqualTo(CommitOutcome.ROLLED_BACK);
            // the server never saw the client go; without ending its process it would hold ACCESS EXCLUSIVE and the
            // store lock until its own keepalive gave up
            try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '2s'");
                try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM langchain_pg_embedding")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(201);
                }
            }
            assertThat(TableDigest.store(db)).isEqualTo(before);
            assertThat(store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false)).success())
                    .as("the store lock is free again").isTrue();
        } finally {
            proxy.closeServerSides();
        }
    }

    /** The server ends a session whose client vanished once it notices; its locks and transaction go with it. */
    private void awaitBackendsGone() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'fixture%' "
                    + "AND state LIKE 'idle in transaction%'") == 0) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
