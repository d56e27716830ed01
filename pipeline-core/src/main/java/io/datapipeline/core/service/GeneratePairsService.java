package io.datapipeline.core.service;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.in.GeneratePairsCommand;
import io.datapipeline.core.port.in.GeneratePairsUseCase;
import io.datapipeline.core.port.out.FileFolders;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pipeline qa generate}: the {@link ThemeGeneration} of {@code qa_generation} on the documents of a folder, or
 * of a task's directory (with the task's business context, database name and options, under the task's lock), the
 * pairs written where asked.
 */
public final class GeneratePairsService implements GeneratePairsUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratePairsService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final FileFolders folders;
    private final java.util.function.Supplier<Optional<TaskRepository>> tasks;
    private final TaskWorkspace workspace;
    private final Optional<LanguageModel> model;
    private final LlmWork work;
    private final GenerationOptions defaults;
    private final Clock clock;

    /**
     * @param tasks the task records, asked for only for a task (empty when there is no metadata database), so a run on
     *              a folder never connects to one
     */
    public GeneratePairsService(FileFolders folders, java.util.function.Supplier<Optional<TaskRepository>> tasks,
            TaskWorkspace workspace,
            Optional<LanguageModel> model, LlmWork work, GenerationOptions defaults, Clock clock) {
        this.folders = folders;
        this.tasks = tasks;
        this.workspace = workspace;
        this.model = model;
        this.work = work;
        this.defaults = defaults;
        this.clock = clock;
    }

    @Override
    public Generated generate(GeneratePairsCommand cmd) {
        LanguageModel llm = model.orElseThrow(() -> InvalidInputException.missing("PIPELINE_LLM_BASE_URL",
                "qa generate needs a language model: set PIPELINE_LLM_BASE_URL and PIPELINE_LLM_MODEL"));
        if (cmd.taskId().isEmpty()) {
            String in = folders.folder(cmd.inputDirectory().get(), "input_dir", false);
            return run(cmd, llm, in, null);
        }
        TaskId id = cmd.taskId().get();
        TaskRepository repository = tasks.get().orElseThrow(() -> InvalidInputException.missing("PIPELINE_DB_URL",
                "--task-id needs the metadata database (PIPELINE_DB_URL); give --input-dir for a folder instead"));
        Task task = repository.find(id).orElseThrow(() -> new NotFoundException("task " + id + " does not exist"));
        try (TaskRepository.TaskLock lock = repository.tryLock(id).orElseThrow(() -> new BusyException("task " + id
                + " is being executed; generate its pairs when the execution has ended"))) {
            return run(cmd, llm, workspace.directory(id), task);
        }
    }

    private Generated run(GeneratePairsCommand cmd, LanguageModel llm, String in, Task task) {
        long t0 = System.nanoTime();
        String out = cmd.outputDirectory().map(o -> folders.folder(o, "output_dir", true)).orElse(in);
        String docs = QaGenerationStep.documents(folders.list(in), name -> folders.readText(in, name));
        if (docs.isEmpty()) {
            throw InvalidInputException.invalid(task == null ? "input_dir" : "task_id", "no *_detail.md documents in "
                    + in + "; generate them first (pipeline ddl generate, or the task's ddl_generation)");
        }
        String context = firstNonBlank(cmd.businessContext(), task == null ? null
                : task.parameters().businessContext(), TaskParameters.DEFAULT_BUSINESS_CONTEXT);
        String db = firstNonBlank(cmd.dbName(), task == null ? null : task.dbName(), "db");
        GenerationOptions.Themes options = (task == null ? defaults : task.parameters().generation())
                .with(cmd.generation()).themes();
        ExecutionMonitor monitor = ExecutionMonitor.none();
        ThemeGeneration.Generated g;
        try {
            g = new ThemeGeneration(llm, work.units(), clock).run(new ThemeGeneration.Job(context, docs, options,
                    Math.min(options.maxConcurrentThemes(), work.llmConcurrency()),
                    TableDocumentation.Checkpointing.NONE, monitor, new ThemeGeneration.TaskLogLines() {
                        @Override
                        public void info(String message) {
                            LOG.info("input={} {}", in, message);
                        }

                        @Override
                        public void error(String message) {
                            LOG.error("input={} {}", in, message);
                        }
                    }));
        } catch (ThemeGeneration.NoThemes | ThemeGeneration.ThemeFailed e) {
            throw new PipelineException(e.getMessage(), e);
        }
        if (g.pairs().isEmpty()) {
            throw new PipelineException("no question-SQL pair was generated (every theme failed)");
        }
        String file = "qs_" + db.replaceAll("[^A-Za-z0-9_]", "_") + "_" + STAMP.format(LocalDateTime.now(clock))
                + "_pair.json";
        for (TaskWorkspace.FileInfo f : folders.list(out)) {
            if (f.name().startsWith("qs_") && f.name().endsWith("_pair.json") && !f.name().equals(file)) {
                folders.rename(out, f.name(), f.name() + "_old");
            }
        }
        folders.writeJson(out, file, QaGenerationStep.pairsJson(g.pairs()));
        folders.writeText(out, "metadata.txt", QaGenerationStep.metadata(g.themes(), context, db, clock));
        folders.writeText(out, "metadata_detail.md", QaGenerationStep.metadataDetail(g.themes()));
        StepResult.QaGeneration result = new StepResult.QaGeneration(file, g.pairs().size(), g.themes().size(),
                g.results().stream().filter(StepResult.Theme::success).count(), g.results(),
                StepContext.elapsedSeconds(t0));
        LOG.info("output={} pairs={} themes={} llm_calls={}", out, g.pairs().size(), g.themes().size(),
                monitor.executionUsage().calls());
        return new Generated(out, result, monitor.executionUsage());
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
