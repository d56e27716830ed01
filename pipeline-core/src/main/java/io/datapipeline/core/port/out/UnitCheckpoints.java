package io.datapipeline.core.port.out;

import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The units of a step that are done (a table documented, the theme list, a theme's pairs), recorded with the task, so
 * a resumed execution — in this process, in another one, or on another worker after a failover — asks the language
 * model only for the units that never finished or whose inputs changed. A record is saved after the unit's outputs,
 * atomically (temporary file, fsync, rename): after a crash a unit has either no record (it is done again) or a record
 * whose outputs were written before it.
 */
public interface UnitCheckpoints {

    /** The record of one unit, if it was saved. */
    Optional<Checkpoint> find(TaskId task, StepName step, String unit);

    /** The step's records, by unit name. */
    List<Checkpoint> list(TaskId task, StepName step);

    /** Saves (or replaces) the record of a unit, atomically and durably. */
    void save(TaskId task, Checkpoint checkpoint);

    /** Forgets every record of the step (a fresh run of it); returns how many there were. */
    int clear(TaskId task, StepName step);

    /**
     * One finished unit.
     *
     * @param step    the step it belongs to
     * @param unit    its name within the step ({@code shop}, {@code sales.Region}, {@code themes}, {@code theme_03});
     *                letters, digits, {@code _ . $ -} only
     * @param inputs  what it was made from
     * @param output  what it produced
     * @param savedAt when it was recorded
     */
    record Checkpoint(StepName step, String unit, Inputs inputs, Output output, Instant savedAt) {
        public Checkpoint {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(inputs, "inputs");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(savedAt, "savedAt");
            if (unit == null || !unit.matches("[A-Za-z0-9_.$-]{1,200}") || unit.startsWith(".")) {
                throw new IllegalArgumentException("invalid unit name '" + unit + "'");
            }
        }
    }

    /**
     * What a unit was made from: a unit whose inputs are the same is not done again.
     *
     * @param digest        hex SHA-256 of everything the unit's output depends on (the table's description, the
     *                      business context, the options that shape the prompt, the documents…)
     * @param promptVersion the version of the instructions given to the model
     * @param model         the model that answered ({@code none} without one)
     */
    record Inputs(String digest, String promptVersion, String model) {
        public Inputs {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(promptVersion, "promptVersion");
            Objects.requireNonNull(model, "model");
        }
    }

    /** What a unit produced. */
    sealed interface Output {
    }

    /**
     * Files written to the task directory (a table's {@code .ddl} and {@code _detail.md}).
     *
     * @param files         each file with the SHA-256 of what was written: a file changed since is made again
     * @param modelComments comments the model proposed for the unit
     */
    record Documents(List<OutputFile> files, int modelComments) implements Output {
        public Documents {
            files = List.copyOf(files);
        }
    }

    /** The analysis themes the model proposed. */
    record Themes(List<LanguageModel.Theme> themes) implements Output {
        public Themes {
            themes = List.copyOf(themes);
        }
    }

    /** One theme's question-SQL pairs, as they go into the pairs file. */
    record Pairs(List<QuestionSqlPair> pairs) implements Output {
        public Pairs {
            pairs = List.copyOf(pairs);
        }
    }

    /**
     * A file a unit wrote.
     *
     * @param name   its name in the task directory
     * @param sha256 hex SHA-256 of its bytes (UTF-8 text)
     */
    record OutputFile(String name, String sha256) {
        public OutputFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** Keeps no records: every unit is done again (a standalone generator, a library user without a store). */
    UnitCheckpoints NONE = new UnitCheckpoints() {
        @Override
        public Optional<Checkpoint> find(TaskId task, StepName step, String unit) {
            return Optional.empty();
        }

        @Override
        public List<Checkpoint> list(TaskId task, StepName step) {
            return List.of();
        }

        @Override
        public void save(TaskId task, Checkpoint checkpoint) {
        }

        @Override
        public int clear(TaskId task, StepName step) {
            return 0;
        }
    };
}
