package io.datapipeline.wire;

import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.RetrievalGate;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire shapes of tasks and executions: the original's task status plus executions, decisions and results. */
public final class TaskShapes {

    private TaskShapes() {
    }

    /**
     * The task as callers see it (REST status, {@code pipeline task status --json}): the original's fields plus the
     * last execution with its policy decision, warnings and result. The connection string is masked.
     */
    public static Map<String, Object> task(GetTaskUseCase.TaskView v) {
        Map<String, Object> m = summary(v);
        m.put("parameters", parameters(v.task().parameters()));
        m.put("error_message", v.task().errorMessage());
        m.put("current_step", v.currentStep().map(s -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("execution_id", s.executionId());
            c.put("step", s.step().wire());
            c.put("status", s.status().wire());
            c.put("started_at", iso(s.startedAt()));
            return (Object) c;
        }).orElse(null));
        m.put("total_steps", v.steps().size());
        List<Object> steps = new ArrayList<>();
        for (StepRun s : v.steps()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("step_name", s.step().wire());
            sm.put("step_status", s.status().wire());
            sm.put("execution_id", s.executionId());
            sm.put("started_at", iso(s.startedAt()));
            sm.put("completed_at", iso(s.completedAt()));
            sm.put("error_message", s.errorMessage());
            steps.add(sm);
        }
        m.put("steps", steps);
        // the last execution without its result document: that is the task's "result" (the original's field), once
        m.put("last_execution", v.lastExecution().map(e -> {
            Map<String, Object> x = execution(e);
            x.remove("result");
            return (Object) x;
        }).orElse(null));
        m.put("result", v.lastExecution().map(e -> ResultShapes.document(e.result())).orElse(null));
        return m;
    }

    /** The task fields of a listing row (without parameters and steps; the last execution in brief), in the status's order. */
    public static Map<String, Object> listed(GetTaskUseCase.TaskView v) {
        Map<String, Object> full = summary(v);
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("task_id", "task_name", "status", "created_at", "started_at", "completed_at",
                "created_type", "db_name", "business_context")) {
            m.put(k, full.get(k));
        }
        m.put("error_message", v.task().errorMessage());
        m.put("step_status", full.get("step_status"));
        m.put("last_execution", v.lastExecution().map(e -> (Object) executionSummary(e)).orElse(null));
        return m;
    }

    /** {@code {execution_id, status, execution_mode, step_name, started_at, finished_at}}: a listing row's last run. */
    public static Map<String, Object> executionSummary(Execution e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("execution_id", e.executionId());
        m.put("status", e.status().wire());
        m.put("execution_mode", e.request().mode().wire());
        m.put("step_name", e.request().step() == null ? null : e.request().step().wire());
        m.put("started_at", iso(e.startedAt()));
        m.put("finished_at", iso(e.finishedAt()));
        return m;
    }

    private static Map<String, Object> summary(GetTaskUseCase.TaskView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", v.task().id().value());
        m.put("task_name", v.task().name());
        m.put("status", v.task().status().wire());
        Map<String, Object> stepStatus = new LinkedHashMap<>();
        v.steps().forEach(s -> stepStatus.put(s.step().wire(), s.status().wire()));
        m.put("step_status", stepStatus);
        m.put("created_at", iso(v.task().createdAt()));
        m.put("started_at", iso(v.task().startedAt()));
        m.put("completed_at", iso(v.task().completedAt()));
        m.put("created_type", v.task().createdType());
        m.put("db_name", v.task().dbName());
        m.put("business_context", v.task().parameters().businessContext());
        return m;
    }

    /** The parameters for display and storage in responses: the connection string is masked. */
    public static Map<String, Object> parameters(TaskParameters p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("db_connection", p.businessDatabase() == null ? null : p.businessDatabase().masked());
        m.put("business_context", p.businessContext());
        m.put("enable_sql_validation", p.enableSqlValidation());
        m.put("enable_llm_repair", p.enableLlmRepair());
        m.put("modify_original_file", p.modifyOriginalFile());
        m.put("enable_training_data_load", p.enableTrainingDataLoad());
        m.put("restore_on_load_failure", p.restoreOnLoadFailure());
        m.putAll(generation(p.generation()));
        if (p.retrievalGate().active()) {
            m.put("min_retrieval", p.retrievalGate().minimumOptions());
            m.put("max_retrieval_drop", p.retrievalGate().dropOption());
        }
        return m;
    }

    /** The task's retrieval gate as {@link #parameters} wrote it, read back ({@link RetrievalGate#NONE} when absent). */
    public static RetrievalGate retrievalGate(Map<String, Object> stored) {
        Object min = stored.get("min_retrieval");
        List<String> minimums = new ArrayList<>();
        if (min instanceof List<?> l) {
            l.forEach(x -> minimums.add(String.valueOf(x)));
        }
        Object drop = stored.get("max_retrieval_drop");
        return RetrievalGate.parse(minimums, drop instanceof String d ? d : null, "min_retrieval", "max_retrieval_drop");
    }

    /** The knobs of the language-model steps, flat, under the original's names (as {@code POST /tasks} takes them). */
    public static Map<String, Object> generation(GenerationOptions g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_concurrent_tables", g.tables().maxConcurrentTables());
        m.put("max_table_failures", g.tables().maxTableFailures());
        m.put("sample_data_limit", g.tables().sampleDataLimit());
        m.put("enum_detection_sample_limit", g.tables().enumDetectionSampleLimit());
        m.put("enum_max_distinct_values", g.tables().enumMaxDistinctValues());
        m.put("max_concurrent_themes", g.themes().maxConcurrentThemes());
        m.put("theme_count", g.themes().themeCount());
        m.put("questions_per_theme", g.themes().questionsPerTheme());
        m.put("continue_on_theme_error", g.themes().continueOnThemeError());
        return m;
    }

    /**
     * The knobs as {@link #generation} wrote them, read back; a stored task older than them (or a value that is not
     * there) gets the built-in default.
     */
    public static GenerationOptions generation(Map<String, Object> stored) {
        GenerationOptions.Choices c = GenerationOptions.Choices.builder()
                .maxConcurrentTables(integer(stored, "max_concurrent_tables"))
                .maxTableFailures(integer(stored, "max_table_failures"))
                .sampleDataLimit(integer(stored, "sample_data_limit"))
                .enumDetectionSampleLimit(integer(stored, "enum_detection_sample_limit"))
                .enumMaxDistinctValues(integer(stored, "enum_max_distinct_values"))
                .maxConcurrentThemes(integer(stored, "max_concurrent_themes"))
                .themeCount(integer(stored, "theme_count")).questionsPerTheme(integer(stored, "questions_per_theme"))
                .continueOnThemeError(stored.get("continue_on_theme_error") instanceof Boolean b ? b : null).build();
        return GenerationOptions.DEFAULTS.with(c);
    }

    private static Integer integer(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.intValue() : null;
    }

    /** One execution: request, decision (with warnings), status, times, result. */
    public static Map<String, Object> execution(Execution e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("execution_id", e.executionId());
        m.put("task_id", e.taskId().value());
        m.put("status", e.status().wire());
        m.put("execution_mode", e.request().mode().wire());
        m.put("step_name", e.request().step() == null ? null : e.request().step().wire());
        m.put("request", request(e.request()));
        m.put("vector_management", decision(e.decision()));
        m.put("warnings", e.decision().warnings());
        m.put("started_at", iso(e.startedAt()));
        m.put("finished_at", iso(e.finishedAt()));
        m.put("error", e.error());
        m.put("idempotency_key", e.idempotencyKey());
        m.put("result", ResultShapes.document(e.result()));
        return m;
    }

    /** An execution with the live progress of its running step ({@code progress}: null when none). */
    public static Map<String, Object> watched(io.datapipeline.core.port.in.ExecutionEventsUseCase.WatchedExecution w) {
        Map<String, Object> m = execution(w.execution());
        m.put("progress", w.progress().map(TaskShapes::progress).orElse(null));
        return m;
    }

    /**
     * {@code {step, phase, done, total, unit, rate, eta_seconds, updated_at}}, with {@code llm_usage} (the execution's
     * so far) and {@code waiting} ({@code waiting 12 s: rate limited}, or null) once the language model was called.
     */
    public static Map<String, Object> progress(io.datapipeline.core.execution.ExecutionProgress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", p.step() == null ? null : p.step().wire());
        m.put("phase", p.phase());
        m.put("done", p.done());
        m.put("total", p.total() < 0 ? null : p.total());
        m.put("unit", p.unit());
        m.put("rate", p.rate());
        m.put("eta_seconds", p.eta());
        m.put("updated_at", iso(p.updatedAt()));
        if (p.llm() != null) {
            m.put("llm_usage", ResultShapes.usage(p.llm().usage()));
            m.put("waiting", p.llm().waiting());
        }
        return m;
    }

    /** One event: {@code {seq, type, step, status, message, progress, at}}. */
    public static Map<String, Object> event(io.datapipeline.core.execution.ExecutionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("type", e.type().wire());
        m.put("execution_id", e.executionId());
        m.put("step", e.step() == null ? null : e.step().wire());
        m.put("status", e.status());
        m.put("message", e.message());
        m.put("progress", e.progress() == null ? null : progress(e.progress()));
        m.put("at", iso(e.at()));
        return m;
    }

    /** The flags as the caller sent them. */
    public static Map<String, Object> request(ExecutionRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backup_vector_tables", r.backupVectorTables());
        m.put("truncate_vector_tables", r.truncateVectorTables());
        m.put("skip_training", r.skipTraining());
        if (r.reload().replaceByDifference()) {
            m.put("replace_by_difference", true);
        }
        if (r.reload().gate().active()) {
            m.put("min_retrieval", r.reload().gate().minimumOptions());
            m.put("max_retrieval_drop", r.reload().gate().dropOption());
        }
        return m;
    }

    /** What the vector-management policy decided: {@code {backup, truncate[, truncate_scope]}}. */
    public static Map<String, Object> decision(VectorManagementDecision d) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("backup", d.backup());
        vm.put("truncate", d.truncate());
        if (d.truncate()) {
            vm.put("truncate_scope", d.truncateScope().wire());
        }
        if (d.reload().replaceByDifference()) {
            vm.put("replace_by_difference", true);
        }
        if (d.reload().gate().active()) {
            vm.put("retrieval_gate", d.reload().gate().criteria());
        }
        return vm;
    }

    public static Map<String, Object> logLine(TaskLogsUseCase.LogLine l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line_number", l.lineNumber());
        m.put("timestamp", l.timestamp());
        m.put("level", l.level());
        m.put("logger", l.logger());
        m.put("step", l.step());
        m.put("message", l.message());
        return m;
    }

    public static Map<String, Object> deleted(DeleteTasksUseCase.DeletedTask d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", d.taskId().value());
        m.put("directory_deleted", d.directoryDeleted());
        m.put("database_records_deleted", d.recordsDeleted());
        m.put("deleted_files_count", d.deletedFiles());
        m.put("deleted_size_bytes", d.deletedBytes());
        return m;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
