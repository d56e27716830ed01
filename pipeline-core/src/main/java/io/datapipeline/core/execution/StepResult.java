package io.datapipeline.core.execution;

import java.util.List;
import java.util.Map;

/** What one step produced (its artifact in the result document). */
public sealed interface StepResult {

    /** The step failed before producing anything. */
    record Empty() implements StepResult {
    }

    /**
     * {@code ddl_generation}.
     *
     * @param tables         what became of the listed tables
     * @param filesGenerated files written (two per table and the mapping)
     * @param llmComments    comments the language model proposed (those of reused tables included)
     * @param duration       seconds
     */
    record DdlGeneration(Tables tables, int filesGenerated, int llmComments, double duration) implements StepResult {

        public int tablesRequested() {
            return tables.requested();
        }

        public int tablesProcessed() {
            return tables.processed().size();
        }

        public List<String> processedTables() {
            return tables.processed();
        }

        public List<String> tablesNotFound() {
            return tables.notFound();
        }

        public List<String> invalidEntries() {
            return tables.invalidEntries();
        }
    }

    /**
     * The tables of a {@code ddl_generation}.
     *
     * @param requested      valid entries of the table list
     * @param processed      tables documented (files written), in the list's order
     * @param notFound       entries naming no table of the database
     * @param invalidEntries entries that are no table name, with why
     * @param failed         tables that failed (catalog or sample unreadable: no files; the model's comments failed:
     *                       documented without them), in the list's order
     * @param reused         tables a resumed run took from an earlier run unchanged (not asked again)
     */
    record Tables(int requested, List<String> processed, List<String> notFound, List<String> invalidEntries,
            List<UnitFailure> failed, int reused) {
        public Tables {
            processed = List.copyOf(processed);
            notFound = List.copyOf(notFound);
            invalidEntries = List.copyOf(invalidEntries);
            failed = List.copyOf(failed);
        }
    }

    /**
     * A unit of a step that failed.
     *
     * @param unit  what it was (a table's name)
     * @param error why
     */
    record UnitFailure(String unit, String error) {
    }

    /** {@code qa_generation}. */
    record QaGeneration(String outputFile, int totalQuestions, int totalThemes, long successfulThemes,
            List<Theme> themes, double duration) implements StepResult {
        public QaGeneration {
            themes = List.copyOf(themes);
        }

        /** Themes a resumed run took from an earlier run unchanged. */
        public long themesReused() {
            return themes.stream().filter(Theme::reused).count();
        }
    }

    /**
     * One theme of {@code qa_generation}.
     *
     * @param theme   its name
     * @param pairs   pairs generated, or {@code null} when it failed
     * @param success whether the model answered usably
     * @param error   why not, or {@code null}
     * @param reused  whether a resumed run took its pairs from an earlier run (the model was not asked again)
     */
    record Theme(String theme, Integer pairs, boolean success, String error, boolean reused) {
        public Theme(String theme, Integer pairs, boolean success, String error) {
            this(theme, pairs, success, error, false);
        }
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
     * The JSON report of a validation, {@code sql_validation_<ts>_report.json}: the step's result and every
     * failure (written in the wire shape by the workspace adapter).
     */
    record SqlValidationReport(SqlValidation summary, List<SqlFailure> failures) {
        public SqlValidationReport {
            failures = List.copyOf(failures);
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
