package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.port.out.UnitCheckpoints;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ddl_generation}: for every table of the table list, read the catalog and up to {@code sample_data_limit}
 * sample rows and write {@code <table>.ddl} and {@code <table>_detail.md} as soon as the table is done, up to
 * {@code max_concurrent_tables} tables at once, plus {@code filename_mapping.txt} ({@link TableDocumentation}).
 * Unknown tables are reported and never sampled. A resumed execution takes the tables an earlier run finished, when
 * their inputs did not change, from their checkpoints; any other run starts the step afresh and replaces the files of
 * the previous run.
 */
final class DdlGenerationStep implements WorkflowStep {

    static final String MAPPING = TableDocumentation.MAPPING;

    private final TaskWorkspace workspace;
    private final TableDocumentation documentation;
    private final UnitCheckpoints checkpoints;
    private final int processConcurrency;

    DdlGenerationStep(TaskWorkspace workspace, SchemaInspector inspector, Optional<LanguageModel> model) {
        this(workspace, inspector, model, LlmWork.SEQUENTIAL);
    }

    DdlGenerationStep(TaskWorkspace workspace, SchemaInspector inspector, Optional<LanguageModel> model, LlmWork work) {
        this.workspace = workspace;
        this.documentation = new TableDocumentation(inspector, model, work.units(), work.clock());
        this.checkpoints = work.checkpoints();
        this.processConcurrency = work.llmConcurrency();
    }

    @Override
    public StepName name() {
        return StepName.DDL_GENERATION;
    }

    /** A task without a business database (made from a directory of training files) has nothing to generate from. */
    @Override
    public boolean enabledFor(TaskParameters parameters) {
        return parameters.businessDatabase() != null;
    }

    @Override
    public StepOutcome run(StepContext ctx) {
        TaskId id = ctx.task().id();
        DatabaseUrl db = ctx.task().parameters().businessDatabase();
        if (db == null) {
            throw new StepFailure("the task has no business database (db_connection); create it with one");
        }
        String text = workspace.readText(id, "table_list.txt").orElseThrow(() -> new StepFailure(
                "no table_list.txt in the task directory; upload the table list first"));
        TableList list = TableList.parse(text);
        for (String bad : list.invalid()) {
            ctx.log().warn("ddl_generation", "skipping table list entry " + bad);
        }
        if (list.tables().isEmpty()) {
            throw new StepFailure("the table list names no valid table" + (list.invalid().isEmpty() ? ""
                    : " (invalid entries: " + list.invalid() + ")"));
        }
        boolean resume = ctx.execution() != null && ctx.execution().request().mode() == ExecutionMode.RESUME;
        if (!resume) {
            checkpoints.clear(id, StepName.DDL_GENERATION);
        }
        Set<String> previous = previousOutputs(id);
        GenerationOptions.Tables options = ctx.task().parameters().generation().tables();
        List<String> written = new ArrayList<>();
        StepResult.DdlGeneration result;
        try {
            result = documentation.run(new TableDocumentation.Job(db, list, ctx.task().parameters().businessContext(),
                    options, parallelism(ctx, options.maxConcurrentTables(), "max_concurrent_tables"),
                    folder(ctx, id), new TableDocumentation.Checkpointing(id, checkpoints, resume), ctx.monitor()),
                    written);
        } catch (TableDocumentation.TooManyFailures e) {
            throw new StepFailure(e.getMessage(), e);
        }
        if (result.processedTables().isEmpty()) {
            if (!result.tables().failed().isEmpty()) {
                throw new StepFailure("no table could be documented: " + result.tables().failed().get(0).unit() + ": "
                        + result.tables().failed().get(0).error());
            }
            throw new StepFailure("none of the " + list.tables().size() + " listed tables exists in " + db.masked()
                    + ": " + result.tablesNotFound());
        }
        for (String stale : previous) {
            if (!written.contains(stale)) {
                workspace.delete(id, stale);
                ctx.log().info("ddl_generation", "removed " + stale + " from a previous run");
            }
        }
        ctx.log().info("ddl_generation", "tables=" + result.tablesProcessed() + " reused=" + result.tables().reused()
                + " failed=" + result.tables().failed().size() + " not_found=" + result.tablesNotFound().size());
        return StepOutcome.ok(result);
    }

    /**
     * Units at once: what the task asks for, at most what this process lets one endpoint take (its limiter would hold
     * the rest back anyway); the difference is said once.
     */
    int parallelism(StepContext ctx, int wanted, String option) {
        if (wanted > processConcurrency) {
            String w = option + " " + wanted + " is above PIPELINE_LLM_CONCURRENCY " + processConcurrency
                    + " (the calls in flight this process allows the model endpoint); " + processConcurrency
                    + " run at once";
            ctx.log().warn(name().wire(), w);
            ctx.monitor().warning(w);
            return processConcurrency;
        }
        return wanted;
    }

    private TableDocumentation.Folder folder(StepContext ctx, TaskId id) {
        return new TableDocumentation.Folder() {
            @Override
            public Optional<String> readText(String name) {
                return workspace.readText(id, name);
            }

            @Override
            public void writeText(String name, String content) {
                workspace.writeText(id, name, content);
            }

            @Override
            public void info(String message) {
                ctx.log().info("ddl_generation", message);
            }

            @Override
            public void warn(String message) {
                ctx.log().warn("ddl_generation", message);
            }
        };
    }

    /** Files a previous run wrote, from its mapping (so a re-run replaces them instead of adding copies). */
    private Set<String> previousOutputs(TaskId id) {
        Set<String> files = new LinkedHashSet<>();
        workspace.readText(id, MAPPING).ifPresent(text -> files.addAll(mappedFiles(text)));
        return files;
    }

    /** The {@code .ddl} and {@code _detail.md} files a {@code filename_mapping.txt} names. */
    static List<String> mappedFiles(String mapping) {
        List<String> files = new ArrayList<>();
        for (String line : mapping.split("\\R")) {
            int arrow = line.indexOf(" -> ");
            if (!line.startsWith("#") && arrow > 0) {
                String md = line.substring(arrow + 4).strip();
                files.add(md);
                if (md.endsWith("_detail.md")) {
                    files.add(md.substring(0, md.length() - "_detail.md".length()) + ".ddl");
                }
            }
        }
        return files;
    }
}
