package io.datapipeline.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * How the language-model steps of a task run: the original's knobs ({@code data_pipeline/config.py}
 * {@code SCHEMA_TOOLS_CONFIG} and its {@code qs_generation} section), under the original's names on the wire. A task's
 * options are fixed when it is created (from what its creator chose, else this process's defaults), so a resumed or
 * failed-over execution runs with the same ones.
 *
 * @param tables {@code ddl_generation}
 * @param themes {@code qa_generation}
 */
public record GenerationOptions(Tables tables, Themes themes) {

    /** The default number of model calls in flight per step (and per model endpoint): {@code PIPELINE_LLM_CONCURRENCY}. */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** The largest concurrency accepted anywhere. */
    public static final int MAX_CONCURRENCY = 64;

    /** The built-in defaults: the original's values, except the concurrency (the original's was 1). */
    public static final GenerationOptions DEFAULTS = new GenerationOptions(
            new Tables(DEFAULT_CONCURRENCY, 5, 20, 5000, 20), new Themes(DEFAULT_CONCURRENCY, 5, 10, true));

    public GenerationOptions {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(themes, "themes");
    }

    /**
     * {@code ddl_generation}'s knobs.
     *
     * @param maxConcurrentTables      {@code max_concurrent_tables}: tables sampled and documented at once
     * @param maxTableFailures         {@code max_table_failures}: the step fails once more tables than this failed
     * @param sampleDataLimit          {@code sample_data_limit}: rows sampled per table
     * @param enumDetectionSampleLimit {@code enum_detection_sample_limit}: rows read to tell whether a text column is
     *                                 an enumeration
     * @param enumMaxDistinctValues    {@code enum_max_distinct_values}: at most this many distinct values make an
     *                                 enumeration ({@code 0}: no enumeration detection)
     */
    public record Tables(int maxConcurrentTables, int maxTableFailures, int sampleDataLimit,
            int enumDetectionSampleLimit, int enumMaxDistinctValues) {
        public Tables {
            range("max_concurrent_tables", maxConcurrentTables, 1, MAX_CONCURRENCY);
            range("max_table_failures", maxTableFailures, 0, 1_000_000);
            range("sample_data_limit", sampleDataLimit, 1, 10_000);
            range("enum_detection_sample_limit", enumDetectionSampleLimit, 1, 10_000_000);
            range("enum_max_distinct_values", enumMaxDistinctValues, 0, 1_000);
        }
    }

    /**
     * {@code qa_generation}'s knobs ({@code qs_generation} in the original).
     *
     * @param maxConcurrentThemes  {@code max_concurrent_themes}: themes asked for at once
     * @param themeCount           {@code theme_count}: themes asked of the model
     * @param questionsPerTheme    {@code questions_per_theme}: question-SQL pairs asked per theme
     * @param continueOnThemeError {@code continue_on_theme_error}: a theme that fails leaves the others; when false the
     *                             first failed theme fails the step
     */
    public record Themes(int maxConcurrentThemes, int themeCount, int questionsPerTheme,
            boolean continueOnThemeError) {
        public Themes {
            range("max_concurrent_themes", maxConcurrentThemes, 1, MAX_CONCURRENCY);
            range("theme_count", themeCount, 1, 100);
            range("questions_per_theme", questionsPerTheme, 1, 200);
        }
    }

    /** These options with every value {@code choices} holds in place of this one's. */
    public GenerationOptions with(Choices choices) {
        Tables t = new Tables(choices.maxConcurrentTables.orElse(tables.maxConcurrentTables),
                choices.maxTableFailures.orElse(tables.maxTableFailures),
                choices.sampleDataLimit.orElse(tables.sampleDataLimit),
                choices.enumDetectionSampleLimit.orElse(tables.enumDetectionSampleLimit),
                choices.enumMaxDistinctValues.orElse(tables.enumMaxDistinctValues));
        Themes h = new Themes(choices.maxConcurrentThemes.orElse(themes.maxConcurrentThemes),
                choices.themeCount.orElse(themes.themeCount), choices.questionsPerTheme.orElse(themes.questionsPerTheme),
                choices.continueOnThemeError.orElse(themes.continueOnThemeError));
        return new GenerationOptions(t, h);
    }

    /** These options with both concurrencies set to {@code n} (the process default {@code PIPELINE_LLM_CONCURRENCY}). */
    public GenerationOptions withConcurrency(int n) {
        return with(Choices.builder().maxConcurrentTables(n).maxConcurrentThemes(n).build());
    }

    static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw InvalidInputException.invalid(field, field + " must be a whole number from " + min + " to " + max
                    + ", not " + value);
        }
    }

    /**
     * The knobs a caller chose (REST fields, CLI flags, configuration keys); what it did not choose is absent and
     * comes from the defaults. The values are checked when they are applied ({@link GenerationOptions#with}), naming
     * their field.
     */
    public static final class Choices {

        /** Nothing chosen. */
        public static final Choices NONE = builder().build();

        private final Optional<Integer> maxConcurrentTables;
        private final Optional<Integer> maxTableFailures;
        private final Optional<Integer> sampleDataLimit;
        private final Optional<Integer> enumDetectionSampleLimit;
        private final Optional<Integer> enumMaxDistinctValues;
        private final Optional<Integer> maxConcurrentThemes;
        private final Optional<Integer> themeCount;
        private final Optional<Integer> questionsPerTheme;
        private final Optional<Boolean> continueOnThemeError;

        private Choices(Builder b) {
            this.maxConcurrentTables = Optional.ofNullable(b.maxConcurrentTables);
            this.maxTableFailures = Optional.ofNullable(b.maxTableFailures);
            this.sampleDataLimit = Optional.ofNullable(b.sampleDataLimit);
            this.enumDetectionSampleLimit = Optional.ofNullable(b.enumDetectionSampleLimit);
            this.enumMaxDistinctValues = Optional.ofNullable(b.enumMaxDistinctValues);
            this.maxConcurrentThemes = Optional.ofNullable(b.maxConcurrentThemes);
            this.themeCount = Optional.ofNullable(b.themeCount);
            this.questionsPerTheme = Optional.ofNullable(b.questionsPerTheme);
            this.continueOnThemeError = Optional.ofNullable(b.continueOnThemeError);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Whether nothing was chosen. */
        public boolean isEmpty() {
            return maxConcurrentTables.isEmpty() && maxTableFailures.isEmpty() && sampleDataLimit.isEmpty()
                    && enumDetectionSampleLimit.isEmpty() && enumMaxDistinctValues.isEmpty()
                    && maxConcurrentThemes.isEmpty() && themeCount.isEmpty() && questionsPerTheme.isEmpty()
                    && continueOnThemeError.isEmpty();
        }

        /** Sets the chosen values; {@code null} leaves a value to the defaults. */
        public static final class Builder {
            private Integer maxConcurrentTables;
            private Integer maxTableFailures;
            private Integer sampleDataLimit;
            private Integer enumDetectionSampleLimit;
            private Integer enumMaxDistinctValues;
            private Integer maxConcurrentThemes;
            private Integer themeCount;
            private Integer questionsPerTheme;
            private Boolean continueOnThemeError;

            private Builder() {
            }

            public Builder maxConcurrentTables(Integer v) {
                maxConcurrentTables = v;
                return this;
            }

            public Builder maxTableFailures(Integer v) {
                maxTableFailures = v;
                return this;
            }

            public Builder sampleDataLimit(Integer v) {
                sampleDataLimit = v;
                return this;
            }

            public Builder enumDetectionSampleLimit(Integer v) {
                enumDetectionSampleLimit = v;
                return this;
            }

            public Builder enumMaxDistinctValues(Integer v) {
                enumMaxDistinctValues = v;
                return this;
            }

            public Builder maxConcurrentThemes(Integer v) {
                maxConcurrentThemes = v;
                return this;
            }

            public Builder themeCount(Integer v) {
                themeCount = v;
                return this;
            }

            public Builder questionsPerTheme(Integer v) {
                questionsPerTheme = v;
                return this;
            }

            public Builder continueOnThemeError(Boolean v) {
                continueOnThemeError = v;
                return this;
            }

            public Choices build() {
                return new Choices(this);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Choices c && maxConcurrentTables.equals(c.maxConcurrentTables)
                    && maxTableFailures.equals(c.maxTableFailures) && sampleDataLimit.equals(c.sampleDataLimit)
                    && enumDetectionSampleLimit.equals(c.enumDetectionSampleLimit)
                    && enumMaxDistinctValues.equals(c.enumMaxDistinctValues)
                    && maxConcurrentThemes.equals(c.maxConcurrentThemes) && themeCount.equals(c.themeCount)
                    && questionsPerTheme.equals(c.questionsPerTheme) && continueOnThemeError.equals(c.continueOnThemeError);
        }

        @Override
        public int hashCode() {
            return Objects.hash(maxConcurrentTables, maxTableFailures, sampleDataLimit, enumDetectionSampleLimit,
                    enumMaxDistinctValues, maxConcurrentThemes, themeCount, questionsPerTheme, continueOnThemeError);
        }
    }
}
