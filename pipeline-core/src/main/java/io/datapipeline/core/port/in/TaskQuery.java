package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskStatus;
import java.util.List;
import java.util.Objects;

/**
 * Filter, sort and page of a task query; validates itself, so every adapter gets the same rules (the filter's own,
 * {@link TaskFilter}, and a known sort field, a page within bounds).
 *
 * @param filter    which tasks
 * @param sortBy    one of {@link #SORTABLE}
 * @param ascending sort direction
 * @param offset    rows to skip
 * @param limit     rows to return (1 to 1000)
 */
public record TaskQuery(TaskFilter filter, String sortBy, boolean ascending, int offset, int limit) {

    /** The fields a query may sort by, as they are named on the wire. */
    public static final List<String> SORTABLE = List.of("created_at", "started_at", "completed_at", "task_name",
            "status");

    public TaskQuery {
        Objects.requireNonNull(filter, "filter");
        sortBy = sortBy == null ? "created_at" : sortBy;
        if (!SORTABLE.contains(sortBy)) {
            throw InvalidInputException.invalid("sort_by", "sort_by must be one of " + String.join(", ", SORTABLE)
                    + ", not '" + sortBy + "'");
        }
        if (offset < 0) {
            throw InvalidInputException.invalid("offset", "offset must not be negative");
        }
        if (limit < 1 || limit > 1000) {
            throw InvalidInputException.invalid("limit", "limit must be between 1 and 1000");
        }
    }

    /** The newest tasks first. */
    public static TaskQuery newest(int offset, int limit, TaskStatus status) {
        return new TaskQuery(TaskFilter.status(status), "created_at", false, offset, limit);
    }
}
