package io.datapipeline.core.domain;

import java.util.List;

/**
 * What will happen to the vector tables for one execution, as decided by {@link VectorManagementPolicy}.
 *
 * @param backup       back the tables up at the start of {@code training_load}
 * @param truncate     empty the truncate scope in the same transaction as the backup
 * @param skipTraining do vector management only, load no files
 * @param warnings     flags that were ignored and why, in English; returned to the caller and logged
 * @param truncateScope which rows a truncate removes ({@link TruncateScope#TABLE} unless asked otherwise)
 * @param reload       replace by difference (only with a truncate) and the retrieval gate
 */
public record VectorManagementDecision(boolean backup, boolean truncate, boolean skipTraining, List<String> warnings,
        TruncateScope truncateScope, ReloadOptions reload) {

    public VectorManagementDecision {
        if (truncate && !backup) {
            throw new IllegalArgumentException("a truncate without a backup is never allowed");
        }
        warnings = List.copyOf(warnings);
        truncateScope = truncateScope == null ? TruncateScope.TABLE : truncateScope;
        reload = reload == null ? ReloadOptions.NONE : reload;
        if (reload.replaceByDifference() && !truncate) {
            throw new IllegalArgumentException("a replace by difference is a truncating reload");
        }
    }

    /** A decision without reload options. */
    public VectorManagementDecision(boolean backup, boolean truncate, boolean skipTraining, List<String> warnings,
            TruncateScope truncateScope) {
        this(backup, truncate, skipTraining, warnings, truncateScope, ReloadOptions.NONE);
    }

    /** A decision with the default truncate scope. */
    public VectorManagementDecision(boolean backup, boolean truncate, boolean skipTraining, List<String> warnings) {
        this(backup, truncate, skipTraining, warnings, TruncateScope.TABLE, ReloadOptions.NONE);
    }

    /** True when the store is touched before loading (backup, possibly truncate). */
    public boolean active() {
        return backup || truncate;
    }

    /**
     * This decision with the task's own retrieval gate when the caller named none (and something is loaded): what a
     * scheduled or scripted run of a gated task is measured against.
     */
    public VectorManagementDecision withTaskGate(RetrievalGate taskGate) {
        if (taskGate == null || !taskGate.active() || reload.gate().active() || skipTraining) {
            return this;
        }
        return new VectorManagementDecision(backup, truncate, skipTraining, warnings, truncateScope,
                new ReloadOptions(reload.replaceByDifference(), taskGate));
    }
}
