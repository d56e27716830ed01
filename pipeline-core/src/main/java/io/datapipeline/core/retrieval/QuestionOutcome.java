package io.datapipeline.core.retrieval;

import java.util.List;

/**
 * What one question retrieved.
 *
 * @param question     the question
 * @param tables       the tables its SQL reads
 * @param missingDdl   those whose DDL was not in the top k
 * @param retrievedDdl the tables of the DDL rows it did retrieve, nearest first ({@code ?} for a row that names none)
 * @param docHit       whether {@code doc_hit} holds for it
 * @param sqlMatch     whether {@code sql_match} holds for it
 * @param sqlMatchable whether another pair of the task reads the same tables (else {@code sqlMatch} cannot hold)
 */
public record QuestionOutcome(String question, List<String> tables, List<String> missingDdl, List<String> retrievedDdl,
        boolean docHit, boolean sqlMatch, boolean sqlMatchable) {

    public QuestionOutcome {
        tables = List.copyOf(tables);
        missingDdl = List.copyOf(missingDdl);
        retrievedDdl = List.copyOf(retrievedDdl);
    }

    /** Share of its tables whose DDL was found. */
    public double ddlRecall() {
        return tables.isEmpty() ? 0 : (double) (tables.size() - missingDdl.size()) / tables.size();
    }

    public boolean ddlHit() {
        return missingDdl.isEmpty();
    }

    public boolean perfect() {
        return ddlHit() && docHit && (sqlMatch || !sqlMatchable);
    }
}
