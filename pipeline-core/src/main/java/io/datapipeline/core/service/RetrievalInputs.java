package io.datapipeline.core.service;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.retrieval.RetrievalCase;
import io.datapipeline.core.retrieval.RetrievalEvaluator;
import io.datapipeline.core.retrieval.TrainingTables;
import io.datapipeline.core.vector.TrainingItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a task's questions are measured with: its question–SQL pairs with the tables their SQL reads (from the newest
 * {@code sql_validation} report), and the tables it has DDL for.
 *
 * @param cases       every pair, in file order (those whose tables are unknown have none)
 * @param knownTables tables the task has DDL for
 * @param unknown     pairs whose tables are not known
 */
record RetrievalInputs(List<RetrievalCase> cases, Set<String> knownTables, int unknown) {

    RetrievalInputs {
        cases = List.copyOf(cases);
        knownTables = Set.copyOf(knownTables);
    }

    static RetrievalInputs of(TaskWorkspace workspace, TaskId id, List<TrainingFiles.Item> items) {
        Map<String, List<String>> tablesBySql = StoredEvaluations.tablesRead(workspace, id);
        List<RetrievalCase> cases = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>();
        int unknown = 0;
        for (TrainingFiles.Item item : items) {
            if (item.collection().equals(RetrievalEvaluator.DDL)) {
                TrainingTables.createdBy(item.document()).ifPresent(known::add);
            } else if (item.collection().equals(RetrievalEvaluator.SQL) && item.question() != null) {
                List<String> tables = tablesBySql.getOrDefault(StoredEvaluations.key(item.sql()), List.of());
                unknown += tables.isEmpty() ? 1 : 0;
                cases.add(new RetrievalCase(item.question(), TrainingItem.contentId("sql", item.document()), tables));
            }
        }
        return new RetrievalInputs(cases, known, unknown);
    }

    /** Whether any pair can be evaluated. */
    boolean measurable() {
        return cases.size() > unknown;
    }

    /**
     * At most {@code n} of the pairs whose tables are known, the same ones from one reload to the next as long as they
     * are in the files: those with the smallest row ids (content ids, so the choice does not follow file order).
     */
    List<RetrievalCase> sample(int n) {
        return cases.stream().filter(c -> !c.tables().isEmpty()).sorted(Comparator.comparing(RetrievalCase::rowId))
                .distinct().limit(n).toList();
    }
}
