package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.DataDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.vectoradmin.fakes.InMemoryVectorTableStore;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.BackupSetState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup set states and outcomes on the fakes: what a lost answer, a crash or a bad manifest leave, and how it is told. */
class SetLifecycleTest {

    private static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    private static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");
    private static final String C1 = "11111111-1111-4111-8111-111111111111";

    @TempDir
    Path root;

    private Path dataDir;
    private InMemoryVectorTableStore store;
    private VectorAdminService service;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = Files.createDirectories(root.resolve("data"));
        store = new InMemoryVectorTableStore().withLangChainTables();
        store.insert(COLLECTION, Arrays.asList(C1, "sql", null));
        for (int i = 0; i < 4; i++) {
            store.insert(EMBEDDING, Arrays.asList("id" + i + "-sql", C1, "[0." + i + ",1,2]", "document " + i, null));
        }
        Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
        service = new VectorAdminService(store, VectorTables.langchainDefaults(),
                new DataDirectory(dataDir), clock);
    }

    private Path global() {
        return dataDir.resolve("vector_bak");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(global())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }

    private BackupSetInfo only() {
        BackupListing listing = service.list(Optional.empty(), true);
        assertThat(listing.locations()).hasSize(1);
        return listing.locations().get(0).backups().get(0);
    }

    @Test
    void givenTheCommitOutcomeIsUnknown_whenBackingUpWithTruncate_thenTheSetIsKeptIncompleteAndSettledLater() {
        store.loseNextCommitAnswer(CommitStatus.COMMITTED, CommitStatus.UNKNOWN);

        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));

        assertThat(report.commitOutcome()).isEqualTo(CommitOutcome.UNKNOWN);
        assertThat(report.success()).isFalse();
        assertThat(report.backupPerformed()).isTrue();
        assertThat(report.truncatePerformed()).isFalse();
        assertThat(String.join(" ", report.errors())).contains("could not tell").contains("is kept")
                .doesNotContain("nothing was truncated");
        BackupSetInfo set = only();
        assertThat(set.state()).isEqualTo(BackupSetState.INCOMPLETE);
        assertThat(set.commitOutcome()).isEqualTo(CommitOutcome.UNKNOWN);
        assertThat(set.stateReason()).contains("pg_xact_status");
        BackupTimestamp ts = BackupTimestamp.parse(report.timestamp());
        assertThatThrownBy(() -> service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, true)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("incomplete").hasMessageContaining("force");

        // the database can tell now: the next backup in the folder settles the set as complete
        store.answerFor(store.transactionIds().get(0), CommitStatus.COMMITTED);
        assertThat(service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false)).success()).isTrue();
        BackupSetInfo settled = service.list(Optional.empty(), true).locations().get(0).backups().stream()
                .filter(s -> s.timestamp().equals(ts.value())).findFirst().orElseThrow();
        assertThat(settled.state()).isEqualTo(BackupSetState.COMPLETE);
        assertThat(settled.truncated()).isTrue();
    }

    @Test
    void givenTheCommitOutcomeIsUnknown_whenRestoringTheSetWithForce_thenItIsRestoredAndSaysSo() {
        store.loseNextCommitAnswer(CommitStatus.COMMITTED, CommitStatus.UNKNOWN);
        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));

        RestoreReport restored = service.restore(new RestoreVectorBackupCommand(BackupLocation.global(),
                BackupTimestamp.parse(report.timestamp()), null, true, true, Duration.ZERO, TransferProgress.NONE));

        assertThat(restored.success()).as(restored.errors().toString()).isTrue();
        assertThat(restored.warnings().toString()).contains("incomplete").contains("force");
        assertThat(store.rows(EMBEDDING)).hasSize(4);
    }

    @Test
    void givenTheDatabaseSaysALostCommitRolledBack_whenBackingUpWithTruncate_thenNoFileIsKeptAndNothingWasTruncated()
            throws IOException {
        store.loseNextCommitAnswer(CommitStatus.ABORTED, CommitStatus.ABORTED);

        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));

        assertThat(report.commitOutcome()).isEqualTo(CommitOutcome.ROLLED_BACK);
        assertThat(report.truncatePerformed()).isFalse();
        assertThat(store.rows(EMBEDDING)).hasSize(4);
        assertThat(files()).noneMatch(f -> f.endsWith(".csv") || f.startsWith("manifest_") || f.startsWith("outcome_"));
    }

    @Test
    void givenAnUnreadableManifest_whenListed_thenThatSetIsDamagedAndTheOthersAreListedAndVerifyRefusesIt()
            throws IOException {
        VectorManagementReport first = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        VectorManagementReport second = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        Files.writeString(global().resolve("manifest_" + first.timestamp() + ".json"), "{ not json", StandardCharsets.UTF_8);

        BackupListing listing = service.list(Optional.empty(), false);

        List<BackupSetInfo> sets = listing.locations().get(0).backups();
        assertThat(sets).hasSize(2);
        BackupSetInfo damaged = sets.stream().filter(s -> s.timestamp().equals(first.timestamp())).findFirst()
                .orElseThrow();
        assertThat(damaged.state()).isEqualTo(BackupSetState.DAMAGED);
        assertThat(damaged.stateReason()).contains("manifest_" + first.timestamp() + ".json").contains("unreadable");
        assertThat(sets.stream().filter(s -> s.timestamp().equals(second.timestamp())).findFirst().orElseThrow().state())
                .isEqualTo(BackupSetState.COMPLETE);
        BackupTimestamp ts = BackupTimestamp.parse(first.timestamp());
        assertThatThrownBy(() -> service.verify(BackupLocation.global(), ts)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("damaged").hasMessageContaining("unreadable");
        assertThatThrownBy(() -> service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, true)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("damaged");
    }

    @Test
    void givenAManifestOfAnotherSet_whenListed_thenTheSetIsDamagedNamingTheMismatch() throws IOException {
        VectorManagementReport first = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        VectorManagementReport second = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        Files.copy(global().resolve("manifest_" + second.timestamp() + ".json"),
                global().resolve("manifest_" + first.timestamp() + ".json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        BackupSetInfo tampered = service.list(Optional.empty(), true).locations().get(0).backups().stream()
                .filter(s -> s.timestamp().equals(first.timestamp())).findFirst().orElseThrow();

        assertThat(tampered.state()).isEqualTo(BackupSetState.DAMAGED);
        assertThat(tampered.stateReason()).contains("belongs to set " + second.timestamp());
    }

    @Test
    void givenTheLeftoversOfASetKilledBeforeItsManifest_whenListedAndBackedUpAgain_thenItIsIncompleteThenCleaned()
            throws IOException {
        Files.createDirectories(global());
        Files.writeString(global().resolve(".reserved_20250721_100000"), "process 1 since then\n");
        Files.writeString(global().resolve("langchain_pg_collection_20250721_100000.csv"), "uuid,name,cmetadata\n");
        Files.writeString(global().resolve("langchain_pg_embedding_20250721_100000.csv.tmp"), "id,coll");

        BackupSetInfo set = only();
        assertThat(set.timestamp()).isEqualTo("20250721_100000");
        assertThat(set.state()).isEqualTo(BackupSetState.INCOMPLETE);
        assertThat(set.stateReason()).contains("interrupted before its manifest");

        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));

        assertThat(files()).noneMatch(f -> f.contains("20250721_100000"));
    }

    @Test
    void givenALegacySetOfTheOriginalTool_whenTheNextBackupSettlesLeftovers_thenItIsLeftAloneAndListedComplete()
            throws IOException {
        Files.createDirectories(global());
        Files.writeString(global().resolve("langchain_pg_collection_20250101_000000.csv"), "uuid,name,cmetadata\r\n");
        Files.writeString(global().resolve("langchain_pg_embedding_20250101_000000.csv"),
                "id,collection_id,embedding,document,cmetadata\r\n");

        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));

        assertThat(files()).contains("langchain_pg_collection_20250101_000000.csv", "langchain_pg_embedding_20250101_000000.csv");
        BackupSetInfo legacy = service.list(Optional.empty(), true).locations().get(0).backups().stream()
                .filter(s -> s.timestamp().equals("20250101_000000")).findFirst().orElseThrow();
        assertThat(legacy.state()).isEqualTo(BackupSetState.COMPLETE);
        assertThat(legacy.manifestFile()).isNull();
    }

    @Test
    void givenABackupFolderThatLinksOutsideTheDataDirectory_whenListedVerifiedOrRestored_thenItIsRefused()
            throws IOException {
        Path outside = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(outside.resolve("langchain_pg_collection_20250101_000000.csv"), "uuid,name,cmetadata\n");
        Files.writeString(outside.resolve("langchain_pg_embedding_20250101_000000.csv"), "id\n");
        Files.createSymbolicLink(global(), outside);
        Files.createDirectories(dataDir.resolve("task_x"));
        Files.createSymbolicLink(dataDir.resolve("task_x").resolve("vector_bak"), outside);
        BackupTimestamp ts = BackupTimestamp.parse("20250101_000000");

        assertThatThrownBy(() -> service.list(Optional.empty(), true)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside the data directory");
        assertThatThrownBy(() -> service.list(Optional.of(new TaskId("task_x")), false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside the data directory");
        assertThatThrownBy(() -> service.verify(BackupLocation.ofTask(new TaskId("task_x")), ts))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, false)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void givenASetWhoseFileLinksOutside_whenListed_thenTheSetIsDamaged() throws IOException {
        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        Path outside = Files.writeString(root.resolve("stolen.csv"), "id\n");
        Path file = global().resolve("langchain_pg_embedding_" + report.timestamp() + ".csv");
        Files.delete(file);
        Files.createSymbolicLink(file, outside);

        BackupSetInfo set = only();

        assertThat(set.state()).isEqualTo(BackupSetState.DAMAGED);
        assertThat(set.stateReason()).contains("outside the data directory");
    }

    @Test
    void givenAnUnsettledSetWrittenAgainstAnotherCluster_whenTheNextBackupSettlesTheFolder_thenItIsNeverDeleted()
            throws IOException {
        store.loseNextCommitAnswer(CommitStatus.COMMITTED, CommitStatus.UNKNOWN);
        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));
        String ts = report.timestamp();
        Path manifest = global().resolve("manifest_" + ts + ".json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"system_identifier\" : \"memory\"",
                "\"system_identifier\" : \"another-cluster\""));
        Files.delete(global().resolve("outcome_" + ts + ".json"));
        // this cluster's transaction with the same id rolled back: it says nothing about the other cluster's
        store.answerFor(store.transactionIds().get(0), CommitStatus.ABORTED);

        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));

        assertThat(files()).contains("langchain_pg_embedding_" + ts + ".csv", "manifest_" + ts + ".json");
        BackupSetInfo set = service.list(Optional.empty(), true).locations().get(0).backups().stream()
                .filter(s -> s.timestamp().equals(ts)).findFirst().orElseThrow();
        assertThat(set.state()).isEqualTo(BackupSetState.INCOMPLETE);
        assertThat(set.commitOutcome()).isEqualTo(CommitOutcome.UNKNOWN);
    }

    @Test
    void givenASetMissingAFileWhoseOutcomeIsUnknown_whenTheNextBackupSettlesTheFolder_thenWhatIsLeftIsKept()
            throws IOException {
        store.loseNextCommitAnswer(CommitStatus.COMMITTED, CommitStatus.UNKNOWN);
        String ts = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true)).timestamp();
        Files.delete(global().resolve("langchain_pg_collection_" + ts + ".csv"));

        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));

        assertThat(files()).contains("langchain_pg_embedding_" + ts + ".csv", "manifest_" + ts + ".json");
    }
}
