package io.datapipeline.core.port.in;

import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.execution.StepResult;

/**
 * Writes {@code qs_<db>_<YYYYMMDD_HHMMSS>_pair.json}, {@code metadata.txt} and {@code metadata_detail.md} from the
 * {@code *_detail.md} documents of a folder or a task, as {@code qa_generation} does, without an execution; an older
 * pairs file in the output folder is renamed {@code <name>_old} (the original's behaviour), so a load of the folder
 * takes the new one only.
 */
public interface GeneratePairsUseCase {

    /**
     * @throws io.datapipeline.core.domain.InvalidInputException when there are no documents or a folder is unusable
     * @throws io.datapipeline.core.domain.NotFoundException when the task does not exist
     * @throws io.datapipeline.core.domain.BusyException when the task is being executed
     * @throws io.datapipeline.core.domain.PipelineException when no pair came out (or a theme failed and
     *         {@code continue_on_theme_error} is off)
     */
    Generated generate(GeneratePairsCommand command);

    /**
     * What was written.
     *
     * @param outputDirectory the folder, absolute
     * @param result          the file, themes and pairs, as {@code qa_generation} reports them
     * @param usage           what the language model cost
     */
    record Generated(String outputDirectory, StepResult.QaGeneration result, ModelUsage usage) {
    }
}
