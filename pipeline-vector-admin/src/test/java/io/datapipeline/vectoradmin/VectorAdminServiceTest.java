package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.sets.Manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.vectoradmin.fakes.InMemoryVectorTableStore;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.VerifyReport;
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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorAdminServiceTest {

    private static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    private static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");
    private static final String C1 = "11111111-1111-4111-8111-111111111111";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private InMemoryVectorTableStore store;
    private VectorAdminService service;

    @BeforeEach
    void setUp() {
        store = new InMemoryVectorTableStore().withLangChainTables();
        store.insert(COLLECTION, Arrays.asList(C1, "sql", null));
        for (int i = 0; i < 5; i++) {
            store.insert(EMBEDDING, Arrays.asList("id" + i + "-sql", C1, "[0." + i + ",1,2]", "document " + i,
                    "{\"id\": \"id" + i + "-sql\"}"));
        }
        service = new VectorAdminService(store, VectorTables.langchainDefaults(), new DataDirectory(dataDir), CLOCK);
    }

    private Path global() {
        return dataDir.resolve("vector_bak");
    }

    @Test
    void givenTables_whenBackedUp_thenTwoCsvFilesManifestAndLogAreWrittenAndReported() throws IOException {
        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));

        assertThat(report.success()).isTrue();
        assertThat(report.backupPerformed()).isTrue();
        assertThat(report.truncatePerformed()).isFalse();
        assertThat(report.timestamp()).isEqualTo("20250721_113010");
        assertThat(files(global())).containsExactlyInAnyOrder("langchain_pg_collection_20250721_113010.csv",
                "langchain_pg_embedding_20250721_113010.csv", "manifest_20250721_113010.json",
                "outcome_20250721_113010.json", "vector_backup_log_20250721_113010.txt");
        assertThat(report.tablesBackedUp().get("langchain_pg_embedding").rowCount()).isEqualTo(5);
        Manifest manifest = Manifest.read(global().resolve("manifest_20250721_113010.json"), new BackupTimestamp("20250721_113010"));
        assertThat(manifest.tables()).extracting(Manifest.TableEntry::rows).containsExactly(1L, 5L);
        assertThat(manifest.tables().get(1).sha256()).isEqualTo(report.tablesBackedUp().get("langchain_pg_embedding").sha256());
        assertThat(manifest.database()).doesNotContain("password");
        String log = Files.readString(global().resolve("vector_backup_log_20250721_113010.txt"));
        assertThat(log).startsWith("=== Vector Table Backup Log ===\nBackup Time: 2025-07-21 11:30:10\nTask ID: global\n")
                .contains("✓ langchain_pg_embedding: 5 rows -> langchain_pg_embedding_20250721_113010.csv")
                .contains("Truncate Status:\n- Not performed");
        assertThat(io.datapipeline.wire.VectorShapes.vectorManagement(report))
                .containsKeys("backup_performed", "truncate_performed", "tables_backed_up", "truncate_results", "errors",
                        "duration", "backup_directory", "manifest_file");
    }

    @Test
    void givenLessFreeSpaceThanTheFloor_whenBackingUpWithTruncate_thenItIsRefusedBeforeAnyFolderOrFileAndNothingChanges() {
        long free = new DataDirectory(dataDir).usableSpace();
        VectorAdminService floored = new VectorAdminService(store, VectorTables.langchainDefaults(), new DataDirectory(dataDir.resolve("data")), CLOCK,
                new io.datapipeline.core.vector.BackupDefaults(io.datapipeline.core.domain.BackupEncoding.CSV, "t",
                        null, free + (1L << 40)), id -> false);

        assertThatThrownBy(() -> floored.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true)))
                .isInstanceOf(io.datapipeline.core.domain.InsufficientSpaceException.class)
                .hasMessageContaining("free, less than the").hasMessageContaining("PIPELINE_BACKUP_MIN_FREE_SPACE")
                .hasMessageContaining("nothing was written or changed");
        assertThat(dataDir.resolve("data")).as("not even the data directory was made").doesNotExist();
        assertThat(store.rows(EMBEDDING)).hasSize(5);
    }

    @Test
    void givenMoreFreeSpaceThanTheFloor_whenBackingUp_thenTheSetIsWritten() {
        VectorAdminService floored = new VectorAdminService(store, VectorTables.langchainDefaults(), new DataDirectory(dataDir), CLOCK,
                new io.datapipeline.core.vector.BackupDefaults(io.datapipeline.core.domain.BackupEncoding.CSV, "t",
                        null, 1024), id -> false);

        assertThat(floored.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false)).success()).isTrue();
    }

    @Test
    void givenTwoBackupsInTheSameSecond_whenTaken_thenTheSecondTakesTheNextFreeTimestamp() {
        VectorManagementReport first = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        VectorManagementReport second = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));

        assertThat(first.timestamp()).isEqualTo("20250721_113010");
        assertThat(second.timestamp()).isEqualTo("20250721_113011");
        assertThat(files(global())).hasSize(10);
    }

    @Test
    void givenTruncate_whenBackedUp_thenTheEmbeddingTableIsEmptiedAndRowsBeforeEqualsTheBackup() {
        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));

        assertThat(report.truncatePerformed()).isTrue();
        assertThat(report.truncateResults().get("langchain_pg_embedding").rowsBefore())
                .isEqualTo(report.tablesBackedUp().get("langchain_pg_embedding").rowCount());
        assertThat(store.rows(EMBEDDING)).isEmpty();
        assertThat(store.rows(COLLECTION)).hasSize(1);
    }

    @Test
    void givenAFailureHalfwayThroughTheExport_whenBackingUpWithTruncate_thenNothingIsTruncatedAndNoCsvIsLeft() {
        TransferProgress diskFull = new TransferProgress() {
            @Override
            public void transferred(String table, long bytes) throws IOException {
                if (table.equals("langchain_pg_embedding")) {
                    throw new IOException("No space left on device");
                }
            }
        };
        BackupVectorTablesCommand cmd = new BackupVectorTablesCommand(BackupLocation.global(), true, Duration.ZERO,
                diskFull);

        VectorManagementReport report = service.backup(cmd);

        assertThat(report.success()).isFalse();
        assertThat(report.truncatePerformed()).isFalse();
        assertThat(report.errors()).singleElement().asString().contains("No space left on device");
        assertThat(store.rows(EMBEDDING)).hasSize(5);
        assertThat(files(global())).noneMatch(f -> f.endsWith(".csv") || f.endsWith(".tmp") || f.endsWith(".json"));
        assertThat(files(global())).containsExactly("vector_backup_log_20250721_113010.txt");
        assertThat(store.locked()).isFalse();
    }

    @Test
    void givenTheStoreIsLockedElsewhere_whenBackingUp_thenItIsBusyAndNothingIsWritten() {
        store.holdLockElsewhere("another process");

        assertThatThrownBy(() -> service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true)))
                .isInstanceOf(BusyException.class);
        assertThat(files(global())).isEmpty();
        assertThat(store.rows(EMBEDDING)).hasSize(5);
    }

    @Test
    void givenATaskThatHasNoDirectory_whenBackingUpIntoIt_thenItsBackupFolderIsCreated() {
        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.ofTask(
                new TaskId("named_before_change")), false));

        assertThat(report.success()).isTrue();
        assertThat(dataDir.resolve("named_before_change").resolve("vector_bak")
                .resolve("manifest_20250721_113010.json")).exists();
    }

    @Test
    void givenSetsInSeveralLocations_whenListed_thenNewestFirstWithManifestFactsAndLegacySetsMarked() throws IOException {
        Files.createDirectories(dataDir.resolve("task_1"));
        service.backup(BackupVectorTablesCommand.of(BackupLocation.ofTask(new TaskId("task_1")), false));
        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));
        writeLegacySet(dataDir.resolve("manual_x/vector_bak"), "20240101_000000");

        BackupListing listing = service.list(Optional.empty(), false);

        assertThat(listing.locations()).extracting(BackupListing.Location::relativePath)
                .containsExactly("vector_bak", "manual_x/vector_bak", "task_1/vector_bak");
        assertThat(listing.locations().get(0).backups()).extracting(s -> s.timestamp())
                .containsExactly("20250721_113011", "20250721_113010");
        assertThat(listing.locations().get(0).backups().get(0).truncated()).isTrue();
        assertThat(listing.locations().get(1).backups().get(0).manifestFile()).isNull();
        assertThat(listing.locations().get(1).backups().get(0).logFile()).isEqualTo("vector_backup_log.txt");
        Map<String, Object> map = io.datapipeline.wire.VectorShapes.listing(listing);
        assertThat(map).containsKeys("backup_locations", "summary");
        assertThat(service.list(Optional.empty(), true).locations()).hasSize(1);
        assertThat(service.list(Optional.of(new TaskId("task_1")), false).totalBackupSets()).isEqualTo(1);
    }

    @Test
    void givenAnIntactSet_whenVerified_thenOk_andWhenAByteChanges_thenTheChecksumMismatchIsNamed() throws IOException {
        VectorManagementReport report = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        BackupTimestamp ts = BackupTimestamp.parse(report.timestamp());
        assertThat(service.verify(BackupLocation.global(), ts).ok()).isTrue();

        Path file = global().resolve("langchain_pg_embedding_20250721_113010.csv");
        Files.writeString(file, Files.readString(file).replace("document 3", "document 8"));

        VerifyReport damaged = service.verify(BackupLocation.global(), ts);
        assertThat(damaged.ok()).isFalse();
        assertThat(damaged.problems()).singleElement().asString().contains("langchain_pg_embedding: sha256");
    }

    @Test
    void givenAFileWithARowLess_whenVerified_thenSizeShaAndRowCountAreAllNamed() throws IOException {
        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        Path file = global().resolve("langchain_pg_embedding_20250721_113010.csv");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() - 1));

        VerifyReport damaged = service.verify(BackupLocation.global(), BackupTimestamp.parse("20250721_113010"));

        assertThat(damaged.problems()).hasSize(3);
        assertThat(String.join("\n", damaged.problems())).contains("size").contains("sha256").contains("4 rows, manifest says 5");
    }

    @Test
    void givenExistingRows_whenRestoringInAppendMode_thenExistingKeysAreSkippedAndCounted() {
        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        store.insert(EMBEDDING, Arrays.asList("extra-sql", C1, "[1,1,1]", "added later", null));
        List<List<String>> before = store.rows(EMBEDDING);

        RestoreReport r = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse("20250721_113010"), false));

        assertThat(r.success()).isTrue();
        assertThat(r.tables()).extracting(RestoreReport.TableRestore::rowsInserted).containsExactly(0L, 0L);
        assertThat(r.tables()).extracting(RestoreReport.TableRestore::rowsSkipped).containsExactly(1L, 5L);
        assertThat(store.rows(EMBEDDING)).isEqualTo(before);
    }

    @Test
    void givenATruncatedStore_whenRestoringWithReplace_thenEveryRowIsBackExactly() {
        List<List<String>> original = store.rows(EMBEDDING);
        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));
        store.insert(EMBEDDING, Arrays.asList("partial-load-sql", C1, "[1,1,1]", "half a load", null));

        RestoreReport r = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse("20250721_113010"), true));

        assertThat(r.success()).isTrue();
        assertThat(r.truncateResults()).containsKeys("langchain_pg_collection", "langchain_pg_embedding");
        assertThat(store.rows(EMBEDDING)).isEqualTo(original);
    }

    @Test
    void givenADamagedFile_whenRestoring_thenNothingChangesAndTheReportSaysWhy() throws IOException {
        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), true));
        Path file = global().resolve("langchain_pg_embedding_20250721_113010.csv");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] = (byte) (bytes[bytes.length - 5] == 'x' ? 'y' : 'x');
        Files.write(file, bytes);

        RestoreReport r = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse("20250721_113010"), true));

        assertThat(r.success()).isFalse();
        assertThat(r.errors()).singleElement().asString().contains("sha256");
        assertThat(store.rows(EMBEDDING)).isEmpty();
        assertThat(store.rows(COLLECTION)).hasSize(1);
    }

    @Test
    void givenReplaceOfTheCollectionTableAlone_whenRestoring_thenItIsRefusedAsInvalid() {
        service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        RestoreVectorBackupCommand cmd = new RestoreVectorBackupCommand(BackupLocation.global(),
                BackupTimestamp.parse("20250721_113010"), List.of("langchain_pg_collection"), true, false, Duration.ZERO, null);

        assertThatThrownBy(() -> service.restore(cmd)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("orphan");
    }

    @Test
    void givenATableOutsideTheSet_whenRestoring_thenItIsInvalidAndNamesTheField() {
        RestoreVectorBackupCommand cmd = new RestoreVectorBackupCommand(BackupLocation.global(),
                BackupTimestamp.parse("20250721_113010"), List.of("pg_authid"), false, false, Duration.ZERO, null);

        assertThatThrownBy(() -> service.restore(cmd)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("tables"));
    }

    @Test
    void givenALegacyPythonSet_whenRestored_thenMetadataIsJsonEmptyFieldsAreNullAndCrlfIsHandled() throws IOException {
        store.withLangChainTables();
        writeLegacySet(global(), "20240101_000000");

        RestoreReport r = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse("20240101_000000"), true));

        assertThat(r.success()).as(r.errors().toString()).isTrue();
        assertThat(r.legacy()).isTrue();
        assertThat(r.warnings()).anyMatch(w -> w.contains("no manifest"));
        List<List<String>> rows = store.rows(EMBEDDING);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(4)).isEqualTo("{\"id\":\"e1-ddl\",\"ok\":true,\"n\":null}");
        assertThat(rows.get(0).get(3)).isEqualTo("create table t (\n  a int\n);");
        assertThat(rows.get(1).get(3)).isNull();
        assertThat(rows.get(1).get(4)).isEqualTo("{\"id\": \"e2-doc\"}");
        assertThat(store.rows(COLLECTION)).hasSize(1);
    }

    @Test
    void givenAG1BackupAndG2Tables_whenRestored_thenIdsComeFromCustomIdOrUuid() throws IOException {
        InMemoryVectorTableStore g1 = new InMemoryVectorTableStore();
        g1.create(COLLECTION, List.of(new TableShape.Column("uuid", "uuid", true),
                new TableShape.Column("name", "character varying", false),
                new TableShape.Column("cmetadata", "json", false)), List.of("uuid"));
        g1.create(EMBEDDING, List.of(new TableShape.Column("uuid", "uuid", true),
                new TableShape.Column("collection_id", "uuid", false), new TableShape.Column("embedding", "vector", false),
                new TableShape.Column("document", "character varying", false),
                new TableShape.Column("cmetadata", "json", false),
                new TableShape.Column("custom_id", "character varying", false)), List.of("uuid"));
        g1.insert(COLLECTION, Arrays.asList(C1, "ddl", null));
        g1.insert(EMBEDDING, Arrays.asList("aaaaaaaa-0000-4000-8000-000000000001", C1, "[1,2]", "doc", "{}", "x1-ddl"));
        g1.insert(EMBEDDING, Arrays.asList("aaaaaaaa-0000-4000-8000-000000000002", C1, "[3,4]", "doc2", "{}", null));
        VectorAdminService fromG1 = new VectorAdminService(g1, VectorTables.langchainDefaults(), new DataDirectory(dataDir),
                CLOCK);
        fromG1.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        InMemoryVectorTableStore g2 = new InMemoryVectorTableStore().withLangChainTables();
        VectorAdminService intoG2 = new VectorAdminService(g2, VectorTables.langchainDefaults(), new DataDirectory(dataDir),
                CLOCK);

        RestoreReport r = intoG2.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse("20250721_113010"), true));

        assertThat(r.success()).as(r.errors().toString()).isTrue();
        assertThat(g2.rows(EMBEDDING)).extracting(row -> row.get(0))
                .containsExactly("x1-ddl", "aaaaaaaa-0000-4000-8000-000000000002");
        assertThat(r.warnings()).anyMatch(w -> w.contains("G1 backup into a G2 table"));
    }

    /** A set as the original Python tool wrote it: CRLF rows, Python-literal metadata, NULL as empty field. */
    static void writeLegacySet(Path dir, String ts) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("langchain_pg_collection_" + ts + ".csv"),
                "uuid,name,cmetadata\r\n" + C1 + ",ddl,\r\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("langchain_pg_embedding_" + ts + ".csv"),
                "id,collection_id,embedding,document,cmetadata\r\n"
                        + "e1-ddl," + C1 + ",\"[0.1,-0.2]\",\"create table t (\n  a int\n);\",\"{'id': 'e1-ddl', 'ok': True, 'n': None}\"\r\n"
                        + "e2-doc," + C1 + ",\"[0.3,0.4]\",,\"{\"\"id\"\": \"\"e2-doc\"\"}\"\r\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("vector_backup_log.txt"), "=== Vector Table Backup Log ===\n");
    }

    private static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
