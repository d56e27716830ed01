package io.datapipeline.core.vector;

import io.datapipeline.core.domain.ResultKind;
import java.util.List;

/**
 * What a prune or delete did, or (dry run) would do.
 *
 * @param applied  files were deleted; false for a dry run
 * @param selected the sets deleted (or that would be)
 * @param kept     sets the rules selected but a protection kept, each with the reason
 * @param skipped  locations not looked at, with the reason (e.g. a backup is being written there)
 * @param errors   deletions that failed
 */
public record PruneReport(boolean applied, List<Entry> selected, List<Entry> kept, List<String> skipped,
        List<String> errors) {

    public PruneReport {
        selected = List.copyOf(selected);
        kept = List.copyOf(kept);
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    /** Bytes of the selected sets' files. */
    public long bytes() {
        return selected.stream().mapToLong(Entry::bytes).sum();
    }

    public boolean success() {
        return errors.isEmpty();
    }

    /** How it ended: ok, or failed (a set that could not be deleted; the others were). */
    public ResultKind kind() {
        return ResultKind.of(success(), false);
    }

    /**
     * One set.
     *
     * @param location  {@code global} or the task id
     * @param timestamp the set
     * @param state     complete, incomplete or damaged
     * @param bytes     bytes of its files
     * @param reason    why it is selected, or why it is kept
     */
    public record Entry(String location, String timestamp, BackupSetState state, long bytes, String reason) {
    }
}
