package io.datapipeline.core.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a task runs, fixed at creation.
 *
 * @param businessDatabase       the business database to describe (holds a password: never log or return it raw)
 * @param businessContext        one sentence about the business, given to the language model
 * @param enableSqlValidation    run {@code sql_validation} in complete mode
 * @param enableLlmRepair        let the language model repair SQL that fails {@code EXPLAIN}
 * @param modifyOriginalFile     rewrite the pairs file after validation (keeping the previous version)
 * @param enableTrainingDataLoad run {@code training_load} in complete mode
 * @param restoreOnLoadFailure   restore the set taken by this run when a load after a truncate fails
 */
public record TaskParameters(DatabaseUrl businessDatabase, String businessContext, boolean enableSqlValidation,
        boolean enableLlmRepair, boolean modifyOriginalFile, boolean enableTrainingDataLoad,
        boolean restoreOnLoadFailure) {

    public static final String DEFAULT_BUSINESS_CONTEXT = "database management system";

    public TaskParameters {
        if (businessContext == null || businessContext.isBlank()) {
            businessContext = DEFAULT_BUSINESS_CONTEXT;
        }
    }

    /** The original's defaults: every step on, repair on, file rewrite on. */
    public static TaskParameters defaults(DatabaseUrl businessDatabase, String businessContext) {
        return new TaskParameters(businessDatabase, businessContext, true, true, true, true, true);
    }

    /** The parameters for display and storage in responses: the connection string is masked. */
    public Map<String, Object> toMaskedMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("db_connection", businessDatabase == null ? null : businessDatabase.masked());
        m.put("business_context", businessContext);
        m.put("enable_sql_validation", enableSqlValidation);
        m.put("enable_llm_repair", enableLlmRepair);
        m.put("modify_original_file", modifyOriginalFile);
        m.put("enable_training_data_load", enableTrainingDataLoad);
        m.put("restore_on_load_failure", restoreOnLoadFailure);
        return m;
    }
}
