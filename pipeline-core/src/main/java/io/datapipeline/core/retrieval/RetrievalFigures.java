package io.datapipeline.core.retrieval;

/**
 * The figures of one evaluation, each a share of the evaluated questions (0 to 1).
 *
 * @param k          results per collection looked at
 * @param questions  the task's question–SQL pairs
 * @param evaluated  those whose tables are known (the others are not counted in any share)
 * @param ddlHit     {@code ddl_hit@k}: the DDL of every table the pair's SQL reads is in the top k of {@code ddl}
 * @param ddlRecall  {@code ddl_recall@k}: the mean share of those tables whose DDL is in the top k
 * @param docHit     {@code doc_hit@k}: every such table is named by a row in the top k of {@code documentation}
 * @param sqlMatch   {@code sql_match@k}: another pair whose SQL reads the same tables is in the top k of {@code sql},
 *                   a share of the {@code sqlMatchable} questions only (a question whose tables no other pair reads
 *                   cannot match, whatever the store)
 * @param sqlMatchable evaluated questions for which the task has another pair reading the same tables
 */
public record RetrievalFigures(int k, int questions, int evaluated, double ddlHit, double ddlRecall, double docHit,
        double sqlMatch, int sqlMatchable) {

    /** The figure names as they are written ({@code ddl_hit@3} …), the gate's vocabulary. */
    public String name(String metric) {
        return metric + "@" + k;
    }

    /** The value of a figure by its name ({@code ddl_hit}, {@code ddl_recall}, {@code doc_hit}, {@code sql_match}). */
    public double value(String metric) {
        return switch (metric) {
            case "ddl_hit" -> ddlHit;
            case "ddl_recall" -> ddlRecall;
            case "doc_hit" -> docHit;
            case "sql_match" -> sqlMatch;
            default -> throw new IllegalArgumentException("no figure " + metric);
        };
    }
}
