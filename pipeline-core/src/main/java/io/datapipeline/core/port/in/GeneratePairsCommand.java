package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InputText;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskId;
import java.util.Optional;

/**
 * Generate question-SQL pairs from the table documents of a folder or a task, without an execution
 * ({@code pipeline qa generate}, the original's {@code qs_generator}).
 *
 * @param taskId          the task whose directory holds the documents (its business context, database name and
 *                        options are the defaults), or empty
 * @param inputDirectory  a folder with {@code *_detail.md}, or empty (exactly one of the two)
 * @param outputDirectory where the pairs go; empty: where the documents are
 * @param businessContext given to the model; {@code null}: the task's, else the default
 * @param dbName          the {@code <db>} of {@code qs_<db>_<ts>_pair.json}; {@code null}: the task's, else {@code db}
 * @param generation      the knobs chosen ({@code theme_count}, {@code questions_per_theme} …)
 */
public record GeneratePairsCommand(Optional<TaskId> taskId, Optional<String> inputDirectory,
        Optional<String> outputDirectory, String businessContext, String dbName, GenerationOptions.Choices generation) {

    public GeneratePairsCommand {
        taskId = taskId == null ? Optional.empty() : taskId;
        inputDirectory = inputDirectory == null ? Optional.empty() : inputDirectory;
        outputDirectory = outputDirectory == null ? Optional.empty() : outputDirectory;
        if (taskId.isPresent() == inputDirectory.isPresent()) {
            throw InvalidInputException.invalid("task_id", "give either a task (--task-id) or a folder of documents "
                    + "(--input-dir), not " + (taskId.isPresent() ? "both" : "neither"));
        }
        InputText.text("business_context", businessContext, Integer.MAX_VALUE);
        InputText.line("db_name", dbName, CreateTaskCommand.MAX_DB_NAME);
        generation = generation == null ? GenerationOptions.Choices.NONE : generation;
    }
}
