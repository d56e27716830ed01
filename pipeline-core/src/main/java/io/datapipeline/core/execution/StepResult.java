package io.datapipeline.core.execution;

import io.datapipeline.core.retrieval.RetrievalCheck;
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
     * @param retrieval       what the old and the new store retrieved for the task's questions (and the gate), or
     *                        {@code null} when they were not measured
     */
    record TrainingLoad(String trainingDataDir, Files files, Load load, Embedding embedding, List<String> created,
            List<String> warnings, Double duration, RetrievalCheck retrieval)
            implements StepResult {

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
         * @param embedded        texts sent to the embedding model per collection, or {@code null}
         * @param reused          stored vectors of the same model kept or carried over per collection, or {@code null}
         * @param replacedByDifference a replace by difference: unchanged, inserted and deleted rows per collection; else
         *                        {@code null}
         */
        public record Load(boolean successful, String commitOutcome, Map<String, Long> recordsLoaded,
                Map<String, Long> skippedExisting, Long totalRecords, Map<String, Long> embedded,
                Map<String, Long> reused, Map<String, Difference>
                        replacedByDifference) {

            /** Nothing was written: the load failed before it could (or was refused). */
            public static Load failed() {
                return new Load(false, null, null, null, null, null, null, null);
            }
        }

        /**
         * One collection of a replace by difference.
         *
         * @param unchanged rows of the new set stored already, not touched
         * @param inserted  rows added
         * @param deleted   rows the new set does not hold, deleted
         */
        public record Difference(long unchanged, long inserted, long deleted) {
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
            return new TrainingLoad(trainingDataDir, files, null, null, null, null, null, null);
        }

        public TrainingLoad withLoad(Load l) {
            return new TrainingLoad(trainingDataDir, files, l, embedding, created, warnings, duration, retrieval);
        }

        public TrainingLoad withEmbedding(Embedding e) {
            return new TrainingLoad(trainingDataDir, files, load, e, created, warnings, duration, retrieval);
        }

        public TrainingLoad withRetrieval(RetrievalCheck r) {
            return new TrainingLoad(trainingDataDir, files, load, embedding, created, warnings, duration, r);
        }

        /** The store objects created and the notes, each kept only when there is one. */
        public TrainingLoad withNotes(List<String> createdObjects, List<String> notes) {
            return new TrainingLoad(trainingDataDir, files, load, embedding, createdObjects == null
                    || createdObjects.isEmpty() ? null : List.copyOf(createdObjects), notes == null || notes.isEmpty()
                    ? null : List.copyOf(notes), duration, retrieval);
        }

        public TrainingLoad withDuration(double seconds) {
            return new TrainingLoad(trainingDataDir, files, load, embedding, created, warnings, seconds, retrieval);
        }
    }
}
