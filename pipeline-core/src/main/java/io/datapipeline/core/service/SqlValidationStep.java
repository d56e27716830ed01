package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SqlValidator;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sql_validation}: {@code EXPLAIN} every SQL of the newest pairs file in a read-only transaction with
 * a statement timeout, with bounded concurrency; optionally let the language model repair failures; write a
 * report; with {@code modify_original_file}, rewrite the pairs file atomically, keeping the previous
 * version as {@code <file>.backup_<ts>}. Items are kept, repaired or removed by their position in the
 * original array, so a malformed item never shifts which pair is deleted.
 */
final class SqlValidationStep implements WorkflowStep {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int CONCURRENCY = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final TaskWorkspace workspace;
    private final SqlValidator validator;
    private final Optional<LanguageModel> model;
    private final Clock clock;

    SqlValidationStep(TaskWorkspace workspace, SqlValidator validator, Optional<LanguageModel> model, Clock clock) {
        this.workspace = workspace;
        this.validator = validator;
        this.model = model;
        this.clock = clock;
    }

    /** One item of the pairs array, by its index in that array. */
    private record Item(int index, String question, String sql) {
    }

    @Override
    public StepName name() {
        return StepName.SQL_VALIDATION;
    }

    @Override
    public boolean enabledFor(TaskParameters parameters) {
        return parameters.enableSqlValidation();
    }

    @Override
    public StepOutcome run(StepContext ctx) {
        long t0 = System.nanoTime();
        TaskId id = ctx.task().id();
        DatabaseUrl db = ctx.task().parameters().businessDatabase();
        if (db == null) {
            throw new StepFailure("the task has no business database (db_connection)");
        }
        String file = newestPairsFile(id).orElseThrow(() -> new StepFailure(
                "no qs_*_pair.json in the task directory; run qa_generation first (or upload a pairs file)"));
        Object json = workspace.readJson(id, file).orElseThrow(() -> new StepFailure("cannot read " + file));
        if (!(json instanceof List<?> array)) {
            throw new StepFailure(file + " is not a JSON array of {\"question\", \"sql\"} objects");
        }
        List<Item> items = new ArrayList<>();
        List<Integer> malformed = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object o = array.get(i);
            String q = o instanceof Map<?, ?> m ? stringField(m, "question") : null;
            String sql = o instanceof Map<?, ?> m ? stringField(m, "sql") : null;
            if (q == null || sql == null || q.isBlank() || sql.isBlank()) {
                malformed.add(i);
                ctx.log().warn("sql_validation", file + " item " + i + " has no question or sql; left as it is");
            } else {
                items.add(new Item(i, q, sql));
            }
        }
        List<SqlValidator.SqlCheck> checks = validator.validate(db, items.stream().map(Item::sql).toList(), TIMEOUT,
                CONCURRENCY);
        boolean repair = ctx.task().parameters().enableLlmRepair() && model.isPresent();
        if (ctx.task().parameters().enableLlmRepair() && model.isEmpty()) {
            ctx.log().warn("sql_validation", "LLM repair is enabled but no language model is configured; failures "
                    + "are not repaired");
        }
        Map<Integer, String> repaired = new LinkedHashMap<>();
        List<StepResult.SqlFailure> failures = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            SqlValidator.SqlCheck check = checks.get(i);
            if (check.valid()) {
                valid++;
                continue;
            }
            String repairedSql = null;
            if (repair) {
                ctx.monitor().checkCancelled();
                ctx.monitor().progress("repairs", failures.size(), items.size() - (int) checks.stream()
                        .filter(SqlValidator.SqlCheck::valid).count(), "calls");
                Optional<String> fixed = repair(ctx, db, item, check.error());
                if (fixed.isPresent()) {
                    repaired.put(item.index(), fixed.get());
                    repairedSql = fixed.get();
                }
            }
            failures.add(new StepResult.SqlFailure(item.index(), item.question(), item.sql(), check.error(), repairedSql));
        }
        int invalid = items.size() - valid;
        int removed = 0;
        String backup = null;
        String stamp = STAMP.format(LocalDateTime.now(clock));
        if (ctx.task().parameters().modifyOriginalFile() && invalid > 0) {
            List<Object> rewritten = new ArrayList<>();
            Map<Integer, Item> byIndex = new LinkedHashMap<>();
            items.forEach(it -> byIndex.put(it.index(), it));
            java.util.Set<Integer> failed = new java.util.HashSet<>();
            failures.forEach(f -> failed.add(f.index()));
            for (int i = 0; i < array.size(); i++) {
                Item it = byIndex.get(i);
                if (it == null) {
                    rewritten.add(array.get(i));
                } else if (repaired.containsKey(i)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("question", it.question());
                    m.put("sql", repaired.get(i));
                    rewritten.add(m);
                } else if (failed.contains(i)) {
                    removed++;
                } else {
                    rewritten.add(array.get(i));
                }
            }
            backup = file + ".backup_" + stamp;
            workspace.writeJson(id, backup, array);
            workspace.writeJson(id, file, rewritten);
            ctx.log().info("sql_validation", "rewrote " + file + ": " + repaired.size() + " repaired, " + removed
                    + " removed; previous version kept as " + backup);
        }
        String report = "sql_validation_" + stamp + "_summary.log";
        StepResult.SqlValidation result = new StepResult.SqlValidation(file, items.size(), valid, invalid,
                repaired.size(), removed, malformed, items.isEmpty() ? 1.0 : Math.round(1000.0 * valid / items.size())
                        / 1000.0, backup != null, backup, report, StepContext.elapsedSeconds(t0));
        workspace.writeText(id, report, summary(result, failures));
        workspace.writeJson(id, "sql_validation_" + stamp + "_report.json", new StepResult.SqlValidationReport(result, failures));
        ctx.log().info("sql_validation", "validated " + items.size() + " SQL: " + valid + " valid, " + invalid
                + " invalid, " + repaired.size() + " repaired");
        return StepOutcome.ok(result);
    }

    private Optional<String> repair(StepContext ctx, DatabaseUrl db, Item item, String error) {
        String docs = documents(ctx.task().id());
        try {
            String sql = ctx.monitor().call(() -> model.get().repairSql(Prompts.REPAIR_SYSTEM, "Question: "
                    + item.question() + "\nSQL: " + item.sql() + "\nError: " + error + "\n\nTable documentation:\n" + docs));
            sql = QaGenerationStep.normalise(new io.datapipeline.core.port.out.QuestionSqlPair(item.question(), sql)).sql();
            SqlValidator.SqlCheck again = validator.validate(db, List.of(sql), TIMEOUT, 1).get(0);
            if (again.valid()) {
                return Optional.of(sql);
            }
            ctx.log().warn("sql_validation", "repair of item " + item.index() + " still fails: " + again.error());
        } catch (ExecutionMonitor.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            ctx.log().warn("sql_validation", "repair of item " + item.index() + " failed: " + e.getMessage());
        }
        return Optional.empty();
    }

    private String documents(TaskId id) {
        StringBuilder sb = new StringBuilder();
        for (TaskWorkspace.FileInfo f : workspace.list(id)) {
            if (f.name().endsWith("_detail.md")) {
                workspace.readText(id, f.name()).ifPresent(t -> sb.append(t).append('\n'));
            }
        }
        return sb.length() > 30_000 ? sb.substring(0, 30_000) : sb.toString();
    }

    Optional<String> newestPairsFile(TaskId id) {
        return workspace.list(id).stream().filter(f -> f.name().startsWith("qs_") && f.name().endsWith("_pair.json"))
                .max(Comparator.comparing(TaskWorkspace.FileInfo::modified).thenComparing(TaskWorkspace.FileInfo::name))
                .map(TaskWorkspace.FileInfo::name);
    }

    private static String stringField(Map<?, ?> m, String key) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof String k && k.toLowerCase(Locale.ROOT).equals(key) && e.getValue() instanceof String v) {
                return v;
            }
        }
        return null;
    }

    private static String summary(StepResult.SqlValidation r, List<StepResult.SqlFailure> failures) {
        StringBuilder s = new StringBuilder("SQL validation report\n=====================\n");
        line(s, "input_file", r.inputFile());
        line(s, "total_sqls", r.totalSqls());
        line(s, "valid_sqls", r.validSqls());
        line(s, "invalid_sqls", r.invalidSqls());
        line(s, "repaired_sqls", r.repairedSqls());
        line(s, "removed_sqls", r.removedSqls());
        line(s, "malformed_items", r.malformedItems());
        line(s, "success_rate", r.successRate());
        line(s, "file_modified", r.fileModified());
        line(s, "backup_file", r.backupFile());
        line(s, "report_file", r.reportFile());
        line(s, "duration", r.duration());
        s.append("\nFailed SQL (").append(failures.size()).append("):\n");
        for (StepResult.SqlFailure f : failures) {
            s.append("\n[").append(f.index()).append("] ").append(f.question()).append('\n')
                    .append("SQL: ").append(f.sql()).append('\n').append("Error: ").append(f.error()).append('\n');
            if (f.repairedSql() != null) {
                s.append("Repaired: ").append(f.repairedSql()).append('\n');
            }
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String key, Object value) {
        s.append(key).append(": ").append(value).append('\n');
    }
}
