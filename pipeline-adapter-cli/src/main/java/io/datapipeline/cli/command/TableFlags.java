package io.datapipeline.cli.command;

import io.datapipeline.core.domain.GenerationOptions;
import picocli.CommandLine.Option;

/**
 * The knobs of {@code ddl_generation} (the original's config.py names), for the commands that create a task or document
 * tables; what is not given comes from PIPELINE_* / the config file, then the built-in defaults.
 */
public final class TableFlags {

    @Option(names = "--max-concurrent-tables", paramLabel = "N",
            description = "Tables documented at once in ddl_generation (max_concurrent_tables; default "
                    + "PIPELINE_LLM_CONCURRENCY, 4).")
    Integer maxConcurrentTables;

    @Option(names = "--max-table-failures", paramLabel = "N",
            description = "ddl_generation fails once more tables than this failed (max_table_failures, default 5).")
    Integer maxTableFailures;

    @Option(names = "--sample-data-limit", paramLabel = "N",
            description = "Rows sampled per table (sample_data_limit, default 20).")
    Integer sampleDataLimit;

    @Option(names = "--enum-detection-sample-limit", paramLabel = "N",
            description = "Rows read to tell whether a text column is an enumeration (enum_detection_sample_limit, "
                    + "default 5000).")
    Integer enumDetectionSampleLimit;

    @Option(names = "--enum-max-distinct-values", paramLabel = "N",
            description = "At most this many distinct values make an enumeration; 0 turns detection off "
                    + "(enum_max_distinct_values, default 20).")
    Integer enumMaxDistinctValues;

    GenerationOptions.Choices.Builder apply(GenerationOptions.Choices.Builder b) {
        return b.maxConcurrentTables(maxConcurrentTables).maxTableFailures(maxTableFailures)
                .sampleDataLimit(sampleDataLimit).enumDetectionSampleLimit(enumDetectionSampleLimit)
                .enumMaxDistinctValues(enumMaxDistinctValues);
    }
}
