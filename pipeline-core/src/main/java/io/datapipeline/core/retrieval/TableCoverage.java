package io.datapipeline.core.retrieval;

/**
 * How well one table's DDL is found by the questions about it.
 *
 * @param table        {@code schema.table}
 * @param questions    evaluated questions whose SQL reads it
 * @param ddlRetrieved of those, how many had its DDL in their top k
 */
public record TableCoverage(String table, int questions, int ddlRetrieved) {

    /** Its DDL never came up for its own questions. */
    public boolean neverRetrieved() {
        return questions > 0 && ddlRetrieved == 0;
    }
}
