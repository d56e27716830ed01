package io.datapipeline.core.vector;


/**
 * One table's entry of {@code truncate_results}.
 *
 * @param success    whether the table is empty at commit
 * @param rowsBefore rows in the table at the start of the truncate (equals the backed-up row count)
 * @param rowsAfter  rows after the truncate, inside the same transaction
 * @param duration   seconds
 * @param error      why it failed, or {@code null}
 */
public record TruncateResult(boolean success, long rowsBefore, long rowsAfter, double duration, String error) {

}
