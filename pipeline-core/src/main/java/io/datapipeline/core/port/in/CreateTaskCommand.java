package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import java.util.Objects;
import java.util.Optional;

/**
 * Create a task.
 *
 * @param parameters   how it will run
 * @param taskName     optional name
 * @param dbName       business database name; derived from the connection when absent
 * @param tableList    content of the table list, or {@code null} to upload it later
 * @param idPrefix     {@code task} (API), {@code manual} (workflow run) …
 * @param requestedId  a specific id, or empty to generate one
 * @param createdType  {@code api}, {@code cli} or {@code library}
 * @param importFrom   a directory whose training files ({@code .ddl}, {@code .md}, {@code *_pair.json} …) are
 *                     copied into the new task directory
 */
public record CreateTaskCommand(TaskParameters parameters, String taskName, String dbName, String tableList,
        String idPrefix, Optional<TaskId> requestedId, String createdType, Optional<String> importFrom) {

    public CreateTaskCommand {
        Objects.requireNonNull(parameters, "parameters");
        idPrefix = idPrefix == null ? "task" : idPrefix;
        requestedId = requestedId == null ? Optional.empty() : requestedId;
        createdType = createdType == null ? "api" : createdType;
        importFrom = importFrom == null ? Optional.empty() : importFrom;
    }

    public CreateTaskCommand(TaskParameters parameters, String taskName, String dbName, String tableList,
            String idPrefix, Optional<TaskId> requestedId, String createdType) {
        this(parameters, taskName, dbName, tableList, idPrefix, requestedId, createdType, Optional.empty());
    }
}
