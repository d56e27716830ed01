package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.LanguageModel.Theme;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.vector.TransferProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QaGenerationStepTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-20T13:52:35Z"), ZoneOffset.UTC);
    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);

    @Test
    void givenThemes_whenQaGenerationRuns_thenMetadataDetailIsTheOriginalsFileWithOurExamples() throws IOException {
        Task task = task();
        ws.writeText(task.id(), "bss_company_detail.md", "## bss_company（公司）\n字段列表：\n- id (varchar(32)) - 主键\n");
        ScriptedLanguageModel llm = new ScriptedLanguageModel(List.of(
                new Theme("日营收分析", "每日营收", List.of("bss_business_day_data")),
                new Theme("公司管理分析", "公司与服务区", List.of("bss_company", "bss_service_area", "bss_section_route")),
                new Theme("服务区分析", "服务区", List.of("bss_service_area"))),
                List.of(new QuestionSqlPair("有多少公司？", "SELECT count(*) FROM bss_company")), null);

        StepOutcome outcome = new QaGenerationStep(ws, Optional.of(llm), clock)
                .run(new StepContext(task, null, null, new TaskLog(ws, task.id(), clock), null));

        // the file the original wrote for its task, with the examples our themes give in place of its own
        String expected = originalMetadataDetail()
                .replace("[示例: bss_service_area, bss_service_area_mapper]", "[示例: bss_business_day_data, bss_company]")
                .replace("[示例: 档口, 数据来源系统, 编码]", "[示例: 业务实体1, 业务实体2, 业务实体3]")
                .replace("[示例: 订单总数, 服务区车流排名, 公司服务区数量]", "[示例: 业务指标1, 业务指标2, 业务指标3]");
        assertThat(outcome.success()).isTrue();
        String written = ws.readText(task.id(), "metadata_detail.md").orElseThrow();
        assertThat(written).isEqualTo(expected);
        assertThat(ws.readText(task.id(), "metadata.txt")).isPresent();
        assertThat(TrainingFiles.collect(ws, task.id()).items())
                .filteredOn(i -> i.sourceFile().equals("metadata_detail.md")).singleElement().satisfies(i -> {
                    assertThat(i.collection()).isEqualTo("documentation");
                    assertThat(i.document()).isEqualTo(written.strip());
                });
    }

    @Test
    void givenThemesWithoutTables_whenTheDetailIsWritten_thenTheOriginalsPlaceholdersAreUsed() {
        String md = QaGenerationStep.metadataDetail(List.of(new Theme("t", "d", List.of())));

        assertThat(md).contains("- `related_tables` (text[]) - 涉及的数据表 [示例: 数据表1, 数据表2]\n")
                .contains("[示例: 业务实体1, 业务实体2, 业务实体3]").contains("[示例: 业务指标1, 业务指标2, 业务指标3]")
                .startsWith("## metadata（存储分析主题元数据）\n\n").endsWith("占比结构等。\n");
    }

    private static final TaskId ID = new TaskId("task_2");
    private static final String FILE = "qs_my_db_prod_20250720_135235_pair.json";

    private Task task(String dbName) {
        return new Task(ID, null, TaskStatus.IN_PROGRESS, TaskParameters.defaults(DatabaseUrl.parse(
                "postgresql://app@db/shop", "db"), "shops and cities"), dbName, "api", clock.instant(), null, null, null);
    }

    private StepOutcome run(Task task, Optional<LanguageModel> model) {
        return new QaGenerationStep(ws, model, clock).run(new StepContext(task, null, null,
                new TaskLog(ws, task.id(), clock), TransferProgress.NONE));
    }

    private void documents() {
        ws.writeText(ID, "shop_detail.md", "## public.shop\nFields:\n- id (integer)\n");
        ws.writeText(ID, "shop.ddl", "create table shop (id int);");
    }

    @Test
    void givenThemesAndPairs_whenRun_thenQuestionsAreTidiedTheSqlKeptAsWrittenAndAFailedThemeIsReportedAlone() {
        documents();
        ws.writeJson(ID, "qs_my_db_prod_20250101_000000_pair.json", List.of(Map.of("question", "old", "sql", "old")));
        ScriptedLanguageModel model = new ScriptedLanguageModel()
                .thenThemes(List.of(new Theme("Shops", "shops per city", List.of("shop")),
                        new Theme("Bob's theme", "fails", List.of("city", "shop"))))
                .thenPairs(List.of(new QuestionSqlPair("  How   many\n shops? ", "  SELECT count(*)\nFROM shop  "),
                        new QuestionSqlPair("Named?", "SELECT id FROM shop WHERE name = 'a  b';")))
                .thenUnusable("no JSON here");

        StepOutcome outcome = run(task("my-db.prod"), Optional.of(model));

        assertThat(outcome.success()).isTrue();
        assertThat(outcome.result()).isInstanceOfSatisfying(StepResult.QaGeneration.class, r -> {
            assertThat(r.outputFile()).isEqualTo(FILE);
            assertThat(r.totalQuestions()).isEqualTo(2);
            assertThat(r.totalThemes()).isEqualTo(2);
            assertThat(r.successfulThemes()).isEqualTo(1);
            assertThat(r.themes().get(0)).isEqualTo(new StepResult.Theme("Shops", 2, true, null));
            assertThat(r.themes().get(1).success()).isFalse();
            assertThat(r.themes().get(1).pairs()).isNull();
            assertThat(r.themes().get(1).error()).contains("no JSON here");
        });
        assertThat(ws.readJson(ID, FILE)).contains(List.of(
                Map.of("question", "How many shops?", "sql", "SELECT count(*)\nFROM shop;"),
                Map.of("question", "Named?", "sql", "SELECT id FROM shop WHERE name = 'a  b';")));
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).as("the previous run's pairs are replaced")
                .filteredOn(n -> n.startsWith("qs_")).containsExactly(FILE);
        assertThat(ws.readText(ID, "metadata.txt").orElseThrow())
                .contains("-- Business context: shops and cities\n").contains("-- Database: my-db.prod\n")
                .contains("VALUES ('Shops', 'shops per city', ARRAY['shop']::text[]);\n")
                .contains("VALUES ('Bob''s theme', 'fails', ARRAY['city', 'shop']::text[]);\n");
        assertThat(ws.readText(ID, "data_pipeline.log").orElseThrow())
                .contains("[ERROR] pipeline.qa_generation: theme 'Bob's theme' failed: ");
        List<String> prompts = model.prompts();
        assertThat(prompts).hasSize(3);
        assertThat(prompts.get(0)).startsWith("Business context: shops and cities\nPropose 5 themes.")
                .contains("## public.shop").doesNotContain("create table shop");
        assertThat(prompts.get(1)).contains("Theme: Shops - shops per city\nTables: [shop]\nWrite 10 question-SQL pairs.");
    }

    @Test
    void givenMoreThemesThanWanted_whenRun_thenPairsAreAskedForTheFirstFiveOnly() {
        documents();
        ScriptedLanguageModel model = new ScriptedLanguageModel(List.of(), List.of(new QuestionSqlPair("q", "SELECT 1")),
                null).thenThemes(IntStream.rangeClosed(1, 7).mapToObj(i -> new Theme("t" + i, "d", List.of())).toList());

        StepResult.QaGeneration r = (StepResult.QaGeneration) run(task("shop"), Optional.of(model)).result();

        assertThat(r.totalThemes()).isEqualTo(5);
        assertThat(r.themes()).extracting(StepResult.Theme::theme).containsExactly("t1", "t2", "t3", "t4", "t5");
        assertThat(model.prompts()).hasSize(6);
    }

    @Test
    void givenEveryThemeFails_whenRun_thenTheStepFailsAndThePreviousPairsFileIsKept() {
        documents();
        ws.writeJson(ID, "qs_shop_20250101_000000_pair.json", List.of(Map.of("question", "old", "sql", "old")));
        ScriptedLanguageModel model = new ScriptedLanguageModel().thenThemes(List.of(new Theme("a", "d", List.of())))
                .thenUnusable("nothing");

        assertThatThrownBy(() -> run(task("shop"), Optional.of(model))).isInstanceOf(StepFailure.class)
                .hasMessageContaining("no question-SQL pair was generated");
        assertThat(ws.readJson(ID, "qs_shop_20250101_000000_pair.json")).isPresent();
        assertThat(ws.readText(ID, "metadata.txt")).isEmpty();
    }

    @Test
    void givenNoModelNoDocumentsOrNoUsableThemes_whenRun_thenTheStepFailsSayingWhatToDo() {
        assertThatThrownBy(() -> run(task("shop"), Optional.empty())).isInstanceOf(StepFailure.class)
                .hasMessageContaining("needs a language model").hasMessageContaining("PIPELINE_LLM_BASE_URL");
        ws.writeText(ID, "shop.ddl", "create table shop (id int);");
        assertThatThrownBy(() -> run(task("shop"), Optional.of(new ScriptedLanguageModel())))
                .isInstanceOf(StepFailure.class).hasMessageContaining("run ddl_generation first");
        documents();
        assertThatThrownBy(() -> run(task("shop"), Optional.of(new ScriptedLanguageModel().thenUnusable("?"))))
                .isInstanceOf(StepFailure.class).hasMessageContaining("no usable themes");
    }

    private Task task() {
        return new CreateTaskService(repo, ws, clock).create(new CreateTaskCommand(TaskParameters.defaults(
                DatabaseUrl.parse("postgresql://app@db/highway_db", "db"), "高速公路服务区管理系统"), null, null,
                "bss_company", "task", Optional.empty(), "api"));
    }

    private static String originalMetadataDetail() throws IOException {
        try (InputStream in = QaGenerationStepTest.class.getResourceAsStream(
                "/original-trainer/training_data_manual_20250720_134836/metadata_detail.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
