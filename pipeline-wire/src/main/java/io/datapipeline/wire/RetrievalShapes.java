package io.datapipeline.wire;

import io.datapipeline.core.retrieval.RetrievalCheck;
import io.datapipeline.core.retrieval.QuestionOutcome;
import io.datapipeline.core.retrieval.RetrievalEvaluation;
import io.datapipeline.core.retrieval.RetrievalFigures;
import io.datapipeline.core.retrieval.RetrievalHistoryEntry;
import io.datapipeline.core.retrieval.RetrievalMeasure;
import io.datapipeline.core.retrieval.TableCoverage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieval evaluations: {@code retrieval_evaluation_<ts>.json}, the REST and CLI answers. The figure names carry k
 * ({@code ddl_hit@3}), the names the reload gate's options use.
 */
public final class RetrievalShapes {

    private RetrievalShapes() {
    }

    public static Map<String, Object> evaluation(RetrievalEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", e.taskId());
        m.put("evaluated_at", e.evaluatedAt());
        m.put("embedding", StoreShapes.provenance(e.model()));
        m.putAll(measure(e.measure()));
        m.put("warnings", e.warnings());
        m.put("file", e.file());
        return m;
    }

    /** The store-dependent part (what a reload reports for the old and the new store). */
    public static Map<String, Object> measure(RetrievalMeasure r) {
        Map<String, Object> m = new LinkedHashMap<>();
        RetrievalFigures f = r.figures();
        m.put("k", f.k());
        m.put("questions", f.questions());
        m.put("evaluated", f.evaluated());
        m.put("sql_matchable", f.sqlMatchable());
        m.put("metrics", metrics(f));
        List<Object> tables = new ArrayList<>();
        for (TableCoverage t : r.coverage()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("table", t.table());
            tm.put("questions", t.questions());
            tm.put("ddl_retrieved", t.ddlRetrieved());
            tables.add(tm);
        }
        m.put("tables", tables);
        m.put("never_retrieved", r.neverRetrieved());
        m.put("tables_without_questions", r.tablesWithoutQuestions());
        List<Object> worst = new ArrayList<>();
        for (QuestionOutcome q : r.worst()) {
            Map<String, Object> qm = new LinkedHashMap<>();
            qm.put("question", q.question());
            qm.put("tables", q.tables());
            qm.put("missing_ddl", q.missingDdl());
            qm.put("retrieved_ddl", q.retrievedDdl());
            qm.put("doc_hit", q.docHit());
            qm.put("sql_match", q.sqlMatchable() ? q.sqlMatch() : null);
            worst.add(qm);
        }
        m.put("worst_questions", worst);
        return m;
    }

    /**
     * What a reload measured inside its transaction: {@code {k, before: {questions, evaluated, metrics}, after: {…,
     * never_retrieved}, gate: {criteria, passed, failures}, note}}; a part not measured is {@code null}.
     */
    public static Map<String, Object> check(RetrievalCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        RetrievalMeasure any = c.after() != null ? c.after() : c.before();
        m.put("k", any == null ? null : any.figures().k());
        m.put("before", c.before() == null ? null : figures(c.before()));
        Map<String, Object> after = c.after() == null ? null : figures(c.after());
        if (after != null) {
            after.put("never_retrieved", c.after().neverRetrieved());
        }
        m.put("after", after);
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("criteria", c.criteria());
        gate.put("passed", c.passed());
        gate.put("failures", c.failures());
        m.put("gate", c.criteria().isEmpty() ? null : gate);
        m.put("note", c.note());
        return m;
    }

    private static Map<String, Object> figures(RetrievalMeasure r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("questions", r.figures().questions());
        m.put("evaluated", r.figures().evaluated());
        m.put("metrics", metrics(r.figures()));
        return m;
    }

    /** {@code {"ddl_hit@3": 0.816, "ddl_recall@3": …, "doc_hit@3": …, "sql_match@3": …}}, 4 decimals. */
    public static Map<String, Object> metrics(RetrievalFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(f.name("ddl_hit"), round(f.ddlHit()));
        m.put(f.name("ddl_recall"), round(f.ddlRecall()));
        m.put(f.name("doc_hit"), round(f.docHit()));
        m.put(f.name("sql_match"), round(f.sqlMatch()));
        return m;
    }

    public static Map<String, Object> history(String taskId, List<RetrievalHistoryEntry> entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", taskId);
        List<Object> list = new ArrayList<>();
        for (RetrievalHistoryEntry e : entries) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("evaluated_at", e.evaluatedAt());
            em.put("file", e.file());
            em.put("model", e.model());
            em.put("k", e.figures().k());
            em.put("questions", e.figures().questions());
            em.put("evaluated", e.figures().evaluated());
            em.put("sql_matchable", e.figures().sqlMatchable());
            em.put("metrics", metrics(e.figures()));
            list.add(em);
        }
        m.put("evaluations", list);
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10_000d) / 10_000d;
    }
}
