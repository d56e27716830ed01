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
     * {@code training_load}; the parts not reached are {@code null}.
     *
     * @param trainingDataDir the task directory
     * @param files           the training files read, or {@code null} when none were (skip_training)
     * @param load            what the load wrote, or {@code null} when it did not get that far
     * @param embedding       the embedding model, or {@code null} when nothing was embedded
     * @param created         store objects created because they were missing, or {@code null}
     * @param warnings        notes, or {@code null}
     * @param duration        seconds
     */
    record TrainingLoad(String trainingDataDir, Files files, Load load, Embedding embedding, List<String> created,
            List<String> warnings, Double duration) implements StepResult {

        /**
         * The training files.
         *
         * @param loaded            files loaded
         * @param skipped           files skipped
         * @param duplicatesInFiles items that repeat another item of the files (loaded once), or {@code null}
         */
        public record Files(List<String> loaded, List<String> skipped, Integer duplicatesInFiles) {
        }

        /**
         * What was written.
         *
         * @param successful      whether the load committed
         * @param commitOutcome   {@code committed}, {@code rolled_back} or {@code unknown}, or {@code null}
         * @param recordsLoaded   rows inserted per collection, or {@code null}
         * @param skippedExisting items not written because stored already, per collection, or {@code null}
         * @param totalRecords    rows inserted, or {@code null}
         */
        public record Load(boolean successful, String commitOutcome, Map<String, Long> recordsLoaded,
                Map<String, Long> skippedExisting, Long totalRecords) {

            /** Nothing was written: the load failed before it could (or was refused). */
            public static Load failed() {
                return new Load(false, null, null, null, null);
            }
        }

        /**
         * The model the items were embedded with.
         *
         * @param model     its description
         * @param provider  its provider
         * @param dimension the vectors' dimension
         */
        public record Embedding(String model, String provider, Integer dimension) {
        }

        /** A result with the parts reached so far; add the rest with the {@code with…} methods. */
        public static TrainingLoad of(String trainingDataDir, Files files) {
            return new TrainingLoad(trainingDataDir, files, null, null, null, null, null);
        }

        public TrainingLoad withLoad(Load l) {
            return new TrainingLoad(trainingDataDir, files, l, embedding, created, warnings, duration);
        }

        public TrainingLoad withEmbedding(Embedding e) {
            return new TrainingLoad(trainingDataDir, files, load, e, created, warnings, duration);
        }

        /** The store objects created and the notes, each kept only when there is one. */
        public TrainingLoad withNotes(List<String> createdObjects, List<String> notes) {
            return new TrainingLoad(trainingDataDir, files, load, embedding, createdObjects == null
                    || createdObjects.isEmpty() ? null : List.copyOf(createdObjects), notes == null || notes.isEmpty()
                    ? null : List.copyOf(notes), duration);
        }

        public TrainingLoad withDuration(double seconds) {
            return new TrainingLoad(trainingDataDir, files, load, embedding, created, warnings, seconds);
        }
    }
}
