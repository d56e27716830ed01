package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.FakeEmbeddingModel;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.InMemoryVectorStoreReader;
import io.datapipeline.core.port.in.EvaluateRetrievalCommand;
import io.datapipeline.core.port.in.SearchVectorStoreCommand;
import io.datapipeline.core.retrieval.RetrievalEvaluation;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetrievalEvaluationServiceTest {

    private final TaskId id = new TaskId("task_20250721_113010");
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace();
    private final FakeEmbeddingModel embedder = new FakeEmbeddingModel(8);
    private final InMemoryVectorStoreReader store = new InMemoryVectorStoreReader();
    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);

    private static final String Q1 = "How many orders per shop?";
    private static final String S1 = "SELECT shop_id, count(*) FROM sales_order GROUP BY 1";
    private static final String Q2 = "Orders per shop last week?";
    private static final String S2 = "SELECT shop_id, count(*) FROM sales_order WHERE day > now() - interval '7 days' GROUP BY 1";

    @BeforeEach
    void task() {
        ws.create(id);
        ws.writeText(id, "sales_order.ddl", "create table public.sales_order (id int, shop_id int);");
        ws.writeText(id, "shop.ddl", "create table public.shop (shop_id int);");
        ws.writeJson(id, "qs_demo_pair.json", List.of(Map.of("question", Q1, "sql", S1), Map.of("question", Q2, "sql", S2)));
        EmbeddingProvenance recorded = embedder.provenance().recorded("2025-07-21T11:00:00Z", id.value());
        store.collection("ddl", recorded).collection("documentation", recorded).collection("sql", recorded)
                .add("ddl", "o-ddl", "create table public.sales_order (id int, shop_id int)", vector(Q1))
                .add("ddl", "s-ddl", "create table public.shop (shop_id int)", vector("shop"))
                .add("documentation", "d", "sales_order: one row per order", vector(Q2))
                .add("sql", rowId(Q1, S1), "{}", vector(Q1)).add("sql", rowId(Q2, S2), "{}", vector(Q2));
    }

    private float[] vector(String text) {
        return embedder.embed(List.of(text)).get(0);
    }

    private static String rowId(String q, String sql) {
        return TrainingItem.contentId("sql", JsonText.questionSql(q, sql));
    }

    private void validated() {
        StepResult.SqlValidation summary = new StepResult.SqlValidation("qs_demo_pair.json", 2, 2, 0, 0, 0, List.of(), 1.0,
                false, null, "x.log", 0.1);
        ws.writeJson(id, "sql_validation_20250721_112000_report.json", new StepResult.SqlValidationReport(summary,
                List.of(), List.of(new StepResult.SqlTables(0, S1 + ";", List.of("public.sales_order")),
                        new StepResult.SqlTables(1, S2, List.of("public.sales_order")))));
    }

    private RetrievalEvaluationService service() {
        return new RetrievalEvaluationService(ws, store, embedder, clock);
    }

    @Test
    void givenNoTaskId_whenEvaluating_thenTheStoresRecordedTaskIsAskedAndTheResultIsKeptAndListed() {
        validated();

        RetrievalEvaluation e = service().evaluate(new EvaluateRetrievalCommand(Optional.empty(), 1));

        assertThat(e.taskId()).isEqualTo(id.value());
        assertThat(e.file()).isEqualTo("retrieval_evaluation_20250721_113010.json");
        assertThat(e.measure().figures().questions()).isEqualTo(2);
        assertThat(e.measure().figures().evaluated()).isEqualTo(2);
        // Q1 meets its own DDL first (the same vector); each pair finds the other (itself left out)
        assertThat(e.measure().figures().sqlMatch()).isEqualTo(1.0);
        assertThat(e.measure().figures().sqlMatchable()).isEqualTo(2);
        assertThat(e.measure().tablesWithoutQuestions()).containsExactly("public.shop");
        assertThat(ws.readJson(id, e.file())).isPresent();
        assertThat(ws.readText(id, "data_pipeline.log").orElse("")).contains("retrieval_evaluation ddl_hit@1=");
        assertThat(service().history(id)).singleElement().satisfies(h -> {
            assertThat(h.file()).isEqualTo(e.file());
            assertThat(h.figures()).isEqualTo(e.measure().figures());
        });
        assertThat(service().evaluate(new EvaluateRetrievalCommand(Optional.of(id), 1)).file())
                .isEqualTo("retrieval_evaluation_20250721_113010_2.json");
        assertThat(service().history(id)).hasSize(2);
    }

    @Test
    void givenNoValidationReport_whenEvaluating_thenItSaysToRunSqlValidation() {
        assertThatThrownBy(() -> service().evaluate(new EvaluateRetrievalCommand(Optional.of(id), 3)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("run sql_validation");
    }

    @Test
    void givenAStoreOfAnotherModel_whenEvaluatingOrSearching_thenBothModelsAreNamed() {
        validated();
        FakeEmbeddingModel other = new FakeEmbeddingModel(8).as("openai", "text-embedding-3-small");

        assertThatThrownBy(() -> new RetrievalEvaluationService(ws, store, other, clock)
                .evaluate(new EvaluateRetrievalCommand(Optional.of(id), 3))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("openai/text-embedding-3-small").hasMessageContaining(embedder.provenance().model());
        assertThatThrownBy(() -> new VectorStoreSearchService(store, other).search(new SearchVectorStoreCommand("ddl",
                "shops?", 3))).isInstanceOf(ConflictException.class).hasMessageContaining("openai/text-embedding-3-small");
        assertThat(ws.list(id)).noneMatch(f -> f.name().startsWith("retrieval_evaluation_"));
    }

    @Test
    void givenAQuestion_whenSearched_thenTheTopKComeNearestFirstWithTheModelThatEmbeddedIt() {
        var r = new VectorStoreSearchService(store, embedder).search(new SearchVectorStoreCommand("sql", Q2, 2));

        assertThat(r.hits()).extracting(h -> h.id()).containsExactly(rowId(Q2, S2), rowId(Q1, S1));
        assertThat(r.hits().get(0).similarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.model()).isEqualTo(embedder.provenance());
        assertThatThrownBy(() -> new VectorStoreSearchService(store, embedder).search(new SearchVectorStoreCommand(
                "error_sql", "x", 2))).isInstanceOf(InvalidInputException.class).hasMessageContaining("ddl, documentation, sql");
        assertThatThrownBy(() -> new VectorStoreSearchService(new InMemoryVectorStoreReader(), embedder)
                .search(new SearchVectorStoreCommand("ddl", "x", 2))).isInstanceOf(NotFoundException.class);
    }
}
