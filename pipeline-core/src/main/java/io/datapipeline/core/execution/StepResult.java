package io.datapipeline.core.execution;

import java.util.List;
import java.util.Map;

/** What one step produced (its artifact in the result document). */
public sealed interface StepResult {

    /** The step failed before producing anything. */
    record Empty() implements StepResult {
    }

    /** {@code ddl_generation}. */
    record DdlGeneration(int tablesRequested, int tablesProcessed, List<String> processedTables,
            List<String> tablesNotFound, List<String> invalidEntries, int filesGenerated, int llmComments,
            double duration) implements StepResult {
        public DdlGeneration {
            processedTables = List.copyOf(processedTables);
            tablesNotFound = List.copyOf(tablesNotFound);
            invalidEntries = List.copyOf(invalidEntries);
        }
    }

    /** {@code qa_generation}. */
    record QaGeneration(String outputFile, int totalQuestions, int totalThemes, long successfulThemes,
            List<Theme> themes, double duration) implements StepResult {
        public QaGeneration {
            themes = List.copyOf(themes);
        }
    }

    /**
     * One theme of {@code qa_generation}.
     *
     * @param theme   its name
     * @param pairs   pairs generated, or {@code null} when it failed
     * @param success whether the model answered usably
     * @param error   why not, or {@code null}
     */
    record Theme(String theme, Integer pairs, boolean success, String error) {
    }

    /** {@code sql_validation}. */
    record SqlValidation(String inputFile, int totalSqls, int validSqls, int invalidSqls, int repairedSqls,
            int removedSqls, List<Integer> malformedItems, double successRate, boolean fileModified, String backupFile,
            String reportFile, double duration) implements StepResult {
        public SqlValidation {
            malformedItems = List.copyOf(malformedItems);
        }
    }

    /**
     * One SQL that failed {@code EXPLAIN}, for the validation report.
     *
     * @param index       its index in the pairs array
     * @param question    the question
     * @param sql         the SQL
     * @param error       the database's error
     * @param repairedSql the language model's repair that passed, or {@code null}
     */
    record SqlFailure(int index, String question, String sql, String error, String repairedSql) {
    }

    /**
     * The tables one valid SQL reads, as its {@code EXPLAIN} plan says (what the retrieval evaluation reads back).
     *
     * @param index  its index in the pairs array
     * @param sql    the SQL (the repair, for a repaired item)
     * @param tables {@code schema.table}, sorted
     */
    record SqlTables(int index, String sql, List<String> tables) {
        public SqlTables {
            tables = List.copyOf(tables);
        }
    }

    /**
     * The JSON report of a validation, {@code sql_validation_<ts>_report.json}: the step's result, every
     * failure, and the tables every valid (or repaired) SQL reads (written in the wire shape by the workspace
     * adapter).
     */
    record SqlValidationReport(SqlValidation summary, List<SqlFailure> failures, List<SqlTables> tablesRead) {
        public SqlValidationReport {
            failures = List.copyOf(failures);
            tablesRead = List.copyOf(tablesRead);
        }

        public SqlValidationReport(SqlValidation summary, List<SqlFailure> failures) {
            this(summary, failures, List.of());
        }
    }

    /**
     * {@code training_load}; absent values ({@code null}) were not reached.
     *
     * @param trainingDataDir   the task directory
     * @param files             files loaded
     * @param skippedFiles      files skipped
     * @param duplicatesInFiles items that repeat another item of the files (loaded once)
     * @param loadSuccessful    whether the load committed
     * @param commitOutcome     {@code committed}, {@code rolled_back} or {@code unknown}
     * @param recordsLoaded     rows inserted per collection
     * @param skippedExisting   items not written because stored already, per collection
     * @param totalRecords      rows inserted
     * @param embeddingModel    the model's description
     * @param embeddingProvider the model's provider
     * @param embeddingDimension the vectors' dimension
     * @param created           store objects created because they were missing
     * @param warnings          notes
     * @param duration          seconds
     */
    record TrainingLoad(String trainingDataDir, List<String> files, List<String> skippedFiles, Integer duplicatesInFiles,
            Boolean loadSuccessful, String commitOutcome, Map<String, Long> recordsLoaded,
            Map<String, Long> skippedExisting, Long totalRecords, String embeddingModel, String embeddingProvider,
            Integer embeddingDimension, List<String> created, List<String> warnings, Double duration)
            implements StepResult {
    }
}
