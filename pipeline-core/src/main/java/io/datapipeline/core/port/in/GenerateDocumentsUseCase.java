package io.datapipeline.core.port.in;

import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.execution.StepResult;

/**
 * Writes {@code <table>.ddl}, {@code <table>_detail.md} and {@code filename_mapping.txt} for a table list into a
 * folder, as {@code ddl_generation} writes them into a task directory (the same files for the same answers), without a
 * task, an execution or a vector database.
 */
public interface GenerateDocumentsUseCase {

    /**
     * @throws io.datapipeline.core.domain.InvalidInputException when the list names no valid table or the folder is
     *         unusable
     * @throws io.datapipeline.core.domain.PipelineException when more tables failed than {@code max_table_failures}
     *         allows, or none exists (the files of the tables done are written)
     */
    Generated generate(GenerateDocumentsCommand command);

    /**
     * What was written.
     *
     * @param outputDirectory the folder, absolute
     * @param result          the tables, files and failures, as {@code ddl_generation} reports them
     * @param usage           what the language model cost
     */
    record Generated(String outputDirectory, StepResult.DdlGeneration result, ModelUsage usage) {
    }
}
