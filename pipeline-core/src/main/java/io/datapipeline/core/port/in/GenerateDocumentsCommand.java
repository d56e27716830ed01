package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InputText;
import java.util.Objects;

/**
 * Document the tables of a list into a folder, without a task ({@code pipeline ddl generate}, the original's
 * {@code ddl_md_generator}).
 *
 * @param database        the business database
 * @param tableList       the table list's text (one table a line, {@code #} comments)
 * @param outputDirectory where the files go (created when missing)
 * @param businessContext given to the model ({@code null}: the default)
 * @param generation      the knobs chosen ({@code max_concurrent_tables}, {@code sample_data_limit} …)
 */
public record GenerateDocumentsCommand(DatabaseUrl database, String tableList, String outputDirectory,
        String businessContext, GenerationOptions.Choices generation) {

    public GenerateDocumentsCommand {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(tableList, "tableList");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        InputText.text("business_context", businessContext, Integer.MAX_VALUE);
        generation = generation == null ? GenerationOptions.Choices.NONE : generation;
    }
}
