package io.datapipeline.wire;

import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.ResultKind;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.execution.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result documents of executions and steps, in the seed's shapes (§4), as the original's files had them. */
public final class ResultShapes {

    private ResultShapes() {
    }

    /** The artifact key of a step in {@code workflow_state.artifacts} (the original orchestrator's names). */
    public static String artifactKey(StepName step) {
        return switch (step) {
            case DDL_GENERATION -> "ddl_md_generation";
            case QA_GENERATION -> "question_sql_generation";
            case SQL_VALIDATION -> "sql_validation";
            case TRAINING_LOAD -> "training_data_load";
        };
    }

    /** A result as produced, or as stored (the stored JSON, parsed); {@code null} for none. */
    public static Object document(ResultDocument d) {
        if (d == null) {
            return null;
        }
        if (d instanceof ResultDocument.Typed t) {
            return execution(t.result());
        }
        return Wire.parse(((ResultDocument.Stored) d).json());
    }

    /**
     * How the execution of a result document ended: the typed result's kind, or the {@code outcome} a stored document
     * records (a document written before outcomes were recorded: ok or failed, from {@code success}).
     */
    public static ResultKind kind(ResultDocument d) {
        if (d instanceof ResultDocument.Typed t) {
            return t.result().kind();
        }
        if (d instanceof ResultDocument.Stored s && Wire.parse(s.json()) instanceof Map<?, ?> doc) {
            Object outcome = doc.get("outcome");
            return ResultKind.fromWire(outcome instanceof String o ? o : null)
                    .orElse(Boolean.TRUE.equals(doc.get("success")) ? ResultKind.OK : ResultKind.FAILED);
        }
        return ResultKind.FAILED;
    }

    /** {@code task_result.json} / {@code <step>_result.json}. */
    public static Map<String, Object> execution(ExecutionResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("success", r.success());
        doc.put("outcome", r.kind().wire());
        doc.put("task_id", r.taskId().value());
        doc.put("execution_id", r.executionId());
        if (r instanceof ExecutionResult.Crashed c) {
            doc.put("error", c.error());
            return doc;
        }
        ExecutionResult.Finished f = (ExecutionResult.Finished) r;
        doc.put("execution_mode", f.mode().wire());
        if (f.mode() == ExecutionMode.STEP && f.step() != null) {
            doc.put("step_name", f.step().wire());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (f.body() instanceof ExecutionResult.Workflow w) {
            Map<String, Object> artifacts = new LinkedHashMap<>();
            for (ExecutionResult.StepArtifact a : w.artifacts()) {
                artifacts.put(artifactKey(a.step()), withUsage(step(a.result()), a.usage()));
                if (a.step() == StepName.TRAINING_LOAD && w.vectorManagement() != null) {
                    artifacts.put("vector_management", VectorShapes.vectorManagement(w.vectorManagement()));
                }
            }
            ExecutionResult.WorkflowState s = w.state();
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("start_time", s.start().toString());
            state.put("end_time", s.end().toString());
            state.put("status", s.success() ? "completed" : "failed");
            state.put("current_step", s.currentStep() == null ? null : s.currentStep().wire());
            state.put("completed_steps", wire(s.completed()));
            state.put("failed_steps", wire(s.failed()));
            state.put("skipped_steps", wire(s.skipped()));
            state.put("artifacts", artifacts);
            result.put("workflow_state", state);
            result.put("artifacts", artifacts);
        } else {
            ExecutionResult.SingleStep one = (ExecutionResult.SingleStep) f.body();
            result.put(artifactKey(one.step()), withUsage(step(one.result()), one.usage()));
            if (one.vectorManagement() != null) {
                result.put("vector_management", VectorShapes.vectorManagement(one.vectorManagement()));
            }
        }
        doc.put("result", result);
        doc.put("llm_usage", usage(f.body().usage()));
        doc.put("warnings", f.warnings());
        if (f.error() != null) {
            doc.put("error", f.error());
        }
        return doc;
    }

    /**
     * {@code {calls, prompt_tokens, completion_tokens, total_tokens, retries, waits, wait_seconds}}: what the language
     * model cost (a step's, an execution's, or so far in a running one).
     */
    public static Map<String, Object> usage(ModelUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", u.calls());
        m.put("prompt_tokens", u.promptTokens());
        m.put("completion_tokens", u.completionTokens());
        m.put("total_tokens", u.totalTokens());
        m.put("retries", u.retries());
        m.put("waits", u.waits());
        m.put("wait_seconds", u.waitSeconds());
        return m;
    }

    private static Map<String, Object> withUsage(Map<String, Object> artifact, ModelUsage u) {
        artifact.put("llm_usage", usage(u));
        return artifact;
    }

    private static List<String> wire(List<StepName> steps) {
        return steps.stream().map(StepName::wire).toList();
    }

    /** One step's artifact. */
    public static Map<String, Object> step(StepResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        // StepResult.Empty: the step failed before producing a result: an empty object, as the original wrote
        if (r instanceof StepResult.DdlGeneration d) {
                m.put("tables_requested", d.tablesRequested());
                m.put("tables_processed", d.tablesProcessed());
                m.put("processed_tables", d.processedTables());
                m.put("tables_not_found", d.tablesNotFound());
                m.put("invalid_entries", d.invalidEntries());
                List<Object> failed = new ArrayList<>();
                for (StepResult.UnitFailure f : d.tables().failed()) {
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("table", f.unit());
                    fm.put("error", f.error());
                    failed.add(fm);
                }
                m.put("tables_failed", failed);
                m.put("tables_reused", d.tables().reused());
                m.put("files_generated", d.filesGenerated());
                m.put("llm_comments", d.llmComments());
                m.put("duration", d.duration());
        } else if (r instanceof StepResult.QaGeneration q) {
                m.put("output_file", q.outputFile());
                m.put("total_questions", q.totalQuestions());
                m.put("total_themes", q.totalThemes());
                m.put("successful_themes", q.successfulThemes());
                List<Object> themes = new ArrayList<>();
                for (StepResult.Theme t : q.themes()) {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("theme", t.theme());
                    if (t.pairs() != null) {
                        tm.put("pairs", t.pairs());
                    }
                    tm.put("success", t.success());
                    if (t.error() != null) {
                        tm.put("error", t.error());
                    }
                    tm.put("reused", t.reused());
                    themes.add(tm);
                }
                m.put("themes", themes);
                m.put("themes_reused", q.themesReused());
                m.put("duration", q.duration());
        } else if (r instanceof StepResult.SqlValidation v) {
            m.putAll(sqlValidation(v));
        } else if (r instanceof StepResult.TrainingLoad t) {
                m.put("training_data_dir", t.trainingDataDir());
                if (t.files() != null) {
                    putIfPresent(m, "files", t.files().loaded());
                    putIfPresent(m, "skipped_files", t.files().skipped());
                    putIfPresent(m, "duplicates_in_files", t.files().duplicatesInFiles());
                }
                if (t.load() != null) {
                    m.put("load_successful", t.load().successful());
                    putIfPresent(m, "commit_outcome", t.load().commitOutcome());
                    putIfPresent(m, "records_loaded", t.load().recordsLoaded());
                    putIfPresent(m, "skipped_existing", t.load().skippedExisting());
                    putIfPresent(m, "total_records", t.load().totalRecords());
                    putIfPresent(m, "embedded", t.load().embedded());
                    putIfPresent(m, "reused", t.load().reused());
                    if (t.load().replacedByDifference() != null) {
                        Map<String, Object> diff = new LinkedHashMap<>();
                        t.load().replacedByDifference().forEach((c, d) -> {
                            Map<String, Object> dm = new LinkedHashMap<>();
                            dm.put("unchanged", d.unchanged());
                            dm.put("inserted", d.inserted());
                            dm.put("deleted", d.deleted());
                            diff.put(c, dm);
                        });
                        m.put("replaced_by_difference", diff);
                    }
                }
                if (t.embedding() != null) {
                    putIfPresent(m, "embedding_model", t.embedding().model());
                    putIfPresent(m, "embedding_provider", t.embedding().provider());
                    putIfPresent(m, "embedding_dimension", t.embedding().dimension());
                }
                putIfPresent(m, "created", t.created());
                putIfPresent(m, "warnings", t.warnings());
                putIfPresent(m, "duration", t.duration());
                if (t.retrieval() != null) {
                    m.put("retrieval", RetrievalShapes.check(t.retrieval()));
                }
        }
        return m;
    }

    private static Map<String, Object> sqlValidation(StepResult.SqlValidation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_file", v.inputFile());
        m.put("total_sqls", v.totalSqls());
        m.put("valid_sqls", v.validSqls());
        m.put("invalid_sqls", v.invalidSqls());
        m.put("repaired_sqls", v.repairedSqls());
        m.put("removed_sqls", v.removedSqls());
        m.put("malformed_items", v.malformedItems());
        m.put("success_rate", v.successRate());
        m.put("file_modified", v.fileModified());
        m.put("backup_file", v.backupFile());
        m.put("report_file", v.reportFile());
        m.put("duration", v.duration());
        return m;
    }

    /** {@code sql_validation_<ts>_report.json}. */
    public static Map<String, Object> validationReport(StepResult.SqlValidationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", sqlValidation(r.summary()));
        List<Object> failures = new ArrayList<>();
        for (StepResult.SqlFailure f : r.failures()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("index", f.index());
            fm.put("question", f.question());
            fm.put("sql", f.sql());
            fm.put("error", f.error());
            if (f.repairedSql() != null) {
                fm.put("repaired_sql", f.repairedSql());
            }
            failures.add(fm);
        }
        m.put("failures", failures);
        List<Object> read = new ArrayList<>();
        for (StepResult.SqlTables t : r.tablesRead()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("index", t.index());
            tm.put("sql", t.sql());
            tm.put("tables", t.tables());
            read.add(tm);
        }
        m.put("tables_read", read);
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
