package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import java.util.List;

/** Reads a task's {@code data_pipeline.log}, tailing with a continuation token, or filtered and paged. */
public interface TaskLogsUseCase {

    /**
     * Lines after a continuation token (or the last {@code limit} lines when the token is null).
     *
     * @param after token from a previous page ({@code next_token}), or {@code null}
     * @param level only this level, or {@code null}
     */
    LogPage tail(TaskId id, String after, int limit, String level);

    /** Lines matching filters, sorted and paged. */
    LogPage query(TaskId id, LogQuery query);

    /**
     * One parsed line.
     *
     * @param lineNumber 1-based line number in the file
     * @param timestamp  {@code YYYY-MM-DD HH:MM:SS}
     * @param level      INFO, WARNING, ERROR…
     * @param logger     e.g. {@code pipeline.training_load}
     * @param step       the step the line belongs to, or {@code null}
     * @param message    the message (continuation lines appended)
     */
    record LogLine(int lineNumber, String timestamp, String level, String logger, String step, String message) {
    }

    /**
     * A page of lines.
     *
     * @param lines     the lines
     * @param total     lines matching (before paging)
     * @param nextToken token for the next tail call (the last line number read)
     * @param fileSize  size of the log file in bytes, {@code -1} if there is none
     */
    record LogPage(List<LogLine> lines, int total, String nextToken, long fileSize) {
    }

    /**
     * Filters, sort and page.
     *
     * @param filter    which lines
     * @param sortBy    one of {@link #SORTABLE}
     * @param ascending sort direction
     * @param page      1-based page
     * @param pageSize  lines per page
     */
    record LogQuery(LogFilter filter, String sortBy, boolean ascending, int page, int pageSize) {

        /** What lines may be sorted by (the original's names); ties keep the file's order. */
        public static final List<String> SORTABLE = List.of("timestamp", "level", "logger", "step", "line_number");

        public LogQuery {
            java.util.Objects.requireNonNull(filter, "filter");
            sortBy = sortBy == null ? "timestamp" : sortBy;
            if (!SORTABLE.contains(sortBy)) {
                throw io.datapipeline.core.domain.InvalidInputException.invalid("sort_by", "sort_by must be one of "
                        + String.join(", ", SORTABLE) + ", not '" + io.datapipeline.core.domain.Printable.of(sortBy)
                        + "'");
            }
        }
    }

    /**
     * Which lines.
     *
     * @param level   exact level ({@code WARN} means {@code WARNING}), or null
     * @param keyword case-insensitive substring of the message, or null
     * @param step    exact step, or null
     * @param logger  exact logger name (e.g. {@code pipeline.training_load}), or null
     * @param from    lines at or after this time ({@code YYYY-MM-DD HH:MM:SS}), or null
     * @param to      lines at or before this time, or null
     */
    record LogFilter(String level, String keyword, String step, String logger, String from, String to) {
    }
}
