package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.out.LanguageModel.Theme;
import io.datapipeline.core.port.out.QuestionSqlPair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
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
