package io.datapipeline.core.vector;

import io.datapipeline.core.domain.ResultKind;
import java.util.Map;

/**
 * What a dedupe found and did.
 *
 * @param applied          duplicates were removed (the transaction committed)
 * @param duplicates       per collection: duplicate rows found (removed when applied)
 * @param backup           the backup taken before removing, or {@code null} for a dry run or when nothing was found
 * @param outcome          what became of the transaction ({@code null} for a dry run)
 * @param error            why it failed, or {@code null}
 */
public record DedupeReport(boolean applied, Map<String, Long> duplicates, VectorManagementReport backup,
        CommitOutcome outcome, String error) {

    public DedupeReport {
        duplicates = Map.copyOf(duplicates);
    }

    public long total() {
        return duplicates.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean success() {
        return error == null;
    }

    /** How it ended: ok, failed (rolled back), or commit outcome unknown. */
    public ResultKind kind() {
        return ResultKind.of(success(), outcome == CommitOutcome.UNKNOWN);
    }
}
