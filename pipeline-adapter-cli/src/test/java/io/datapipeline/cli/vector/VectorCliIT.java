package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract of the vector commands, on a real PostgreSQL with pgvector. */
@ExtendWith(PostgresExtension.class)
class VectorCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String C_SQL = "6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01";
    static final String C_DDL = "6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a02";

    private static TestDatabase db;

    @TempDir
    Path dataDir;

    private CliRunner cli;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
    }

    @BeforeEach
    void seed() {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection");
        db.execute(LangChainSchema.G2);
        seedTrickyRows(db);
        cli = new CliRunner(Map.of("PIPELINE_DB_URL", db.jdbcUrlWithCredentials(), "PIPELINE_DATA_DIR",
                dataDir.toString()));
    }

    /** Rows with every CSV hazard: quotes, commas, newlines, CR, backslashes, Chinese, '' vs NULL, exponents. */
    static void seedTrickyRows(TestDatabase db) {
        db.execute("INSERT INTO langchain_pg_collection VALUES ('" + C_SQL + "', 'sql', NULL), ('" + C_DDL
                + "', 'ddl', '{\"note\": \"a, \\\"b\\\"\"}')");
        db.execute("INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata) "
                + "SELECT md5(g::text) || CASE WHEN g % 2 = 0 THEN '-sql' ELSE '-ddl' END, "
                + "CASE WHEN g % 2 = 0 THEN '" + C_SQL + "'::uuid ELSE '" + C_DDL + "'::uuid END, "
                + "(SELECT array_agg(((random() - 0.5) * 0.08)::real) FROM generate_series(1, 64 + 0 * g))::vector, "
                + "CASE WHEN g % 11 = 0 THEN '' WHEN g % 13 = 0 THEN NULL ELSE format(E'Doc %s, \"quoted\"\\nline2\\r\\n中文，逗号 \\\\ back\\tslash', g) END, "
                + "CASE WHEN g % 7 = 0 THEN NULL ELSE jsonb_build_object('id', md5(g::text), 'page', g, 'score', g / 3.0, "
                + "'ok', g % 2 = 0, 'none', NULL, 'tags', jsonb_build_array('x', '标签')) END "
                + "FROM generate_series(1, 300) AS g");
        db.execute("INSERT INTO langchain_pg_embedding VALUES ('tiny-doc', '" + C_DDL + "', '[1e-45,-3.4028235e+38,0]', 'x', '{}')");
    }

    @Test
    void givenTheStore_whenBackedUp_thenEachFileEqualsPsqlCopyByteForByte() throws Exception {
        CliRunner.Result r = cli.run("vector", "backup", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        for (String table : List.of("langchain_pg_collection", "langchain_pg_embedding")) {
            Path ours = Path.of(report.at("/tables_backed_up/" + table + "/backup_path").asText());
            Path reference = dataDir.resolve(table + "_psql.csv");
            psql("\\copy " + table + " TO '" + reference + "' WITH (FORMAT csv, HEADER)");
            assertThat(Files.mismatch(ours, reference)).as(table).isEqualTo(-1L);
        }
        assertThat(report.at("/tables_backed_up/langchain_pg_embedding/row_count").asLong()).isEqualTo(301);
    }

    @Test
    void givenJson_whenBackingUp_thenStdoutIsExactlyTheSeedsVectorManagementObject() throws Exception {
        CliRunner.Result r = cli.run("vector", "backup", "--truncate", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode vm = JSON.readTree(r.out());
        assertThat(vm.get("backup_performed").asBoolean()).isTrue();
        assertThat(vm.get("truncate_performed").asBoolean()).isTrue();
        JsonNode emb = vm.at("/tables_backed_up/langchain_pg_embedding");
        for (String field : List.of("success", "row_count", "file_size", "backup_file", "backup_path", "duration", "sha256")) {
            assertThat(emb.has(field)).as(field).isTrue();
        }
        JsonNode tr = vm.at("/truncate_results/langchain_pg_embedding");
        for (String field : List.of("success", "rows_before", "rows_after", "duration")) {
            assertThat(tr.has(field)).as(field).isTrue();
        }
        assertThat(tr.get("rows_before").asLong()).isEqualTo(emb.get("row_count").asLong());
        assertThat(tr.get("rows_after").asLong()).isZero();
        assertThat(vm.get("errors").size()).isZero();
        assertThat(vm.has("duration")).isTrue();
        assertThat(vm.get("backup_directory").asText()).isEqualTo(dataDir.resolve("vector_bak").toString());
        assertThat(vm.get("manifest_file").asText()).startsWith("manifest_");
        assertThat(r.out()).doesNotContain("[INFO]");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_collection")).isEqualTo(2);
    }

    @Test
    void givenTruncateCommand_whenRun_thenItIsBackupWithTruncate() throws Exception {
        CliRunner.Result r = cli.run("vector", "truncate", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode vm = JSON.readTree(r.out());
        assertThat(vm.get("backup_performed").asBoolean()).isTrue();
        assertThat(vm.get("truncate_performed").asBoolean()).isTrue();
    }

    @Test
    void givenABackupSet_whenListedVerifiedAndRestored_thenTheStoreIsExactlyAsBefore() throws Exception {
        String before = fingerprint();
        JsonNode backup = JSON.readTree(cli.run("vector", "truncate", "--json").out());
        String ts = backup.get("backup_timestamp").asText();

        JsonNode list = JSON.readTree(cli.run("vector", "list", "--json").out());
        assertThat(list.at("/summary/total_backup_sets").asInt()).isEqualTo(1);
        assertThat(list.at("/backup_locations/0/backups/0/timestamp").asText()).isEqualTo(ts);
        assertThat(list.at("/backup_locations/0/backups/0/has_manifest").asBoolean()).isTrue();

        CliRunner.Result verify = cli.run("vector", "verify", "--global", "--timestamp", ts);
        assertThat(verify.code()).as(verify.out()).isZero();

        CliRunner.Result restore = cli.run("vector", "restore", "--global", "--timestamp", ts,
                "--truncate-before-restore", "--json");
        assertThat(restore.code()).as(restore.err()).isZero();
        JsonNode rr = JSON.readTree(restore.out());
        assertThat(rr.at("/restore_results/langchain_pg_embedding/rows_inserted").asLong()).isEqualTo(301);
        assertThat(fingerprint()).isEqualTo(before);

        CliRunner.Result append = cli.run("vector", "restore", "--global", "--timestamp", ts, "--json");
        JsonNode ar = JSON.readTree(append.out());
        assertThat(ar.at("/restore_results/langchain_pg_embedding/rows_inserted").asLong()).isZero();
        assertThat(ar.at("/restore_results/langchain_pg_embedding/rows_skipped").asLong()).isEqualTo(301);
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void givenADamagedSet_whenVerified_thenExitIsOneAndTheMismatchIsNamed() throws Exception {
        String ts = JSON.readTree(cli.run("vector", "backup", "--json").out()).get("backup_timestamp").asText();
        Path file = dataDir.resolve("vector_bak/langchain_pg_embedding_" + ts + ".csv");
        Files.writeString(file, Files.readString(file).replace("Doc 5,", "Doc 6,"));

        CliRunner.Result r = cli.run("vector", "verify", "--global", "--timestamp", ts, "--json");

        assertThat(r.code()).isEqualTo(1);
        JsonNode v = JSON.readTree(r.out());
        assertThat(v.get("verified").asBoolean()).isFalse();
        assertThat(v.get("problems").toString()).contains("langchain_pg_embedding: sha256");
    }

    @Test
    void givenALegacySetWhoseLastRowIsBad_whenRestoredWithReplace_thenNothingChanges() throws Exception {
        String before = fingerprint();
        Path dir = dataDir.resolve("vector_bak");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("langchain_pg_collection_20240101_000000.csv"),
                "uuid,name,cmetadata\r\n" + C_SQL + ",sql,\r\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("langchain_pg_embedding_20240101_000000.csv"),
                "id,collection_id,embedding,document,cmetadata\r\n"
                        + "ok-sql," + C_SQL + ",\"[1,2,3]\",fine,\"{'id': 'ok-sql'}\"\r\n"
                        + "bad-sql," + C_SQL + ",\"[1,2,oops]\",broken,\"{'id': 'bad-sql'}\"\r\n",
                StandardCharsets.UTF_8);

        CliRunner.Result r = cli.run("vector", "restore", "--global", "--timestamp", "20240101_000000",
                "--truncate-before-restore", "--json");

        assertThat(r.code()).isEqualTo(1);
        assertThat(JSON.readTree(r.out()).get("errors").toString()).contains("rolled back");
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void givenALegacyPythonSet_whenRestored_thenMetadataIsEqualAsJsonAndEmptyFieldsAreNull() throws Exception {
        db.execute("TRUNCATE langchain_pg_embedding, langchain_pg_collection");
        Path dir = dataDir.resolve("vector_bak");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("langchain_pg_collection_20240101_000000.csv"),
                "uuid,name,cmetadata\r\n" + C_SQL + ",sql,\r\n" + C_DDL + ",ddl,\r\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("langchain_pg_embedding_20240101_000000.csv"),
                "id,collection_id,embedding,document,cmetadata\r\n"
                        + "p1-sql," + C_SQL + ",\"[-0.01921251,-0.004570155,0.035753597]\",\"{\"\"question\"\": \"\"多少？\"\", "
                        + "\"\"sql\"\": \"\"SELECT 1;\"\"}\",\"{'id': 'p1-sql', 'createdat': None, 'ok': True, "
                        + "'title': 'it\\'s \"\"7\"\"', 'n': [1, 2.5]}\"\r\n"
                        + "p2-ddl," + C_DDL + ",\"[0.1,0.2,0.3]\",\"create table t (\n  a int\n);\",\r\n",
                StandardCharsets.UTF_8);

        CliRunner.Result r = cli.run("vector", "restore", "--global", "--timestamp", "20240101_000000", "--json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(JSON.readTree(r.out()).at("/backup_info/legacy").asBoolean()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id = 'p1-sql' AND cmetadata = "
                + "'{\"id\": \"p1-sql\", \"createdat\": null, \"ok\": true, \"title\": \"it''s \\\"7\\\"\", \"n\": [1, 2.5]}'::jsonb"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id = 'p2-ddl' AND cmetadata IS NULL "
                + "AND document = E'create table t (\\n  a int\\n);'")).isEqualTo(1);
        assertThat(db.queryString("SELECT embedding::text FROM langchain_pg_embedding WHERE id = 'p1-sql'"))
                .isEqualTo("[-0.01921251,-0.004570155,0.035753597]");
    }

    @Test
    void givenAnotherProcessHoldsTheStoreLock_whenBackingUp_thenExitIsThreeAndNothingIsWritten() throws Exception {
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + 0x50495045 + ", 1)");

            CliRunner.Result r = cli.run("vector", "truncate");

            assertThat(r.code()).isEqualTo(3);
            assertThat(r.err()).contains("busy");
            assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(301);
            assertThat(csvFiles()).isEmpty();
        }
    }

    @Test
    void givenTheLockIsReleasedWhileWaiting_whenBackingUpWithWait_thenItProceeds() throws Exception {
        Connection holder = db.connect();
        try (Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + 0x50495045 + ", 1)");
        }
        java.util.concurrent.CompletableFuture<CliRunner.Result> backup = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> cli.run("vector", "backup", "--wait=30"));
        // release only once the backup is seen connected and waiting for the lock
        for (int i = 0; i < 400 && db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                + "'data-pipeline-cli: vector backup'") == 0; i++) {
            TimeUnit.MILLISECONDS.sleep(25);
        }
        assertThat(backup).as("the backup waits while the lock is held").isNotDone();
        holder.close();

        CliRunner.Result r = backup.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(csvFiles()).hasSize(2);
    }

    @Test
    void givenBadInput_whenRunning_thenExitIsTwoWithAMessageNamingTheProblem() {
        assertUsage(cli.run("vector", "verify", "--global", "--timestamp", "2025-07-21"), "timestamp");
        assertUsage(cli.run("vector", "backup", "--task-id", "../etc"), "invalid --task-id");
        assertUsage(cli.run("vector", "backup", "--task-id", "a/b"), "invalid --task-id");
        assertUsage(cli.run("vector", "restore", "--global", "--timestamp", "20250721_113010", "--tables", "pg_authid"),
                "unsupported table");
        assertUsage(cli.run("vector", "backup", "--bogus"), "Unknown option");
        assertUsage(cli.run("vector", "verify", "--timestamp", "20250721_113010"), "--task-id");
        assertUsage(cli.run("vector", "verify", "--global", "--task-id", "x", "--timestamp", "20250721_113010"),
                "mutually exclusive");
        assertThat(new CliRunner(Map.of("PIPELINE_DATA_DIR", dataDir.toString())).run("vector", "backup").code())
                .isEqualTo(2);
    }

    @Test
    void givenAMissingSet_whenRestoring_thenExitIsOneAndTheMissingFilesAreNamed() {
        CliRunner.Result r = cli.run("vector", "restore", "--global", "--timestamp", "20250721_113010");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no backup folder");
    }

    private static void assertUsage(CliRunner.Result r, String mentions) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(mentions);
    }

    private List<Path> csvFiles() throws IOException {
        Path dir = dataDir.resolve("vector_bak");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".tmp")).toList();
        }
    }

    /** A digest of both tables' full contents. */
    @Test
    void givenAnUnreadableManifest_whenListedAndVerified_thenTheSetIsDamagedAndVerifyExitsOneWithTheReason()
            throws Exception {
        String bad = JSON.readTree(cli.run("vector", "backup", "--json").out()).get("backup_timestamp").asText();
        String good = JSON.readTree(cli.run("vector", "backup", "--json").out()).get("backup_timestamp").asText();
        Files.writeString(dataDir.resolve("vector_bak").resolve("manifest_" + bad + ".json"), "garbage");

        CliRunner.Result list = cli.run("vector", "list", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        JsonNode sets = JSON.readTree(list.out()).at("/backup_locations/0/backups");
        assertThat(sets).hasSize(2);
        assertThat(sets.toString()).contains(good);
        JsonNode damaged = sets.get(0).get("timestamp").asText().equals(bad) ? sets.get(0) : sets.get(1);
        assertThat(damaged.get("state").asText()).isEqualTo("damaged");
        assertThat(cli.run("vector", "list").out()).contains("damaged").contains("unreadable");

        CliRunner.Result verify = cli.run("vector", "verify", "--global", "--timestamp", bad, "--json");
        assertThat(verify.code()).isEqualTo(1);
        JsonNode error = JSON.readTree(verify.out());
        assertThat(error.get("success").asBoolean()).isFalse();
        assertThat(error.get("error").asText()).contains("damaged").contains("unreadable");
        assertThat(verify.err()).contains("damaged");
    }

    @Test
    void givenADataDirectoryThatCannotHoldBackups_whenBackingUpWithJson_thenStdoutStillCarriesAJsonErrorDocument()
            throws Exception {
        Path notADirectory = Files.writeString(dataDir.resolve("plain-file"), "x");
        CliRunner broken = new CliRunner(Map.of("PIPELINE_DB_URL", db.jdbcUrlWithCredentials(), "PIPELINE_DATA_DIR",
                notADirectory.toString()));

        CliRunner.Result r = broken.run("vector", "backup", "--json");

        assertThat(r.code()).isEqualTo(1);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("success").asBoolean()).isFalse();
        assertThat(doc.get("error").asText()).contains("vector_bak");
        assertThat(fingerprint()).isNotNull();
    }

    static String fingerprint() {
        return db.queryString("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM ("
                + "SELECT c::text AS t FROM langchain_pg_collection c UNION ALL SELECT e::text FROM langchain_pg_embedding e) x");
    }

    private static void psql(String command) throws Exception {
        String bin = Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/psql")) ? "/usr/lib/postgresql/15/bin/psql"
                : "psql";
        ProcessBuilder pb = new ProcessBuilder(bin, "-X", "-q", "-h", db.host(), "-p", String.valueOf(db.port()), "-U",
                db.user(), "-d", db.name(), "-v", "ON_ERROR_STOP=1", "-c", command).redirectErrorStream(true);
        if (db.password() != null) {
            pb.environment().put("PGPASSWORD", db.password());
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    static void insert(Connection c, String id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO langchain_pg_embedding (id, collection_id, embedding, "
                + "document) VALUES (?, '" + C_SQL + "', '[1,2,3]', 'concurrent')")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }
}
