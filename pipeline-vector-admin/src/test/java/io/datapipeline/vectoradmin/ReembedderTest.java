package io.datapipeline.vectoradmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.ResultKind;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.ReembedReport;
import io.datapipeline.core.port.in.ReembedVectorStoreCommand;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.fakes.InMemoryVectorTableStore;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A re-embed with the fakes: what it embeds, keeps, rewrites and refuses; its resume cache. */
class ReembedderTest {

    private static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    private static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");
    private static final String SQL = "11111111-1111-4111-8111-111111111111";
    private static final String DDL = "22222222-2222-4222-8222-222222222222";
    private static final String OLD = "{\"embedding\": {\"provider\": \"openai\", \"model\": \"old\", \"dimension\": 3}}";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private InMemoryVectorTableStore store;
    private VectorAdminService service;

    /** A model that counts the texts it embeds and can be told to fail after some. */
    static final class Model implements EmbeddingModel {
        final int dimension;
        final List<String> embedded = new ArrayList<>();
        int failAfter = Integer.MAX_VALUE;

        Model(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public String describe() {
            return "test/new";
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            if (embedded.size() + texts.size() > failAfter) {
                throw new PipelineException("the endpoint answered 503");
            }
            embedded.addAll(texts);
            List<float[]> out = new ArrayList<>();
            for (String t : texts) {
                float[] v = new float[dimension];
                v[0] = t.length();
                v[dimension - 1] = 1;
                out.add(v);
            }
            return out;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public EmbeddingProvenance provenance() {
            return EmbeddingProvenance.of("test", "new", dimension);
        }
    }

    @BeforeEach
    void setUp() {
        store = new InMemoryVectorTableStore().withLangChainTables();
        store.create(EMBEDDING, List.of(new TableShape.Column("id", "character varying", true),
                new TableShape.Column("collection_id", "uuid", false),
                new TableShape.Column("embedding", "vector(3)", false),
                new TableShape.Column("document", "character varying", false),
                new TableShape.Column("cmetadata", "jsonb", false)), List.of("id"));
        store.insert(COLLECTION, Arrays.asList(SQL, "sql", OLD));
        store.insert(COLLECTION, Arrays.asList(DDL, "ddl", OLD));
        for (int i = 0; i < 150; i++) {
            store.insert(EMBEDDING, Arrays.asList(String.format("q%03d-sql", i), SQL, "[0.1,0.2,0.3]", "question " + i,
                    "{}"));
        }
        store.insert(EMBEDDING, Arrays.asList("t1-ddl", DDL, "[0.1,0.2,0.3]", "CREATE TABLE t1 (x int);", "{}"));
        store.insert(EMBEDDING, Arrays.asList("t2-ddl", DDL, "[0.1,0.2,0.3]", "question 7", "{}"));
        service = new VectorAdminService(store, VectorTables.langchainDefaults(), new DataDirectory(dataDir), CLOCK,
                io.datapipeline.core.vector.BackupDefaults.of("test"), id -> false, Runnable::run, choice -> {
                    assertThat(choice.provider()).isEqualTo("test");
                    return current;
                });
    }

    /** The model the service builds for the next re-embed. */
    private Model current;

    private ReembedReport reembed(Model model, boolean dryRun, String... collections) {
        current = model;
        return service.reembed(new ReembedVectorStoreCommand(List.of(collections), dryRun,
                new io.datapipeline.core.vector.EmbeddingModelChoice("test", "new", model.dimension, null), Duration.ZERO,
                null));
    }

    private Path cache(Model m) {
        return ReembedCache.fileOf(dataDir, m.provenance());
    }

    @Test
    void givenAStoreOfAnotherModel_whenReembedded_thenEveryRowHasTheNewVectorTheColumnTheNewTypeAndTheNewModelIsRecorded() {
        Model model = new Model(5);

        ReembedReport r = reembed(model, false);

        assertThat(r.kind()).as(String.valueOf(r.ending().error())).isEqualTo(ResultKind.OK);
        assertThat(r.ending().outcome()).isEqualTo(CommitOutcome.COMMITTED);
        assertThat(r.scope().documents()).isEqualTo(152);
        assertThat(r.scope().texts()).as("'question 7' is in both collections: embedded once").isEqualTo(151);
        assertThat(model.embedded).hasSize(151).doesNotHaveDuplicates();
        assertThat(r.counts()).isEqualTo(new ReembedReport.Counts(151, 0, 0));
        assertThat(r.rewrite().collections()).containsEntry("sql", 150L).containsEntry("ddl", 2L);
        assertThat(r.rewrite().column()).isEqualTo(new ReembedReport.ColumnChange("vector(3)", "vector(5)"));
        assertThat(r.models().before().get("sql").model()).isEqualTo("old");
        assertThat(store.rows(EMBEDDING)).allSatisfy(row -> assertThat(row.get(2).split(",")).hasSize(5));
        assertThat(store.rows(COLLECTION)).allSatisfy(row -> assertThat(row.get(2)).contains("\"model\": \"new\"")
                .contains("\"dimension\": 5").contains("2025-07-21T11:30:10Z"));
        assertThat(r.backup().timestamp()).isEqualTo("20250721_113010");
        assertThat(dataDir.resolve("vector_bak").resolve("langchain_pg_embedding_20250721_113010.csv")).exists();
        assertThat(cache(model)).as("the cache is dropped once its vectors are committed").doesNotExist();
        assertThat(r.ending().nextSteps()).anySatisfy(s -> assertThat(s).contains("PIPELINE_EMBEDDING_MODEL=new"))
                .anySatisfy(s -> assertThat(s).contains("assistant's query embedding model"))
                .anySatisfy(s -> assertThat(s).contains("pipeline vector restore --global --timestamp 20250721_113010 "
                        + "--truncate-before-restore"));
        assertThat(io.datapipeline.wire.ReembedShapes.reembed(r)).containsEntry("documents", 152L)
                .containsEntry("backup_timestamp", "20250721_113010").containsKeys("model_before", "model_after",
                        "column_type", "rewritten", "next_steps");

        ReembedReport again = reembed(new Model(5), false);

        assertThat(again.rewrite()).as("a run after the commit has nothing to do").isNull();
        assertThat(again.ending().warnings()).anySatisfy(w -> assertThat(w).contains("already"));
        assertThat(again.kind()).isEqualTo(ResultKind.OK);
    }

    @Test
    void givenADryRun_whenAsked_thenItCountsAndEstimatesFromASampleAndChangesNothing() {
        List<List<String>> before = store.rows(EMBEDDING);
        Model model = new Model(5);

        ReembedReport r = reembed(model, true);

        assertThat(r.ending().dryRun()).isTrue();
        assertThat(r.kind()).isEqualTo(ResultKind.OK);
        assertThat(r.estimate().toEmbed()).isEqualTo(151);
        assertThat(r.estimate().sampleTexts()).isEqualTo(Reembedder.SAMPLE);
        assertThat(model.embedded).hasSize(Reembedder.SAMPLE);
        assertThat(r.backup()).isNull();
        assertThat(store.rows(EMBEDDING)).isEqualTo(before);
        assertThat(dataDir.resolve("vector_bak")).doesNotExist();
        assertThat(cache(model)).doesNotExist();
    }

    @Test
    void givenAModelThatFailsHalfway_whenRunAgain_thenOnlyWhatIsLeftIsEmbeddedAndTheStoreWasUntouchedMeanwhile() {
        List<List<String>> before = store.rows(EMBEDDING);
        Model failing = new Model(5);
        failing.failAfter = 100;

        ReembedReport failed = reembed(failing, false);

        assertThat(failed.kind()).isEqualTo(ResultKind.FAILED);
        assertThat(failed.ending().error()).contains("the store was not touched").contains("64 text(s)")
                .contains("run the same command again");
        assertThat(store.rows(EMBEDDING)).isEqualTo(before);
        assertThat(dataDir.resolve("vector_bak")).as("no set is begun before the texts are embedded").doesNotExist();
        ReembedReport dry = reembed(new Model(5), true);
        assertThat(dry.counts().fromCache()).isEqualTo(64);
        assertThat(dry.estimate().toEmbed()).isEqualTo(151 - 64);

        Model healthy = new Model(5);
        ReembedReport r = reembed(healthy, false);

        assertThat(r.kind()).isEqualTo(ResultKind.OK);
        assertThat(r.counts()).isEqualTo(new ReembedReport.Counts(151 - 64, 64, 0));
        assertThat(healthy.embedded).hasSize(151 - 64).doesNotContainAnyElementsOf(failing.embedded);
    }

    @Test
    void givenATornLastRecord_whenTheCacheIsOpened_thenTheWholeRecordsAreKeptAndTheTornOneIsCutOff() throws IOException {
        EmbeddingProvenance p = EmbeddingProvenance.of("test", "new", 4);
        Path file = ReembedCache.fileOf(dataDir, p);
        try (ReembedCache c = ReembedCache.open(file, p)) {
            c.append(List.of(ReembedCache.key("a"), ReembedCache.key("b")), List.of(new float[] {1, 2, 3, 4},
                    new float[] {5, 6, 7, 8}));
        }
        long whole = Files.size(file);
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);

        try (ReembedCache c = ReembedCache.open(file, p)) {
            assertThat(c.size()).isEqualTo(2);
            assertThat(c.get(ReembedCache.key("b"))).containsExactly(5, 6, 7, 8);
            assertThat(Files.size(file)).isEqualTo(whole);
            c.append(List.of(ReembedCache.key("c")), List.of(new float[] {9, 9, 9, 9}));
        }
        assertThat(ReembedCache.keysIn(file, p)).containsExactlyInAnyOrder(ReembedCache.key("a"), ReembedCache.key("b"),
                ReembedCache.key("c"));
        assertThat(ReembedCache.keysIn(file, EmbeddingProvenance.of("test", "other", 4))).as("another model's file")
                .isEmpty();
    }

    @Test
    void givenAFixedDimensionColumn_whenOnlySomeCollectionsAreNamed_thenItIsRefusedBeforeAnythingIsEmbeddedOrChanged() {
        List<List<String>> before = store.rows(EMBEDDING);
        Model model = new Model(5);

        assertThatThrownBy(() -> reembed(model, false, "sql")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("vector(3)").hasMessageContaining("--collections [sql]")
                .hasMessageContaining("leave --collections out");
        assertThatThrownBy(() -> reembed(model, false, "nope")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no collection named [nope]");
        assertThat(model.embedded).isEmpty();
        assertThat(store.rows(EMBEDDING)).isEqualTo(before);
    }

    @Test
    void givenTheSameDimension_whenOneCollectionIsReembedded_thenOnlyItsRowsChangeAndTheOtherKeepsItsModelWithAWarning() {
        Model model = new Model(3);

        ReembedReport r = reembed(model, false, "ddl");

        assertThat(r.kind()).isEqualTo(ResultKind.OK);
        assertThat(r.rewrite().collections()).containsExactly(java.util.Map.entry("ddl", 2L));
        assertThat(r.rewrite().column()).isNull();
        assertThat(model.embedded).containsExactlyInAnyOrder("CREATE TABLE t1 (x int);", "question 7");
        assertThat(store.rows(EMBEDDING)).filteredOn(row -> row.get(1).equals(SQL))
                .allSatisfy(row -> assertThat(row.get(2)).isEqualTo("[0.1,0.2,0.3]"));
        assertThat(r.ending().warnings()).anySatisfy(w -> assertThat(w).contains("collection 'sql' is not re-embedded"));
    }
}
