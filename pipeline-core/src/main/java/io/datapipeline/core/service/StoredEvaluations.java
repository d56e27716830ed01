package io.datapipeline.core.service;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.retrieval.RetrievalEvaluation;
import io.datapipeline.core.retrieval.RetrievalFigures;
import io.datapipeline.core.retrieval.RetrievalHistoryEntry;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back what other steps stored as JSON in the task directory: the tables of the newest {@code sql_validation}
 * report, and past evaluations. A file may come back as the typed value it was written from (the in-memory
 * workspace) or as its JSON tree (the file workspace); both are read.
 */
final class StoredEvaluations {

    private StoredEvaluations() {
    }

    /** The SQL's key for matching a pair with the report: trimmed, without trailing semicolons. */
    static String key(String sql) {
        String s = sql == null ? "" : sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /** SQL key to the tables its plan reads, from the newest validation report that records them. */
    static Map<String, List<String>> tablesRead(TaskWorkspace workspace, TaskId id) {
        List<String> reports = workspace.list(id).stream().map(TaskWorkspace.FileInfo::name)
                .filter(n -> n.startsWith("sql_validation_") && n.endsWith("_report.json"))
                .sorted(Comparator.reverseOrder()).toList();
        for (String name : reports) {
            Map<String, List<String>> out = new HashMap<>();
            Object json = workspace.readJson(id, name).orElse(null);
            if (json instanceof StepResult.SqlValidationReport r) {
                if (r.tablesRead().isEmpty() && r.summary().validSqls() > 0) {
                    continue;
                }
                r.tablesRead().forEach(t -> out.put(key(t.sql()), t.tables()));
                return out;
            }
            Object read = TaskWorkspace.asObject(json).get("tables_read");
            if (read instanceof List<?> list) {
                for (Object o : list) {
                    Map<String, Object> m = TaskWorkspace.asObject(o);
                    if (m.get("sql") instanceof String sql && m.get("tables") instanceof List<?> tables) {
                        out.put(key(sql), tables.stream().map(String::valueOf).toList());
                    }
                }
                return out;
            }
        }
        return Map.of();
    }

    static String summary(RetrievalFigures f) {
        return String.format(Locale.ROOT, "%s=%.3f %s=%.3f %s=%.3f %s=%.3f questions=%d evaluated=%d",
                f.name("ddl_hit"), f.ddlHit(), f.name("ddl_recall"), f.ddlRecall(), f.name("doc_hit"), f.docHit(),
                f.name("sql_match"), f.sqlMatch(), f.questions(), f.evaluated());
    }

    /** A stored evaluation as a history entry; empty when the file is not one. */
    static Optional<RetrievalHistoryEntry> entry(Object json, String file) {
        if (json instanceof RetrievalEvaluation e) {
            return Optional.of(new RetrievalHistoryEntry(e.evaluatedAt(), file, e.model().provider() + "/"
                    + e.model().model(), e.measure().figures()));
        }
        Map<String, Object> m = TaskWorkspace.asObject(json);
        if (!(m.get("evaluated_at") instanceof String at) || !(m.get("k") instanceof Number k)
                || !(m.get("metrics") instanceof Map<?, ?> metrics)) {
            return Optional.empty();
        }
        Map<String, Object> model = TaskWorkspace.asObject(m.get("embedding"));
        int kk = k.intValue();
        RetrievalFigures f = new RetrievalFigures(kk, number(m.get("questions")), number(m.get("evaluated")),
                share(metrics, "ddl_hit@" + kk), share(metrics, "ddl_recall@" + kk), share(metrics, "doc_hit@" + kk),
                share(metrics, "sql_match@" + kk), number(m.get("sql_matchable")));
        return Optional.of(new RetrievalHistoryEntry(at, file, model.get("provider") + "/" + model.get("model"), f));
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static double share(Map<?, ?> metrics, String key) {
        return metrics.get(key) instanceof Number n ? n.doubleValue() : 0;
    }
}
