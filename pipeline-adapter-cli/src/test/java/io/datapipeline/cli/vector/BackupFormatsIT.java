package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.vector.BackupDefaults;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.VerifyReport;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.VectorAdminService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Backup formats on the real PostgreSQL rig: every format and compression round-trips both tables exactly, binary
 * sets cross the LangChain schema generations as CSV sets do, damage is caught before anything changes, and a
 * restore drill tells a restorable set from one the database refuses, leaving nothing behind.
 */
@ExtendWith(PostgresExtension.class)
class BackupFormatsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
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
        seedG2();
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "formats-test", 2);
        VectorTables tables = VectorTables.langchainDefaults();
        service = new VectorAdminService(new PgVectorTableStore(connections, tables, Duration.ofSeconds(30)), tables,
                new DataDirectory(dataDir), Clock.systemUTC(),
                BackupDefaults.of("formats-test"), id -> false);
    }

    @AfterEach
    void tearDown() {
        connections.close();
    }

    /** The tricky rows of the CLI test plus a document holding a {@code \.} line (the end marker of text COPY). */
    private static void seedG2() {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        db.execute(LangChainSchema.G2);
        VectorCliIT.seedTrickyRows(db);
        db.execute("INSERT INTO langchain_pg_embedding VALUES ('end-marker-sql', '" + VectorCliIT.C_SQL + "', "
                + "'[0.5,0.25,0.125]', E'first line\\n\\\\.\\nafter the marker', '{\"id\": \"end-marker\"}')");
    }

    private VectorManagementReport backup(BackupFormat format, Compression compression) {
        VectorManagementReport r = service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false)
                .withEncoding(new BackupEncoding(format, compression)));
        assertThat(r.success()).as(r.errors().toString()).isTrue();
        return r;
    }

    private RestoreReport restoreReplace(String ts) {
        return service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), BackupTimestamp.parse(ts), true));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"CSV, NONE, .csv", "CSV, ZSTD, .csv.zst", "BINARY, NONE, .pgcopy", "BINARY, ZSTD, .pgcopy.zst"})
    void givenEachFormat_whenBackedUpAndRestoredOverAChangedStore_thenBothTablesAreExactlyAsBefore(BackupFormat format,
            Compression compression, String extension) throws Exception {
        String before = TableDigest.store(db);

        VectorManagementReport backup = backup(format, compression);
        db.execute("DELETE FROM langchain_pg_embedding WHERE id LIKE '%-sql'",
                "UPDATE langchain_pg_embedding SET document = 'changed'");
        RestoreReport restored = restoreReplace(backup.timestamp());

        assertThat(restored.success()).as(restored.errors().toString()).isTrue();
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(backup.tablesBackedUp().get("langchain_pg_embedding").backupFile()).endsWith(extension);
        VerifyReport verified = service.verify(BackupLocation.global(), BackupTimestamp.parse(backup.timestamp()));
        assertThat(verified.ok()).as(verified.problems().toString()).isTrue();
        assertThat(verified.tables()).allSatisfy(t -> assertThat(t.actualRows()).isEqualTo(t.expectedRows()));
        assertThat(verified.tables().get(1).actualRows()).isEqualTo(302);
        ObjectNode manifest = manifest(backup.timestamp());
        assertThat(manifest.get("data_format").asText()).isEqualTo(format.wire());
        assertThat(manifest.get("compression").asText()).isEqualTo(compression.wire());
        assertThat(manifest.at("/server/pgvector_version").asText()).isNotBlank();
        assertThat(manifest.at("/tables/1/columns/2/type").asText()).startsWith("vector");
    }

    @Test
    void givenNullVectorsAndTwoDimensions_whenBackedUpInEachFormat_thenTheCountsFromTheStreamAreTheDatabasesOnes()
            throws Exception {
        db.execute("INSERT INTO langchain_pg_embedding VALUES ('no-vector-sql', '" + VectorCliIT.C_SQL + "', NULL, "
                + "'no vector', '{}'), ('wide-ddl', '" + VectorCliIT.C_DDL + "', '[1,2,3,4,5]', 'wide', '{}'), "
                + "('orphan', NULL, '[1,2,3]', 'no collection', '{}')");
        ObjectNode csv = manifest(backup(BackupFormat.CSV, Compression.NONE).timestamp());
        ObjectNode binary = manifest(backup(BackupFormat.BINARY, Compression.ZSTD).timestamp());

        assertThat(binary.get("collections")).as("per collection: rows (NULL vectors too) and dimensions")
                .isEqualTo(csv.get("collections"));
        assertThat(binary.at("/tables/1/vector_dimensions")).isEqualTo(csv.at("/tables/1/vector_dimensions"));
        assertThat(binary.at("/collections/0/name").asText()).isEqualTo("ddl");
        assertThat(binary.at("/collections/0/dimensions").toString()).contains("\"5\":1");
        assertThat(binary.at("/collections/1/rows").asLong()).isEqualTo(db.queryLong("SELECT count(*) FROM "
                + "langchain_pg_embedding WHERE collection_id = '" + VectorCliIT.C_SQL + "'"));
        // both formats count in the stream now: hold the CSV counts against the database's own GROUP BY
        for (var c : csv.withArray("collections")) {
            String uuid = c.get("uuid").asText();
            assertThat(c.get("rows").asLong()).as(c.get("name").asText()).isEqualTo(db.queryLong(
                    "SELECT count(*) FROM langchain_pg_embedding WHERE collection_id = '" + uuid + "'"));
            for (var d : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                    c.get("dimensions")::fields) {
                assertThat(d.getValue().asLong()).as(c.get("name").asText() + " " + d.getKey() + "-d").isEqualTo(
                        db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE collection_id = '" + uuid
                                + "' AND vector_dims(embedding) = " + d.getKey()));
            }
        }
    }

    @Test
    void givenAnExclusiveReplace_whenRestored_thenTheTablesAreTruncatedNotDeletedAndHoldExactlyTheSet() {
        String before = TableDigest.store(db);
        String ts = backup(BackupFormat.BINARY, Compression.NONE).timestamp();
        db.execute("DELETE FROM langchain_pg_embedding WHERE id LIKE '%-sql'",
                "UPDATE langchain_pg_embedding SET document = 'changed'");
        long fileNodeBefore = db.queryLong("SELECT relfilenode FROM pg_class WHERE oid = 'langchain_pg_embedding'::regclass");

        RestoreReport restored = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(ts), true).withExclusive(true));

        assertThat(restored.success()).as(restored.errors().toString()).isTrue();
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(db.queryLong("SELECT relfilenode FROM pg_class WHERE oid = 'langchain_pg_embedding'::regclass"))
                .as("TRUNCATE gives the table a new file; DELETE would keep it").isNotEqualTo(fileNodeBefore);
        assertThat(restored.truncateResults().get("langchain_pg_embedding").rowsAfter()).isZero();
    }

    @Test
    void givenADamagedSet_whenRestoredExclusively_thenTheTruncateIsRolledBackWithTheLoadAndTheOldRowsStay()
            throws Exception {
        VectorManagementReport backup = backup(BackupFormat.BINARY, Compression.NONE);
        Path file = Path.of(backup.tablesBackedUp().get("langchain_pg_embedding").backupPath());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        db.execute("DELETE FROM langchain_pg_embedding WHERE id LIKE '%-ddl'");
        String before = TableDigest.store(db);

        RestoreReport restored = service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(backup.timestamp()), true).withExclusive(true));

        assertThat(restored.success()).isFalse();
        assertThat(restored.commitOutcome()).isEqualTo(io.datapipeline.core.vector.CommitOutcome.ROLLED_BACK);
        assertThat(restored.errors().toString()).contains("sha256");
        assertThat(TableDigest.store(db)).as("truncated and partly loaded, then rolled back").isEqualTo(before);
    }

    @Test
    void givenExclusiveWithoutAReplaceOrWithCollections_whenAsked_thenItIsRefusedBeforeAnythingChanges() {
        String before = TableDigest.store(db);
        String ts = backup(BackupFormat.BINARY, Compression.NONE).timestamp();
        RestoreVectorBackupCommand append = RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(ts), false);
        RestoreVectorBackupCommand replace = RestoreVectorBackupCommand.of(BackupLocation.global(),
                BackupTimestamp.parse(ts), true);

        assertThatThrownBy(() -> append.withExclusive(true)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exclusive is a way to replace the tables");
        assertThatThrownBy(() -> replace.withCollections(List.of("sql")).withExclusive(true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot replace only chosen collections");
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenBinaryAndCsvSets_whenComparingSizes_thenTheBinaryFileIsSmallerAndCompressionSmallerStill() throws Exception {
        long csv = fileSize(backup(BackupFormat.CSV, Compression.NONE));
        long binary = fileSize(backup(BackupFormat.BINARY, Compression.NONE));
        long binaryZstd = fileSize(backup(BackupFormat.BINARY, Compression.ZSTD));

        assertThat(binary).isLessThan(csv);
        assertThat(binaryZstd).isLessThan(binary);
    }

    @Test
    void givenABinaryG2Set_whenRestoredIntoG1Tables_thenTheyHoldWhatACsvSetGives() throws Exception {
        String csvSet = backup(BackupFormat.CSV, Compression.NONE).timestamp();
        String binarySet = backup(BackupFormat.BINARY, Compression.ZSTD).timestamp();
        String g1FromCsv = intoG1(csvSet);

        String g1FromBinary = intoG1(binarySet);

        assertThat(g1FromBinary).isEqualTo(g1FromCsv);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE custom_id = 'end-marker-sql'"))
                .isEqualTo(1);
        assertThat(db.queryString("SELECT document FROM langchain_pg_embedding WHERE custom_id = 'end-marker-sql'"))
                .isEqualTo("first line\n\\.\nafter the marker");
    }

    private String intoG1(String ts) {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        db.execute(LangChainSchema.G1);
        RestoreReport r = restoreReplace(ts);
        assertThat(r.success()).as(r.errors().toString()).isTrue();
        assertThat(r.warnings()).anyMatch(w -> w.contains("G2 backup into a G1 table"));
        return TableDigest.store(db);
    }

    @Test
    void givenABinaryG1Set_whenRestoredIntoG2Tables_thenTheyHoldWhatACsvSetGives() throws Exception {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        db.execute(LangChainSchema.G1);
        db.execute("INSERT INTO langchain_pg_collection VALUES ('" + VectorCliIT.C_SQL + "', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT md5(g::text)::uuid, '" + VectorCliIT.C_SQL + "', "
                        + "'[1,2,3]', CASE WHEN g % 3 = 0 THEN NULL ELSE 'doc ' || g || ' 中文' END, "
                        + "json_build_object('id', g), CASE WHEN g % 2 = 0 THEN 'custom-' || g ELSE NULL END "
                        + "FROM generate_series(1, 50) g");
        String csvSet = backup(BackupFormat.CSV, Compression.NONE).timestamp();
        String binarySet = backup(BackupFormat.BINARY, Compression.NONE).timestamp();
        String g2FromCsv = intoG2(csvSet);

        String g2FromBinary = intoG2(binarySet);

        assertThat(g2FromBinary).isEqualTo(g2FromCsv);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id = 'custom-2'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id = md5('1')::uuid::text"))
                .isEqualTo(1);
    }

    private String intoG2(String ts) {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        db.execute(LangChainSchema.G2);
        RestoreReport r = restoreReplace(ts);
        assertThat(r.success()).as(r.errors().toString()).isTrue();
        return TableDigest.store(db);
    }

    @Test
    void givenAFlippedByteInACompressedFile_whenVerifiedAndRestored_thenBothFailAndNothingChanges() throws Exception {
        VectorManagementReport backup = backup(BackupFormat.BINARY, Compression.ZSTD);
        Path file = Path.of(backup.tablesBackedUp().get("langchain_pg_embedding").backupPath());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        db.execute("DELETE FROM langchain_pg_embedding WHERE id LIKE '%-ddl'");
        String before = TableDigest.store(db);

        VerifyReport verified = service.verify(BackupLocation.global(), BackupTimestamp.parse(backup.timestamp()));
        RestoreReport restored = restoreReplace(backup.timestamp());

        assertThat(verified.ok()).isFalse();
        assertThat(verified.problems()).anyMatch(p -> p.contains("sha256"));
        assertThat(restored.success()).isFalse();
        assertThat(restored.errors().toString()).containsAnyOf("sha256", "decompress", "zstd", "Corrupted",
                "checksum");
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenABinarySetWhoseColumnTypeTheTableCannotTake_whenRestored_thenItIsRefusedNamingTheColumn()
            throws Exception {
        String ts = backup(BackupFormat.BINARY, Compression.NONE).timestamp();
        db.execute("DELETE FROM langchain_pg_embedding WHERE id LIKE '%-sql'",
                "ALTER TABLE langchain_pg_embedding ALTER COLUMN document TYPE integer USING length(document)");
        String before = TableDigest.store(db);

        assertThatThrownBy(() -> restoreReplace(ts)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("column document").hasMessageContaining("integer")
                .hasMessageContaining("before anything changed");
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenAGoodSet_whenDrilled_thenItIsRestorableAndNoScratchSchemaOrLiveChangeRemains() {
        String before = TableDigest.store(db);
        for (BackupFormat format : BackupFormat.values()) {
            String ts = backup(format, Compression.ZSTD).timestamp();

            VerifyReport report = service.verify(BackupLocation.global(), BackupTimestamp.parse(ts), true);

            assertThat(report.restoreTest()).isNotNull();
            assertThat(report.restoreTest().restorable()).as(String.valueOf(report.restoreTest().reason())).isTrue();
            assertThat(report.restoreTest().tables()).hasSize(2).allSatisfy(t -> assertThat(t.matches()).isTrue());
            assertThat(report.ok()).isTrue();
        }
        assertThat(scratchSchemas()).isZero();
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenASetWithARowTheDatabaseRefuses_whenDrilled_thenItIsNotRestorableWithTheReasonAndLeavesNoSchema()
            throws Exception {
        VectorManagementReport backup = backup(BackupFormat.CSV, Compression.NONE);
        Path file = Path.of(backup.tablesBackedUp().get("langchain_pg_embedding").backupPath());
        // a corrupted row whose checksum was recorded as it is now: only the database can tell it is broken
        String text = Files.readString(file).replace("\"[0.5,0.25,0.125]\"", "\"[0.5,0.25,\"");
        Files.writeString(file, text);
        rewriteChecksums(backup.timestamp(), "langchain_pg_embedding", file);

        VerifyReport report = service.verify(BackupLocation.global(), BackupTimestamp.parse(backup.timestamp()), true);

        assertThat(report.problems()).isEmpty();
        assertThat(report.restoreTest().restorable()).isFalse();
        assertThat(report.restoreTest().reason()).contains("refused").containsIgnoringCase("vector");
        assertThat(report.ok()).isFalse();
        assertThat(scratchSchemas()).isZero();
    }

    @Test
    void givenASetWhoseValueChangesOnTheWayBack_whenDrilled_thenTheContentDigestDiffers() throws Exception {
        VectorManagementReport backup = backup(BackupFormat.CSV, Compression.NONE);
        Path file = Path.of(backup.tablesBackedUp().get("langchain_pg_embedding").backupPath());
        // 0.50 is read as 0.5 and given back as 0.5: the database does not return what the set holds
        String text = Files.readString(file).replace("\"[0.5,0.25,0.125]\"", "\"[0.50,0.25,0.125]\"");
        Files.writeString(file, text);
        rewriteChecksums(backup.timestamp(), "langchain_pg_embedding", file);

        VerifyReport report = service.verify(BackupLocation.global(), BackupTimestamp.parse(backup.timestamp()), true);

        assertThat(report.restoreTest().restorable()).isFalse();
        assertThat(report.restoreTest().reason()).contains("langchain_pg_embedding").contains("sha256");
    }

    /**
     * One byte of a data file changed and only that file's {@code sha256} rewritten in the manifest: verify refuses
     * because the content digest no longer matches, and so does every restore — replace, append, exclusive, forced —
     * and the drill, with verify's words, before anything commits.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"CSV", "BINARY"})
    void givenAForgedManifest_whenVerifiedRestoredOrDrilled_thenEachRefusesWithVerifysMessageAndNothingChanges(
            BackupFormat format) throws Exception {
        VectorManagementReport backup = backup(format, Compression.NONE);
        Path file = Path.of(backup.tablesBackedUp().get("langchain_pg_embedding").backupPath());
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, "first line".getBytes(StandardCharsets.UTF_8));
        assertThat(at).as("the document is in the file").isPositive();
        bytes[at] = 'g';
        Files.write(file, bytes);
        Path manifestFile = dataDir.resolve("vector_bak").resolve("manifest_" + backup.timestamp() + ".json");
        ObjectNode m = (ObjectNode) JSON.readTree(manifestFile.toFile());
        for (var t : m.withArray("tables")) {
            if (t.get("table").asText().equals("langchain_pg_embedding")) {
                ((ObjectNode) t).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(bytes)));
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), m);
        db.execute("DELETE FROM langchain_pg_embedding WHERE id LIKE '%-ddl'");
        String before = TableDigest.store(db);
        BackupTimestamp ts = BackupTimestamp.parse(backup.timestamp());

        VerifyReport verified = service.verify(BackupLocation.global(), ts);
        List<RestoreReport> restores = List.of(
                service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, true)),
                service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, false)),
                service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, true).withExclusive(true)),
                service.restore(new RestoreVectorBackupCommand(BackupLocation.global(), ts, null, true, true,
                        Duration.ZERO, TransferProgress.NONE, null)));
        VerifyReport drilled = service.verify(BackupLocation.global(), ts, true);

        assertThat(verified.ok()).isFalse();
        String problem = verified.problems().stream().filter(p -> p.contains("content sha256")).findFirst()
                .orElseThrow(() -> new AssertionError("verify names the content digest: " + verified.problems()));
        assertThat(problem).startsWith("langchain_pg_embedding: content sha256 ");
        assertThat(restores).allSatisfy(r -> {
            assertThat(r.success()).isFalse();
            assertThat(r.commitOutcome()).isEqualTo(CommitOutcome.ROLLED_BACK);
            assertThat(String.join(" ", r.errors())).contains(problem).contains("rolled back");
        });
        assertThat(drilled.restoreTest().restorable()).isFalse();
        assertThat(TableDigest.store(db)).as("the store is exactly as before").isEqualTo(before);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Records a changed file's size and digests in the manifest, as if the set had been written that way. */
    private void rewriteChecksums(String ts, String table, Path file) throws Exception {
        Path manifestFile = dataDir.resolve("vector_bak").resolve("manifest_" + ts + ".json");
        ObjectNode m = (ObjectNode) JSON.readTree(manifestFile.toFile());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        for (var t : m.withArray("tables")) {
            if (t.get("table").asText().equals(table)) {
                ((ObjectNode) t).put("sha256", sha).put("content_sha256", sha).put("bytes", Files.size(file))
                        .put("content_bytes", Files.size(file));
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), m);
    }

    private ObjectNode manifest(String ts) throws IOException {
        return (ObjectNode) JSON.readTree(dataDir.resolve("vector_bak").resolve("manifest_" + ts + ".json").toFile());
    }

    private static long scratchSchemas() {
        return db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pipeline_restore_test%'");
    }

    private static long fileSize(VectorManagementReport r) throws IOException {
        return Files.size(Path.of(r.tablesBackedUp().get("langchain_pg_embedding").backupPath()));
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
