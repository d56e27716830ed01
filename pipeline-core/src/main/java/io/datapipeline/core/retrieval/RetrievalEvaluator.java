package io.datapipeline.core.retrieval;

import io.datapipeline.core.vector.StoreHit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Leave-one-out retrieval evaluation, a pure function of the task's pairs, their question vectors and a
 * {@link StoreView}: for each pair's question, the top k of {@code ddl}, {@code documentation} and {@code sql} (the
 * pair's own row left out), compared with the tables its SQL reads. The questions are embedded once by the caller, so
 * two views (the store before and after a reload, inside its transaction) are measured with the same vectors.
 */
public final class RetrievalEvaluator {

    /** Collections searched, by the assistant's names. */
    public static final String DDL = "ddl";
    public static final String DOCUMENTATION = "documentation";
    public static final String SQL = "sql";
    /** Worst questions kept. */
    public static final int WORST = 10;

    private RetrievalEvaluator() {
    }

    /**
     * @param cases       the pairs (duplicates by row id are counted once)
     * @param vectors     one question vector per case, in order
     * @param knownTables tables the task has DDL for (to list those no question reads)
     * @param view        the store to measure
     * @param k           results per collection
     */
    public static RetrievalMeasure measure(List<RetrievalCase> cases, List<float[]> vectors,
            Collection<String> knownTables, StoreView view, int k) {
        if (vectors.size() != cases.size()) {
            throw new IllegalArgumentException(vectors.size() + " vectors for " + cases.size() + " questions");
        }
        Map<String, List<String>> tablesByRow = new HashMap<>();
        cases.forEach(c -> tablesByRow.putIfAbsent(c.rowId(), c.tables()));
        Set<String> seen = new HashSet<>();
        List<QuestionOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            RetrievalCase c = cases.get(i);
            if (!seen.add(c.rowId()) || c.tables().isEmpty()) {
                continue;
            }
            outcomes.add(outcome(c, vectors.get(i), tablesByRow, view, k));
        }
        int questions = seen.size();
        int n = outcomes.size();
        int matchable = (int) outcomes.stream().filter(QuestionOutcome::sqlMatchable).count();
        RetrievalFigures figures = new RetrievalFigures(k, questions, n,
                share(outcomes.stream().filter(QuestionOutcome::ddlHit).count(), n),
                n == 0 ? 0 : outcomes.stream().mapToDouble(QuestionOutcome::ddlRecall).sum() / n,
                share(outcomes.stream().filter(QuestionOutcome::docHit).count(), n),
                share(outcomes.stream().filter(QuestionOutcome::sqlMatch).count(), matchable), matchable);
        return new RetrievalMeasure(figures, coverage(outcomes), withoutQuestions(knownTables, outcomes),
                worst(outcomes));
    }

    private static QuestionOutcome outcome(RetrievalCase c, float[] q, Map<String, List<String>> tablesByRow,
            StoreView view, int k) {
        List<String> retrievedDdl = new ArrayList<>();
        for (StoreHit h : view.search(DDL, q, k)) {
            retrievedDdl.add(TrainingTables.createdBy(h.document()).orElse("?"));
        }
        List<String> missing = new ArrayList<>();
        for (String t : c.tables()) {
            if (retrievedDdl.stream().noneMatch(r -> TrainingTables.same(r, t))) {
                missing.add(t);
            }
        }
        List<StoreHit> docs = view.search(DOCUMENTATION, q, k);
        boolean docHit = c.tables().stream().allMatch(t -> docs.stream()
                .anyMatch(d -> TrainingTables.mentions(d.document(), t)));
        Set<String> own = new TreeSet<>(c.tables());
        boolean matchable = tablesByRow.entrySet().stream().anyMatch(e -> !e.getKey().equals(c.rowId())
                && new TreeSet<>(e.getValue()).equals(own));
        boolean sqlMatch = matchable && view.search(SQL, q, k + 1).stream().filter(h -> !h.id().equals(c.rowId()))
                .limit(k).map(h -> tablesByRow.get(h.id()))
                .anyMatch(t -> t != null && !t.isEmpty() && new TreeSet<>(t).equals(own));
        return new QuestionOutcome(c.question(), c.tables(), missing, retrievedDdl, docHit, sqlMatch, matchable);
    }

    private static double share(long hits, int n) {
        return n == 0 ? 0 : (double) hits / n;
    }

    private static List<TableCoverage> coverage(List<QuestionOutcome> outcomes) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (QuestionOutcome o : outcomes) {
            for (String t : o.tables()) {
                int[] c = counts.computeIfAbsent(t, x -> new int[2]);
                c[0]++;
                if (!o.missingDdl().contains(t)) {
                    c[1]++;
                }
            }
        }
        List<TableCoverage> out = new ArrayList<>();
        counts.forEach((t, c) -> out.add(new TableCoverage(t, c[0], c[1])));
        out.sort(Comparator.comparingDouble((TableCoverage t) -> (double) t.ddlRetrieved() / t.questions())
                .thenComparing(TableCoverage::table));
        return out;
    }

    private static List<String> withoutQuestions(Collection<String> known, List<QuestionOutcome> outcomes) {
        TreeSet<String> out = new TreeSet<>();
        for (String t : known) {
            if (outcomes.stream().flatMap(o -> o.tables().stream()).noneMatch(x -> TrainingTables.same(x, t))) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /** Questions that missed something: fewest tables' DDL found first, then no matching pair, then no doc. */
    private static List<QuestionOutcome> worst(List<QuestionOutcome> outcomes) {
        return outcomes.stream().filter(o -> !o.perfect())
                .sorted(Comparator.comparingDouble(QuestionOutcome::ddlRecall)
                        .thenComparing(o -> o.sqlMatch() || !o.sqlMatchable())
                        .thenComparing(QuestionOutcome::docHit)
                        .thenComparing(QuestionOutcome::question))
                .limit(WORST).toList();
    }
}
