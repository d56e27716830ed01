package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.InputText;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskStatus;
import java.time.Instant;
import java.util.List;

/**
 * Filter, sort and page of a task query; validates itself, so every adapter gets the same rules (filters are one line
 * of text without control characters, no longer than the column they are compared with).
 *
 * @param status       only tasks in this status, or {@code null}
 * @param nameContains case-insensitive substring of the task name, or {@code null}
 * @param dbName       exact business database name, or {@code null}
 * @param createdFrom  inclusive lower bound of creation time, or {@code null}
 * @param createdTo    inclusive upper bound, or {@code null}
 * @param sortBy       one of {@link #SORTABLE}
 * @param ascending    sort direction
 * @param offset       rows to skip
 * @param limit        rows to return (1 to 1000)
 */
public record TaskQuery(TaskStatus status, String nameContains, String dbName, Instant createdFrom, Instant createdTo,
        String sortBy, boolean ascending, int offset, int limit) {

    /** The fields a query may sort by, as they are named on the wire. */
    public static final List<String> SORTABLE = List.of("created_at", "started_at", "completed_at", "task_name",
            "status");

    public TaskQuery {
        sortBy = sortBy == null ? "created_at" : sortBy;
        if (!SORTABLE.contains(sortBy)) {
            throw InvalidInputException.invalid("sort_by", "sort_by must be one of " + String.join(", ", SORTABLE)
                    + ", not '" + sortBy + "'");
        }
        InputText.line("task_name", nameContains, 100);
        InputText.line("db_name", dbName, CreateTaskCommand.MAX_DB_NAME);
        if (offset < 0) {
            throw InvalidInputException.invalid("offset", "offset must not be negative");
        }
        if (limit < 1 || limit > 1000) {
            throw InvalidInputException.invalid("limit", "limit must be between 1 and 1000");
        }
        if (createdFrom != null && createdTo != null && createdFrom.isAfter(createdTo)) {
            throw InvalidInputException.invalid("created_time_start", "created_time_start is after created_time_end");
        }
    }

    /** The newest tasks first. */
    public static TaskQuery newest(int offset, int limit, TaskStatus status) {
        return new TaskQuery(status, null, null, null, null, "created_at", false, offset, limit);
    }
}
