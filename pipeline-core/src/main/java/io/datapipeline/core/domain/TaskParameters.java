package io.datapipeline.core.domain;


/**
 * How a task runs, fixed at creation.
 *
 * @param businessDatabase       the business database to describe (holds a password: never log or return it raw)
 * @param businessContext        one sentence about the business, given to the language model
 * @param enableSqlValidation    run {@code sql_validation} in complete mode
 * @param enableLlmRepair        let the language model repair SQL that fails {@code EXPLAIN}
 * @param modifyOriginalFile     rewrite the pairs file after validation (keeping the previous version)
 * @param enableTrainingDataLoad run {@code training_load} in complete mode
 * @param restoreOnLoadFailure   kept for compatibility and ignored: a failed reload never changes the store
 *                               (one transaction), so there is nothing to restore
 * @param generation             how the language-model steps run (concurrency, themes, sampling…)
 * @param retrievalGate          the retrieval gate of the task's reloads ({@code min_retrieval},
 *                               {@code max_retrieval_drop}) when an execution names none: scheduled and scripted runs
 *                               are gated without repeating it
 */
public record TaskParameters(DatabaseUrl businessDatabase, String businessContext, boolean enableSqlValidation,
        boolean enableLlmRepair, boolean modifyOriginalFile, boolean enableTrainingDataLoad,
        boolean restoreOnLoadFailure, GenerationOptions generation, RetrievalGate retrievalGate) {

    public static final String DEFAULT_BUSINESS_CONTEXT = "database management system";

    public TaskParameters {
        if (businessContext == null || businessContext.isBlank()) {
            businessContext = DEFAULT_BUSINESS_CONTEXT;
        }
        generation = generation == null ? GenerationOptions.DEFAULTS : generation;
        retrievalGate = retrievalGate == null ? RetrievalGate.NONE : retrievalGate;
    }

    /** Without a retrieval gate of its own. */
    public TaskParameters(DatabaseUrl businessDatabase, String businessContext, boolean enableSqlValidation,
            boolean enableLlmRepair, boolean modifyOriginalFile, boolean enableTrainingDataLoad,
            boolean restoreOnLoadFailure, GenerationOptions generation) {
        this(businessDatabase, businessContext, enableSqlValidation, enableLlmRepair, modifyOriginalFile,
                enableTrainingDataLoad, restoreOnLoadFailure, generation, RetrievalGate.NONE);
    }

    /** With the built-in {@link GenerationOptions#DEFAULTS}. */
    public TaskParameters(DatabaseUrl businessDatabase, String businessContext, boolean enableSqlValidation,
            boolean enableLlmRepair, boolean modifyOriginalFile, boolean enableTrainingDataLoad,
            boolean restoreOnLoadFailure) {
        this(businessDatabase, businessContext, enableSqlValidation, enableLlmRepair, modifyOriginalFile,
                enableTrainingDataLoad, restoreOnLoadFailure, GenerationOptions.DEFAULTS);
    }

    public TaskParameters withGeneration(GenerationOptions options) {
        return new TaskParameters(businessDatabase, businessContext, enableSqlValidation, enableLlmRepair,
                modifyOriginalFile, enableTrainingDataLoad, restoreOnLoadFailure, options, retrievalGate);
    }

    public TaskParameters withRetrievalGate(RetrievalGate gate) {
        return new TaskParameters(businessDatabase, businessContext, enableSqlValidation, enableLlmRepair,
                modifyOriginalFile, enableTrainingDataLoad, restoreOnLoadFailure, generation, gate);
    }

    /** The original's defaults: every step on, repair on, file rewrite on. */
    public static TaskParameters defaults(DatabaseUrl businessDatabase, String businessContext) {
        return of(businessDatabase, businessContext, null, null, null, null, null);
    }

    /**
     * Parameters with the defaults (all {@code true}) wherever a flag is {@code null}: the one place that knows
     * them, for every adapter and the stored records.
     */
    public static TaskParameters of(DatabaseUrl businessDatabase, String businessContext, Boolean enableSqlValidation,
            Boolean enableLlmRepair, Boolean modifyOriginalFile, Boolean enableTrainingDataLoad,
            Boolean restoreOnLoadFailure) {
        return new TaskParameters(businessDatabase, businessContext, orTrue(enableSqlValidation), orTrue(enableLlmRepair),
                orTrue(modifyOriginalFile), orTrue(enableTrainingDataLoad), orTrue(restoreOnLoadFailure));
    }

    private static boolean orTrue(Boolean b) {
        return b == null || b;
    }

}
