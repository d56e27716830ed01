package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InputText;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import java.util.Objects;
import java.util.Optional;

/**
 * Create a task. Validates what it carries against the task columns, so every adapter gets the same rules: names
 * of at most {@value #MAX_TASK_NAME} ({@code task_name}) and {@value #MAX_DB_NAME} ({@code db_name}, also when it
 * is taken from the connection) characters, and no control characters in them or in the business context.
 *
 * @param parameters   how it will run; its generation options are replaced by {@code generation} over the creating
 *                     process's defaults
 * @param taskName     optional name
 * @param dbName       business database name; derived from the connection when absent
 * @param tableList    content of the table list, or {@code null} to upload it later
 * @param idPrefix     {@code task} (API), {@code manual} (workflow run) …
 * @param requestedId  a specific id, or empty to generate one
 * @param createdType  {@code api}, {@code cli} or {@code library}
 * @param importFrom   a directory whose training files ({@code .ddl}, {@code .md}, {@code *_pair.json} …) are
 *                     copied into the new task directory
 * @param generation   the knobs of the language-model steps the caller chose ({@code max_concurrent_tables},
 *                     {@code theme_count} …); the others come from the process's defaults
 */
public record CreateTaskCommand(TaskParameters parameters, String taskName, String dbName, String tableList,
        String idPrefix, Optional<TaskId> requestedId, String createdType, Optional<String> importFrom,
        GenerationOptions.Choices generation) {

    /** The size of {@code pipeline_tasks.task_name}. */
    public static final int MAX_TASK_NAME = 255;
    /** The size of {@code pipeline_tasks.db_name}. */
    public static final int MAX_DB_NAME = 100;

    public CreateTaskCommand {
        Objects.requireNonNull(parameters, "parameters");
        InputText.line("task_name", taskName, MAX_TASK_NAME);
        InputText.line("db_name", dbName, MAX_DB_NAME);
        InputText.text("business_context", parameters.businessContext(), Integer.MAX_VALUE);
        if ((dbName == null || dbName.isBlank()) && parameters.businessDatabase() != null) {
            // the database name becomes db_name: the same rules, named after the field it came from
            InputText.line("db_connection", "the database name of db_connection (stored as db_name)",
                    parameters.businessDatabase().database(), MAX_DB_NAME);
        }
        idPrefix = idPrefix == null ? "task" : idPrefix;
        requestedId = requestedId == null ? Optional.empty() : requestedId;
        createdType = createdType == null ? "api" : createdType;
        importFrom = importFrom == null ? Optional.empty() : importFrom;
        generation = generation == null ? GenerationOptions.Choices.NONE : generation;
    }

    public CreateTaskCommand(TaskParameters parameters, String taskName, String dbName, String tableList,
            String idPrefix, Optional<TaskId> requestedId, String createdType, Optional<String> importFrom) {
        this(parameters, taskName, dbName, tableList, idPrefix, requestedId, createdType, importFrom,
                GenerationOptions.Choices.NONE);
    }

    public CreateTaskCommand(TaskParameters parameters, String taskName, String dbName, String tableList,
            String idPrefix, Optional<TaskId> requestedId, String createdType) {
        this(parameters, taskName, dbName, tableList, idPrefix, requestedId, createdType, Optional.empty());
    }

    /** This command with the knobs the caller chose. */
    public CreateTaskCommand withGeneration(GenerationOptions.Choices choices) {
        return new CreateTaskCommand(parameters, taskName, dbName, tableList, idPrefix, requestedId, createdType,
                importFrom, choices);
    }
}
