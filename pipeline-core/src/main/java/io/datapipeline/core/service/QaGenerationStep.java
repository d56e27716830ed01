package io.datapipeline.core.service;

import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code qa_generation}: the language model derives {@code theme_count} analysis themes from the table documents, then
 * {@code questions_per_theme} question-SQL pairs per theme, up to {@code max_concurrent_themes} themes at once
 * ({@link ThemeGeneration}); written as {@code qs_<db>_<YYYYMMDD_HHMMSS>_pair.json} (the themes' order),
 * {@code metadata.txt} and {@code metadata_detail.md} (the original's description of the {@code metadata} table, which
 * {@code training_load} loads as documentation). Each theme's pairs are recorded as soon as they are done, so a
 * resumed execution asks only for the themes that did not finish. A theme whose answers stay unusable fails alone
 * ({@code continue_on_theme_error}, the default) or fails the step; the step fails when no pair came out. The SQL text
 * is kept as the model wrote it (only a final {@code ;} is added): collapsing its whitespace would corrupt string
 * literals and comments.
 */
final class QaGenerationStep implements WorkflowStep {

    static final int THEMES = GenerationOptions.DEFAULTS.themes().themeCount();
    static final int QUESTIONS_PER_THEME = GenerationOptions.DEFAULTS.themes().questionsPerTheme();
    static final int MAX_DOC_CHARS = 60_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final TaskWorkspace workspace;
    private final Optional<LanguageModel> model;
    private final Clock clock;
    private final LlmWork work;

    QaGenerationStep(TaskWorkspace workspace, Optional<LanguageModel> model, Clock clock) {
        this(workspace, model, clock, LlmWork.SEQUENTIAL);
    }

    QaGenerationStep(TaskWorkspace workspace, Optional<LanguageModel> model, Clock clock, LlmWork work) {
        this.workspace = workspace;
        this.model = model;
        this.clock = clock;
        this.work = work;
    }

    @Override
    public StepName name() {
        return StepName.QA_GENERATION;
    }

    /** A task without a business database (made from a directory of training files) has nothing to generate from. */
    @Override
    public boolean enabledFor(TaskParameters parameters) {
        return parameters.businessDatabase() != null;
    }

    @Override
    public StepOutcome run(StepContext ctx) {
        long t0 = System.nanoTime();
        LanguageModel llm = model.orElseThrow(() -> new StepFailure("qa_generation needs a language model: set "
                + "PIPELINE_LLM_BASE_URL and PIPELINE_LLM_MODEL (and PIPELINE_LLM_API_KEY if the endpoint wants one)"));
        TaskId id = ctx.task().id();
        String docs = documents(id);
        if (docs.isEmpty()) {
            throw new StepFailure("no *_detail.md documents in the task directory; run ddl_generation first");
        }
        boolean resume = ctx.execution() != null && ctx.execution().request().mode() == ExecutionMode.RESUME;
        if (!resume) {
            work.checkpoints().clear(id, StepName.QA_GENERATION);
        }
        String context = ctx.task().parameters().businessContext();
        GenerationOptions.Themes options = ctx.task().parameters().generation().themes();
        int parallelism = Math.min(options.maxConcurrentThemes(), work.llmConcurrency());
        if (parallelism < options.maxConcurrentThemes()) {
            String w = "max_concurrent_themes " + options.maxConcurrentThemes() + " is above PIPELINE_LLM_CONCURRENCY "
                    + work.llmConcurrency() + "; " + parallelism + " run at once";
            ctx.log().warn("qa_generation", w);
            ctx.monitor().warning(w);
        }
        ThemeGeneration.Generated g;
        try {
            g = new ThemeGeneration(llm, work.units(), clock).run(new ThemeGeneration.Job(context, docs, options,
                    parallelism, new TableDocumentation.Checkpointing(id, work.checkpoints(), resume), ctx.monitor(),
                    new ThemeGeneration.TaskLogLines() {
                        @Override
                        public void info(String message) {
                            ctx.log().info("qa_generation", message);
                        }

                        @Override
                        public void error(String message) {
                            ctx.log().error("qa_generation", message);
                        }
                    }));
        } catch (ThemeGeneration.NoThemes | ThemeGeneration.ThemeFailed e) {
            throw new StepFailure(e.getMessage(), e);
        }
        if (g.pairs().isEmpty()) {
            throw new StepFailure("no question-SQL pair was generated (every theme failed; see data_pipeline.log)");
        }
        String dbName = ctx.task().dbName() == null ? "db" : ctx.task().dbName().replaceAll("[^A-Za-z0-9_]", "_");
        String file = "qs_" + dbName + "_" + STAMP.format(LocalDateTime.now(clock)) + "_pair.json";
        // a re-run replaces the previous pairs file instead of adding another one next to it
        for (TaskWorkspace.FileInfo f : workspace.list(id)) {
            if (f.name().startsWith("qs_") && f.name().endsWith("_pair.json") && !f.name().equals(file)) {
                workspace.delete(id, f.name());
                ctx.log().info("qa_generation", "removed " + f.name() + " from a previous run");
            }
        }
        workspace.writeJson(id, file, pairsJson(g.pairs()));
        workspace.writeText(id, "metadata.txt", metadata(g.themes(), context, ctx.task().dbName(), clock));
        workspace.writeText(id, "metadata_detail.md", metadataDetail(g.themes()));
        ctx.log().info("qa_generation", "wrote " + g.pairs().size() + " pairs to " + file);
        return StepOutcome.ok(new StepResult.QaGeneration(file, g.pairs().size(), g.themes().size(),
                g.results().stream().filter(StepResult.Theme::success).count(), g.results(),
                StepContext.elapsedSeconds(t0)));
    }

    /** The pairs file's content: {@code [{"question", "sql"}]}. */
    static List<Object> pairsJson(List<QuestionSqlPair> pairs) {
        List<Object> json = new ArrayList<>();
        for (QuestionSqlPair p : pairs) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("question", p.question());
            item.put("sql", p.sql());
            json.add(item);
        }
        return json;
    }

    private String documents(TaskId id) {
        return documents(workspace.list(id), name -> workspace.readText(id, name));
    }

    /**
     * The tables' {@code *_detail.md} files by name, concatenated, cut at {@value #MAX_DOC_CHARS} characters; the
     * {@code metadata_detail.md} an earlier run of this step wrote is no table's and is left out (it would change what a
     * re-run asks).
     */
    static String documents(List<TaskWorkspace.FileInfo> files, java.util.function.Function<String, Optional<String>> read) {
        StringBuilder sb = new StringBuilder();
        for (TaskWorkspace.FileInfo f : files) {
            if (f.name().endsWith("_detail.md") && !f.name().equals("metadata_detail.md")) {
                read.apply(f.name()).ifPresent(t -> sb.append(t).append('\n'));
            }
        }
        return sb.length() > MAX_DOC_CHARS ? sb.substring(0, MAX_DOC_CHARS) : sb.toString();
    }

    static QuestionSqlPair normalise(QuestionSqlPair p) {
        String q = p.question().replaceAll("\\s+", " ").strip();
        String sql = p.sql().strip();
        if (!sql.endsWith(";")) {
            sql = sql + ";";
        }
        return new QuestionSqlPair(q, sql);
    }

    static String metadata(List<LanguageModel.Theme> themes, String context, String dbName, Clock clock) {
        StringBuilder s = new StringBuilder("-- Analysis themes generated by the data pipeline\n-- Business context: ")
                .append(DdlRenderer.clean(context)).append("\n-- Generated: ")
                .append(LocalDateTime.now(clock).withNano(0)).append("\n-- Database: ").append(dbName).append("\n\n")
                .append("CREATE TABLE IF NOT EXISTS metadata (\n    id SERIAL PRIMARY KEY,\n    topic_name VARCHAR(100) NOT NULL,\n"
                        + "    description TEXT,\n    related_tables TEXT[],\n    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n);\n\n");
        for (LanguageModel.Theme t : themes) {
            s.append("INSERT INTO metadata (topic_name, description, related_tables) VALUES (")
                    .append(sqlString(t.name())).append(", ").append(sqlString(t.description())).append(", ARRAY[")
                    .append(String.join(", ", t.tables().stream().map(QaGenerationStep::sqlString).toList()))
                    .append("]::text[]);\n");
        }
        return s.toString();
    }

    /**
     * {@code metadata_detail.md}, line for line the original's ({@code qs_agent.py}
     * {@code _generate_metadata_md_file}). The examples are the first two tables of each theme, first two of
     * those overall (the original takes them out of a Python set, so its order is arbitrary; ours is the
     * themes' order). Our themes carry no business entities or metrics, so those two examples are the
     * original's placeholders for themes without them.
     */
    static String metadataDetail(List<LanguageModel.Theme> themes) {
        Set<String> tables = new LinkedHashSet<>();
        for (LanguageModel.Theme t : themes) {
            tables.addAll(t.tables().subList(0, Math.min(2, t.tables().size())));
        }
        String tablesExample = tables.isEmpty() ? "数据表1, 数据表2"
                : String.join(", ", tables.stream().limit(2).toList());
        return "## metadata（存储分析主题元数据）\n\n"
                + "`metadata` 主要描述了当前数据库包含了哪些数据内容，哪些分析主题，哪些指标等等。\n\n"
                + "字段列表：\n\n"
                + "- `id` (serial) - 主键ID [主键, 非空]\n"
                + "- `topic_name` (varchar(100)) - 业务主题名称 [非空]\n"
                + "- `description` (text) - 业务主题说明\n"
                + "- `related_tables` (text[]) - 涉及的数据表 [示例: " + tablesExample + "]\n"
                + "- `biz_entities` (text[]) - 主要业务实体名称 [示例: 业务实体1, 业务实体2, 业务实体3]\n"
                + "- `biz_metrics` (text[]) - 主要业务指标名称 [示例: 业务指标1, 业务指标2, 业务指标3]\n"
                + "- `created_at` (timestamp) - 插入时间 [默认值: `CURRENT_TIMESTAMP`]\n\n"
                + "字段补充说明：\n\n"
                + "- `id` 为主键，自增；\n"
                + "- `related_tables` 用于建立主题与具体明细表的依赖关系；\n"
                + "- `biz_entities` 表示主题关注的核心对象，例如服务区、车辆、公司；\n"
                + "- `biz_metrics` 表示该主题关注的业务分析指标，例如营收对比、趋势变化、占比结构等。\n";
    }

    private static String sqlString(String s) {
        return "'" + (s == null ? "" : s.replace("'", "''")) + "'";
    }
}
