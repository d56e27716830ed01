package io.datapipeline.core.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed's rules for the vector-table flags of an execution, in one pure function that every entry
 * point (REST, CLI, library) goes through:
 *
 * <ol>
 *   <li>{@code truncate_vector_tables} implies {@code backup_vector_tables}: there is no truncate without
 *       a backup.</li>
 *   <li>The flags only apply to {@code training_load}. In step mode with another step they are ignored and
 *       a warning says so (the caller sees it in the response, the log records it).</li>
 *   <li>Both default to false.</li>
 *   <li>{@code truncate_scope} ({@code table} by default) only means something with a truncate; given without one
 *       it is ignored with a warning. So does {@code replace_by_difference}.</li>
 *   <li>The retrieval gate ({@code min_retrieval}, {@code max_retrieval_drop}) applies to what {@code training_load}
 *       loads; with {@code skip_training} it is ignored with a warning.</li>
 * </ol>
 *
 * <p>In complete mode the flags are kept; the workflow applies them once, at the start of
 * {@code training_load}. When the task has {@code training_load} disabled they cannot apply, and a
 * warning says so instead of dropping them silently.
 */
public final class VectorManagementPolicy {

    /** Applies the rules for a task whose {@code training_load} step is enabled. */
    public VectorManagementDecision decide(ExecutionRequest request) {
        return decide(request, true);
    }

    /**
     * Applies the rules.
     *
     * @param request             the request as received
     * @param trainingLoadEnabled whether the task's parameters enable {@code training_load} in complete mode (in
     *                            resume mode: whether {@code training_load} is among the steps that run)
     */
    public VectorManagementDecision decide(ExecutionRequest request, boolean trainingLoadEnabled) {
        List<String> warnings = new ArrayList<>();
        boolean truncate = request.truncateVectorTables();
        boolean backup = request.backupVectorTables() || truncate;
        boolean skipTraining = request.skipTraining();

        if (request.mode() == ExecutionMode.STEP && request.step() != StepName.TRAINING_LOAD) {
            if (backup || request.truncateScope() != null || request.reload().any()) {
                warnings.add("vector table parameters only apply to training_load; current step: "
                        + request.step().wire() + "; ignored");
            }
            if (skipTraining) {
                warnings.add("skip_training only applies to training_load; current step: "
                        + request.step().wire() + "; ignored");
            }
            return new VectorManagementDecision(false, false, false, warnings);
        }

        if (request.mode() == ExecutionMode.RESUME) {
            if (!trainingLoadEnabled) {
                if (backup || skipTraining || request.truncateScope() != null || request.reload().any()) {
                    warnings.add("training_load is not among the steps this resume runs; vector table parameters "
                            + "and skip_training ignored");
                }
                return new VectorManagementDecision(false, false, false, warnings);
            }
        }
        if (request.mode() == ExecutionMode.COMPLETE) {
            if (!trainingLoadEnabled) {
                if (backup || skipTraining || request.truncateScope() != null || request.reload().any()) {
                    warnings.add("training_load is disabled for this task (enable_training_data_load=false); "
                            + "vector table parameters and skip_training ignored");
                }
                return new VectorManagementDecision(false, false, false, warnings);
            }
        }

        TruncateScope scope = request.truncateScope() == null ? TruncateScope.TABLE : request.truncateScope();
        if (request.truncateScope() != null && !truncate) {
            warnings.add("truncate_scope only applies with truncate_vector_tables; ignored");
            scope = TruncateScope.TABLE;
        }
        if (truncate && skipTraining && scope == TruncateScope.LOADED_COLLECTIONS) {
            warnings.add("truncate_scope loaded_collections with skip_training removes nothing (no collection is "
                    + "loaded); only the backup is taken");
        }
        if (truncate && skipTraining) {
            warnings.add("truncate_vector_tables with skip_training empties the vector store without reloading it; "
                    + "the backup taken first can restore it");
        } else if (skipTraining && !backup) {
            warnings.add("skip_training without backup_vector_tables or truncate_vector_tables: training_load will do nothing");
        }
        return new VectorManagementDecision(backup, truncate, skipTraining, warnings, scope,
                reloadOptions(request, truncate, skipTraining, warnings));
    }

    /** {@code replace_by_difference} only with a truncate; the gate only when something is loaded. */
    private static ReloadOptions reloadOptions(ExecutionRequest request, boolean truncate, boolean skipTraining,
            List<String> warnings) {
        boolean byDifference = request.reload().replaceByDifference();
        if (byDifference && !truncate) {
            warnings.add("replace_by_difference only applies with truncate_vector_tables; ignored");
            byDifference = false;
        }
        RetrievalGate gate = request.reload().gate();
        if (gate.active() && skipTraining) {
            warnings.add("min_retrieval and max_retrieval_drop with skip_training: nothing is loaded or measured; "
                    + "ignored");
            gate = RetrievalGate.NONE;
        }
        return new ReloadOptions(byDifference, gate);
    }
}
