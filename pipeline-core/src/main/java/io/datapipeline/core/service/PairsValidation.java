package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.SqlValidator;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The validation of one pairs file ({@code [{"question", "sql"}]}), wherever it lives: {@code EXPLAIN} every SQL in a
 * read-only transaction with a statement timeout, with bounded concurrency; optionally let the language model repair
 * failures (a repair counts only when it passes {@code EXPLAIN} too); write {@code sql_validation_<ts>_summary.log}
 * and {@code sql_validation_<ts>_report.json} beside the file; with {@code modifyOriginalFile}, rewrite the file
 * atomically, keeping the previous version as {@code <file>.backup_<ts>}. Items are kept, repaired or removed by their
 * position in the original array, so a malformed item never shifts which pair is deleted. Used by the
 * {@code sql_validation} step (the task directory) and by {@code pipeline sql validate} (a file of the caller's).
 */
final class PairsValidation {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int CONCURRENCY = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final int MAX_DOCUMENTS = 30_000;

    /** Where the pairs file is, and where its log lines go. */
    interface Folder {
        Optional<Object> readJson(String name);

        void writeJson(String name, Object document);

        void writeText(String name, String content);

        /** The table documentation ({@code *_detail.md}) the repair prompt shows the model, possibly empty. */
        String documents();

        void info(String message);

        void warn(String message);

        /** The execution that runs the validation, if any: cancels stop the repairs, and see their progress. */
        default ExecutionMonitor monitor() {
            return ExecutionMonitor.none();
        }
    }

    /** The file cannot be validated at all (missing, not JSON, not an array); the message says which. */
    static final class UnusableFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnusableFile(String message) {
            super(message);
        }
    }

    /** One item of the pairs array, by its index in that array. */
    private record Item(int index, String question, String sql) {
    }

    private final SqlValidator validator;
    private final Optional<LanguageModel> model;
    private final Clock clock;

    PairsValidation(SqlValidator validator, Optional<LanguageModel> model, Clock clock) {
        this.validator = validator;
        this.model = model;
        this.clock = clock;
    }

    /**
     * @param repair             let the language model repair failures (the caller has checked there is one)
     * @param modifyOriginalFile rewrite the file when some SQL failed
     * @throws UnusableFile when the file cannot be read as a JSON array
     */
    StepResult.SqlValidationReport run(DatabaseUrl db, Folder folder, String file, boolean repair,
            boolean modifyOriginalFile) {
        long t0 = System.nanoTime();
        Object json;
        try {
            json = folder.readJson(file).orElseThrow(() -> new UnusableFile("cannot read " + file));
        } catch (UnusableFile e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnusableFile(e.getMessage());
        }
        if (!(json instanceof List<?> array)) {
            throw new UnusableFile(file + " is not a JSON array of {\"question\", \"sql\"} objects");
        }
        List<Item> items = new ArrayList<>();
        List<Integer> malformed = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object o = array.get(i);
            String q = o instanceof Map<?, ?> m ? stringField(m, "question") : null;
            String sql = o instanceof Map<?, ?> m ? stringField(m, "sql") : null;
            if (q == null || sql == null || q.isBlank() || sql.isBlank()) {
                malformed.add(i);
                folder.warn(file + " item " + i + " has no question or sql; left as it is");
            } else {
                items.add(new Item(i, q, sql));
            }
        }
        List<SqlValidator.SqlCheck> checks = validator.validate(db, items.stream().map(Item::sql).toList(), TIMEOUT,
                CONCURRENCY);
        Map<Integer, String> repaired = new LinkedHashMap<>();
        List<StepResult.SqlFailure> failures = new ArrayList<>();
        List<StepResult.SqlTables> tablesRead = new ArrayList<>();
        int valid = 0;
        String documents = null;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            SqlValidator.SqlCheck check = checks.get(i);
            if (check.valid()) {
                valid++;
                tablesRead.add(new StepResult.SqlTables(item.index(), item.sql(), check.tables()));
                continue;
            }
            String repairedSql = null;
            if (repair && model.isPresent()) {
                folder.monitor().checkCancelled();
                folder.monitor().progress("repairs", failures.size(), items.size() - checks.stream()
                        .filter(SqlValidator.SqlCheck::valid).count(), "calls");
                documents = documents == null ? folder.documents() : documents;
                Optional<SqlValidator.SqlCheck> fixed = repair(folder, db, item, check.error(), documents);
                if (fixed.isPresent()) {
                    repaired.put(item.index(), fixed.get().sql());
                    repairedSql = fixed.get().sql();
                    tablesRead.add(new StepResult.SqlTables(item.index(), repairedSql, fixed.get().tables()));
                }
            }
            failures.add(new StepResult.SqlFailure(item.index(), item.question(), item.sql(), check.error(), repairedSql));
        }
        int invalid = items.size() - valid;
        int removed = 0;
        String backup = null;
        String stamp = STAMP.format(LocalDateTime.now(clock));
        if (modifyOriginalFile && invalid > 0) {
            List<Object> rewritten = new ArrayList<>();
            Map<Integer, Item> byIndex = new LinkedHashMap<>();
            items.forEach(it -> byIndex.put(it.index(), it));
            Set<Integer> failed = new HashSet<>();
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
            folder.writeJson(backup, array);
            folder.writeJson(file, rewritten);
            folder.info("rewrote " + file + ": " + repaired.size() + " repaired, " + removed + " removed; previous "
                    + "version kept as " + backup);
        }
        String report = "sql_validation_" + stamp + "_summary.log";
        StepResult.SqlValidation result = new StepResult.SqlValidation(file, items.size(), valid, invalid,
                repaired.size(), removed, malformed, items.isEmpty() ? 1.0 : Math.round(1000.0 * valid / items.size())
                        / 1000.0, backup != null, backup, report, StepContext.elapsedSeconds(t0));
        StepResult.SqlValidationReport full = new StepResult.SqlValidationReport(result, failures, tablesRead);
        folder.writeText(report, summary(result, failures));
        folder.writeJson("sql_validation_" + stamp + "_report.json", full);
        folder.info("validated " + items.size() + " SQL: " + valid + " valid, " + invalid + " invalid, "
                + repaired.size() + " repaired");
        return full;
    }

    /** The repair that passed {@code EXPLAIN}, with the tables it reads. */
    private Optional<SqlValidator.SqlCheck> repair(Folder folder, DatabaseUrl db, Item item, String error,
            String documents) {
        try {
            String sql = folder.monitor().call(() -> model.get().repairSql(Prompts.REPAIR_SYSTEM, "Question: "
                    + item.question() + "\nSQL: " + item.sql() + "\nError: " + error + "\n\nTable documentation:\n"
                    + documents));
            sql = QaGenerationStep.normalise(new QuestionSqlPair(item.question(), sql)).sql();
            SqlValidator.SqlCheck again = validator.validate(db, List.of(sql), TIMEOUT, 1).get(0);
            if (again.valid()) {
                return Optional.of(again);
            }
            folder.warn("repair of item " + item.index() + " still fails: " + again.error());
        } catch (ExecutionMonitor.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            folder.warn("repair of item " + item.index() + " failed: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The {@code *_detail.md} files among {@code files}, concatenated, at most {@value #MAX_DOCUMENTS} characters. */
    static String documents(List<TaskWorkspace.FileInfo> files, Function<String, Optional<String>> read) {
        StringBuilder sb = new StringBuilder();
        for (TaskWorkspace.FileInfo f : files) {
            if (f.name().endsWith("_detail.md")) {
                read.apply(f.name()).ifPresent(t -> sb.append(t).append('\n'));
            }
            if (sb.length() > MAX_DOCUMENTS) {
                break;
            }
        }
        return sb.length() > MAX_DOCUMENTS ? sb.substring(0, MAX_DOCUMENTS) : sb.toString();
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
