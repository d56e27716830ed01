package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store stays what the assistant (Vanna's PG_VectorStore on langchain_postgres) can read: created when
 * missing, no duplicates on reload, one embedding model and dimension, read back with the queries PGVector issues.
 */
@ExtendWith(PostgresExtension.class)
class AssistantStoreIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmbeddingProvenance OTHER_MODEL = EmbeddingProvenance.of("openai", "text-embedding-3-small", 16);

    @TempDir
    Path dataDir;

    private TestDatabase db;
    private StoreFixture store;

    @BeforeEach
    void setUp(TestDatabase database) {
        db = database;
        StoreFixture.seed(db, 20);
        store = new StoreFixture(db.jdbcUrlWithCredentials(), dataDir, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private ReloadReport load(boolean truncate, TruncateScope scope, List<TrainingItem> items, EmbeddingProvenance p) {
        return store.service.reload(new ReloadVectorStoreCommand(new TaskId("t_store"), "exec_store", truncate, truncate,
                scope, items, p, Duration.ZERO, TransferProgress.NONE));
    }

    /** What PGVector asks: the collection by name, then its rows ordered by cosine distance to the query. */
    private List<String> search(String collection, float[] query, int k) throws Exception {
        StringBuilder q = new StringBuilder("[");
        for (int i = 0; i < query.length; i++) {
            q.append(i == 0 ? "" : ",").append(query[i]);
        }
        String sql = "SELECT e.document, e.cmetadata->>'id', e.id FROM langchain_pg_embedding e JOIN langchain_pg_collection c "
                + "ON e.collection_id = c.uuid WHERE c.name = ? ORDER BY e.embedding <=> ?::vector LIMIT ?";
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, collection);
            ps.setString(2, q.append("]").toString());
            ps.setInt(3, k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString(2)).as("cmetadata.id equals id (remove_training_data relies on it)")
                            .isEqualTo(rs.getString(3));
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void givenADatabaseWithoutTheLangChainTablesOrTheExtension_whenLoading_thenTheyAreCreatedAndPgVectorCanSearch()
            throws Exception {
        db.execute("DROP TABLE langchain_pg_embedding, langchain_pg_collection", "DROP EXTENSION vector");
        List<TrainingItem> items = StoreFixture.items(12);

        ReloadReport report = load(false, TruncateScope.TABLE, items, StoreFixture.MODEL);

        assertThat(report.success()).as(report.error()).isTrue();
        assertThat(report.created()).contains("extension vector", "table langchain_pg_collection",
                "table langchain_pg_embedding", "collection sql", "collection ddl");
        assertThat(db.queryString("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_cmetadata_gin'"))
                .contains("gin (cmetadata jsonb_path_ops)");
        assertThat(db.queryString("SELECT confdeltype FROM pg_constraint WHERE contype = 'f' AND conrelid = "
                + "'langchain_pg_embedding'::regclass")).isEqualTo("c");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_collection WHERE cmetadata IS NULL")).isZero();
        assertThat(db.queryString("SELECT cmetadata::jsonb -> 'embedding' ->> 'model' FROM langchain_pg_collection "
                + "WHERE name = 'sql'")).isEqualTo("fixed-v1");
        TrainingItem first = items.get(1);
        List<String> hits = search("sql", first.embedding(), 3);
        assertThat(hits).first().isEqualTo(first.document());
        assertThat(first.id()).endsWith("-sql");
        JsonNode doc = JSON.readTree(hits.get(0));
        assertThat(doc.has("question") && doc.has("sql")).as("Vanna parses the document as {question, sql}").isTrue();
    }

    @Test
    void givenALoadedStore_whenTheSameItemsAreLoadedAgainWithoutFlags_thenNothingIsDuplicatedAndSkipsAreReported() {
        List<TrainingItem> items = StoreFixture.items(12);
        assertThat(load(false, TruncateScope.TABLE, items, StoreFixture.MODEL).success()).isTrue();
        long rows = db.queryLong("SELECT count(*) FROM langchain_pg_embedding");

        ReloadReport again = load(false, TruncateScope.TABLE, items, StoreFixture.MODEL);

        assertThat(again.success()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(rows);
        assertThat(db.queryLong("SELECT count(*) FROM (SELECT collection_id, document FROM langchain_pg_embedding "
                + "GROUP BY 1, 2 HAVING count(*) > 1) d")).isZero();
        assertThat(again.totalInserted()).isZero();
        assertThat(again.loaded().get("sql").skippedExisting()).isEqualTo(9);
        assertThat(again.loaded().get("ddl").skippedExisting()).isEqualTo(3);
    }

    @Test
    void givenAStoredDocumentUnderAnotherId_whenLoadedWithoutFlags_thenItIsSkippedAsExisting() {
        TrainingItem item = StoreFixture.items(2).get(1);
        db.execute("INSERT INTO langchain_pg_embedding VALUES ('" + java.util.UUID.randomUUID() + "-sql', '"
                + StoreFixture.C_SQL + "', array_fill(0.1::real, ARRAY[16])::vector, '" + item.document().replace("'", "''")
                + "', '{}')");

        ReloadReport report = load(false, TruncateScope.TABLE, List.of(item), StoreFixture.MODEL);

        assertThat(report.loaded().get("sql").skippedExisting()).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE document = '"
                + item.document().replace("'", "''") + "'")).isEqualTo(1);
    }

    @Test
    void givenVectorsOfAnotherDimension_whenLoadingWithoutReplacing_thenItIsRefusedBeforeAnythingChanges()
            throws Exception {
        String before = TableDigest.store(db);
        List<TrainingItem> wide = new ArrayList<>();
        for (TrainingItem i : StoreFixture.items(4)) {
            wide.add(TrainingItem.of(i.collection(), i.document(), new float[48]));
        }

        ReloadReport report = load(false, TruncateScope.TABLE, wide, EmbeddingProvenance.of("test", "wide", 48));

        assertThat(report.refused()).isTrue();
        assertThat(report.error()).contains("16 dimensions").contains("48").contains("refused before anything changed");
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(StoreFixture.files(dataDir.resolve("t_store").resolve("vector_bak"))).isEmpty();
    }

    @Test
    void givenVectorsOfAnotherModelOfTheSameDimension_whenLoading_thenItIsRefusedNamingBothModels() {
        assertThat(load(false, TruncateScope.TABLE, StoreFixture.items(4), StoreFixture.MODEL).success()).isTrue();
        String before = TableDigest.store(db);

        ReloadReport report = load(false, TruncateScope.TABLE, StoreFixture.items(8), OTHER_MODEL);

        assertThat(report.refused()).isTrue();
        assertThat(report.error()).contains("test/fixed-v1").contains("openai/text-embedding-3-small");
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenAReplacingLoadWithANewModel_whenLoaded_thenItSucceedsAndTheNewModelIsRecorded() {
        assertThat(load(false, TruncateScope.TABLE, StoreFixture.items(4), StoreFixture.MODEL).success()).isTrue();

        ReloadReport report = load(true, TruncateScope.TABLE, StoreFixture.items(8), OTHER_MODEL);

        assertThat(report.success()).as(report.error()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(8);
        assertThat(db.queryString("SELECT string_agg(DISTINCT cmetadata::jsonb -> 'embedding' ->> 'model', ',') FROM "
                + "langchain_pg_collection WHERE name IN ('sql', 'ddl')")).isEqualTo("text-embedding-3-small");
        assertThat(db.queryString("SELECT cmetadata::jsonb -> 'embedding' ->> 'task_id' FROM langchain_pg_collection "
                + "WHERE name = 'ddl'")).isEqualTo("t_store");
    }

    @Test
    void givenAnErrorSqlCollection_whenReloadingWithScopeLoadedCollections_thenItStaysAndTheLoadedOnesAreReplaced() {
        db.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a04', 'error_sql', '{}')",
                "INSERT INTO langchain_pg_embedding SELECT 'bad-' || g || '-sql', '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a04', "
                        + "array_fill(0.2::real, ARRAY[16])::vector, 'wrong ' || g, '{}' FROM generate_series(1, 3) g");

        ReloadReport report = load(true, TruncateScope.LOADED_COLLECTIONS, StoreFixture.items(8), StoreFixture.MODEL);

        assertThat(report.success()).as(report.error()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'bad-%'")).isEqualTo(3);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'old-%'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(11);
        assertThat(report.vectorManagement().truncateScope()).isEqualTo("loaded_collections");
        assertThat(report.vectorManagement().truncateResults().get("langchain_pg_embedding").rowsAfter()).isEqualTo(3);
    }

    @Test
    void givenASetOfAnotherDimension_whenAppendingItToTheStore_thenItIsRefusedAndReplacingItIsAllowed() {
        VectorManagementReport narrow = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        List<TrainingItem> wide = new ArrayList<>();
        for (TrainingItem i : StoreFixture.items(4)) {
            wide.add(TrainingItem.of(i.collection(), i.document(), new float[48]));
        }
        assertThat(load(true, TruncateScope.TABLE, wide, EmbeddingProvenance.of("test", "wide", 48)).success()).isTrue();
        String before = TableDigest.store(db);
        BackupTimestamp ts = BackupTimestamp.parse(narrow.timestamp());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.service.restore(RestoreVectorBackupCommand.of(
                BackupLocation.global(), ts, false))).isInstanceOf(io.datapipeline.core.domain.ConflictException.class)
                .hasMessageContaining("[16]").hasMessageContaining("[48]");
        assertThat(TableDigest.store(db)).isEqualTo(before);

        RestoreReport replaced = store.service.restore(RestoreVectorBackupCommand.of(BackupLocation.global(), ts, true));
        assertThat(replaced.success()).as(replaced.errors().toString()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE vector_dims(embedding) = 48")).isZero();
    }

    @Test
    void givenABackupSet_whenListed_thenItsManifestRecordsRowsDimensionsAndModelPerCollection() {
        assertThat(load(false, TruncateScope.TABLE, StoreFixture.items(4), StoreFixture.MODEL).success()).isTrue();

        store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));

        BackupSetInfo set = store.service.list(Optional.empty(), true).locations().get(0).backups().get(0);
        BackupSetInfo.CollectionSummary sql = set.collections().stream().filter(c -> c.name().equals("sql")).findFirst()
                .orElseThrow();
        assertThat(sql.rows()).isEqualTo(23);
        assertThat(sql.dimensions()).containsEntry(16, 23L);
        assertThat(sql.embedding().model()).isEqualTo("fixed-v1");
    }

    @Test
    void givenDuplicateDocuments_whenDedupedDryRunThenApplied_thenOnlyTheApplyRemovesThemAfterABackup() throws Exception {
        db.execute("INSERT INTO langchain_pg_embedding SELECT 'dup-' || g || '-sql', '" + StoreFixture.C_SQL
                + "', array_fill(0.3::real, ARRAY[16])::vector, 'old question ' || g, '{}' FROM generate_series(1, 5) g");
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_DB_URL", db.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        CliRunner cli = new CliRunner(env);
        String before = TableDigest.store(db);

        CliRunner.Result dry = cli.run("vector", "dedupe", "--json");

        assertThat(dry.code()).as(dry.err()).isZero();
        JsonNode d = JSON.readTree(dry.out());
        assertThat(d.get("applied").asBoolean()).isFalse();
        assertThat(d.at("/duplicates/sql").asLong()).isEqualTo(5);
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(cli.run("vector", "dedupe").out()).contains("dry run: 5 duplicate row(s) would be removed");

        CliRunner.Result apply = cli.run("vector", "dedupe", "--apply", "--json");

        assertThat(apply.code()).as(apply.err()).isZero();
        JsonNode a = JSON.readTree(apply.out());
        assertThat(a.get("applied").asBoolean()).isTrue();
        assertThat(a.at("/backup/tables_backed_up/langchain_pg_embedding/row_count").asLong()).isEqualTo(26);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(21);
        assertThat(db.queryLong("SELECT count(*) FROM (SELECT collection_id, document FROM langchain_pg_embedding "
                + "GROUP BY 1, 2 HAVING count(*) > 1) x")).isZero();
        assertThat(Files.exists(dataDir.resolve("vector_bak"))).isTrue();
    }

    @Test
    void givenAnEndpointModelNameButNoEndpoint_whenTheTrainingLoadRuns_thenItFailsNamingTheSettingsAndTouchesNothing()
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_DB_URL", db.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        CliRunner cli = new CliRunner(env);
        Path tables = Files.writeString(dataDir.resolve("tables.txt"), "shop\n");
        String task = JSON.readTree(cli.run("task", "create", "--db-connection", "postgresql://a@127.0.0.1:1/b",
                "--table-list", tables.toString(), "--business-context", "x", "--no-check", "--json").out()).get("task_id")
                .asText();
        Files.writeString(dataDir.resolve(task).resolve("shop.ddl"), "CREATE TABLE shop (id int);");
        String before = TableDigest.store(db);
        env.put("PIPELINE_EMBEDDING_MODEL", "text-embedding-3-small");

        CliRunner.Result r = new CliRunner(env).run("task", "execute", "--task-id", task, "--execution-mode", "step",
                "--step-name", "training_load", "--truncate-vector-tables", "--json");

        assertThat(r.code()).isEqualTo(2);
        assertThat(JSON.readTree(r.out()).get("error").asText()).contains("PIPELINE_EMBEDDING_MODEL=text-embedding-3-small")
                .contains("PIPELINE_EMBEDDING_BASE_URL").contains("bge-small-zh-v1.5-q");
        assertThat(TableDigest.store(db)).isEqualTo(before);
        assertThat(dataDir.resolve(task).resolve("vector_bak")).doesNotExist();
    }

    @Test
    void givenAnOlderSchemaWithTwoCollectionRowsOfOneName_whenReloadingThatCollection_thenItIsRefusedAndNothingChanges() {
        db.execute("DROP TABLE langchain_pg_embedding, langchain_pg_collection");
        db.execute(io.datapipeline.postgres.testing.LangChainSchema.G1);
        db.execute("INSERT INTO langchain_pg_collection VALUES ('ffffffff-0000-4000-8000-000000000001', 'sql', '{}'), "
                + "('00000000-0000-4000-8000-000000000002', 'sql', '{}')",
                "INSERT INTO langchain_pg_embedding (uuid, collection_id, embedding, document, cmetadata, custom_id) "
                        + "SELECT gen_random_uuid(), 'ffffffff-0000-4000-8000-000000000001', array_fill(0.5::real, "
                        + "ARRAY[16])::vector, 'q ' || g, '{}', 'x' || g || '-sql' FROM generate_series(1, 5) g");
        String before = TableDigest.store(db);

        ReloadReport report = load(true, TruncateScope.LOADED_COLLECTIONS, StoreFixture.items(8), StoreFixture.MODEL);

        assertThat(report.refused()).isTrue();
        assertThat(report.error()).contains("2 collection rows are named 'sql'");
        assertThat(TableDigest.store(db)).isEqualTo(before);
    }

    @Test
    void givenJsonMetadataThatJsonbCannotHold_whenBackingUpAndReloading_thenBothWorkAndTheOtherKeysStay()
            throws Exception {
        db.execute("DROP TABLE langchain_pg_embedding, langchain_pg_collection");
        db.execute(io.datapipeline.postgres.testing.LangChainSchema.G1);
        db.execute("INSERT INTO langchain_pg_collection VALUES ('" + StoreFixture.C_SQL + "', 'sql', "
                + "'{\"note\": \"a\\u0000b\"}'::json)");

        VectorManagementReport backup = store.service.backup(BackupVectorTablesCommand.of(BackupLocation.global(), false));
        ReloadReport report = load(false, TruncateScope.TABLE, StoreFixture.items(4), StoreFixture.MODEL);

        assertThat(backup.success()).as(backup.errors().toString()).isTrue();
        assertThat(report.success()).as(report.error()).isTrue();
        String meta = db.queryString("SELECT cmetadata::text FROM langchain_pg_collection WHERE name = 'sql'");
        assertThat(meta).contains("\\u0000").contains("fixed-v1");
    }
}
