package io.datapipeline.core.port.in;

import io.datapipeline.core.execution.StepResult;

/** {@code EXPLAIN} every SQL of a pairs file against a business database, optionally repair and rewrite the file. */
public interface ValidateSqlUseCase {

    /**
     * @throws io.datapipeline.core.domain.InvalidInputException (field {@code input_file}) when the file is missing or
     *         no JSON array, (field {@code enable_llm_repair}) when repair is asked and no language model is configured,
     *         (field {@code db_connection}) when the database cannot be reached
     */
    Validation validate(ValidateSqlCommand command);

    /**
     * The outcome.
     *
     * @param folder the folder of the file, where the reports were written
     * @param report the summary (file names relative to {@code folder}) and every failure
     */
    record Validation(String folder, StepResult.SqlValidationReport report) {

        /** Whether SQL that fails {@code EXPLAIN} is left unrepaired (removed from a rewritten file or not). */
        public boolean hasUnrepairedFailures() {
            return report.summary().invalidSqls() > report.summary().repairedSqls();
        }
    }
}
