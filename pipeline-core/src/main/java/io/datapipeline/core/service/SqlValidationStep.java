package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SqlValidator;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;

/**
 * {@code sql_validation}: the {@link PairsValidation} of the task's newest pairs file, in the task directory, with the
 * task's flags ({@code enable_llm_repair}, {@code modify_original_file}). {@code pipeline sql validate} runs the same
 * validation on a file of the caller's.
 */
final class SqlValidationStep implements WorkflowStep {

    private final TaskWorkspace workspace;
    private final Optional<LanguageModel> model;
    private final PairsValidation validation;

    SqlValidationStep(TaskWorkspace workspace, SqlValidator validator, Optional<LanguageModel> model, Clock clock) {
        this.workspace = workspace;
        this.model = model;
        this.validation = new PairsValidation(validator, model, clock);
    }

    @Override
    public StepName name() {
        return StepName.SQL_VALIDATION;
    }

    /** Only with a business database to run {@code EXPLAIN} on. */
    @Override
    public boolean enabledFor(TaskParameters parameters) {
        return parameters.enableSqlValidation() && parameters.businessDatabase() != null;
    }

    @Override
    public StepOutcome run(StepContext ctx) {
        TaskId id = ctx.task().id();
        DatabaseUrl db = ctx.task().parameters().businessDatabase();
        if (db == null) {
            throw new StepFailure("the task has no business database (db_connection)");
        }
        String file = newestPairsFile(id).orElseThrow(() -> new StepFailure(
                "no qs_*_pair.json in the task directory; run qa_generation first (or upload a pairs file)"));
        boolean repair = ctx.task().parameters().enableLlmRepair();
        if (repair && model.isEmpty()) {
            ctx.log().warn("sql_validation", "LLM repair is enabled but no language model is configured; failures "
                    + "are not repaired");
        }
        PairsValidation.Folder folder = new PairsValidation.Folder() {
            @Override
            public Optional<Object> readJson(String name) {
                return workspace.readJson(id, name);
            }

            @Override
            public void writeJson(String name, Object document) {
                workspace.writeJson(id, name, document);
            }

            @Override
            public void writeText(String name, String content) {
                workspace.writeText(id, name, content);
            }

            @Override
            public String documents() {
                return PairsValidation.documents(workspace.list(id), name -> workspace.readText(id, name));
            }

            @Override
            public void info(String message) {
                ctx.log().info("sql_validation", message);
            }

            @Override
            public void warn(String message) {
                ctx.log().warn("sql_validation", message);
            }

            @Override
            public ExecutionMonitor monitor() {
                return ctx.monitor();
            }
        };
        try {
            return StepOutcome.ok(validation.run(db, folder, file, repair && model.isPresent(),
                    ctx.task().parameters().modifyOriginalFile()).summary());
        } catch (PairsValidation.UnusableFile e) {
            throw new StepFailure(e.getMessage());
        }
    }

    Optional<String> newestPairsFile(TaskId id) {
        return workspace.list(id).stream().filter(f -> f.name().startsWith("qs_") && f.name().endsWith("_pair.json"))
                .max(Comparator.comparing(TaskWorkspace.FileInfo::modified).thenComparing(TaskWorkspace.FileInfo::name))
                .map(TaskWorkspace.FileInfo::name);
    }
}
