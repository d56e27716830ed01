package io.datapipeline.core.domain;

import java.time.Instant;

/**
 * Which tasks a query returns: every filter is optional ({@code null}: any), and all that are given must hold.
 * Validates itself (one line of text without control characters, no longer than the column it is compared with;
 * ranges that end before they start are refused naming their start).
 *
 * @param status        only tasks in this status, or {@code null}
 * @param cancelled     only tasks whose last execution was cancelled (the original's status {@code cancelled}; a task
 *                      whose execution was cancelled is {@code failed})
 * @param nameContains  case-insensitive substring of the task name, or {@code null}
 * @param dbName        exact business database name, or {@code null}
 * @param createdBy     how the task was created, exactly ({@code api}, {@code cli}, {@code library}), or {@code null}
 * @param created       creation time within this range, or {@code null}
 * @param started       start time within this range (a task never started has none), or {@code null}
 * @param completed     completion time within this range, or {@code null}
 */
public record TaskFilter(TaskStatus status, boolean cancelled, String nameContains, String dbName, String createdBy,
        TimeRange created, TimeRange started, TimeRange completed) {

    /** Every task. */
    public static final TaskFilter ANY = new TaskFilter(null, false, null, null, null, null, null, null);

    /** The size of {@code pipeline_tasks.db_name}. */
    private static final int MAX_DB_NAME = 100;

    public TaskFilter {
        InputText.line("task_name", nameContains, 100);
        InputText.line("db_name", dbName, MAX_DB_NAME);
        InputText.line("created_by", createdBy, 50);
    }

    /** Only tasks in {@code status} ({@code null}: any). */
    public static TaskFilter status(TaskStatus status) {
        return new TaskFilter(status, false, null, null, null, null, null, null);
    }

    /**
     * The status filter as a caller names it: a task status, or one of the original's names for what it meant,
     * {@code running} ({@code in_progress}) and {@code cancelled} (the last execution was cancelled).
     *
     * @param raw   the name, or {@code null} for any status
     * @param field the caller's name of the filter, named in the error
     */
    public static TaskFilter status(String raw, String field) {
        if (raw == null) {
            return ANY;
        }
        if (raw.equals("running")) {
            return status(TaskStatus.IN_PROGRESS);
        }
        if (raw.equals("cancelled")) {
            return new TaskFilter(null, true, null, null, null, null, null, null);
        }
        for (TaskStatus s : TaskStatus.values()) {
            if (s.wire().equals(raw)) {
                return status(s);
            }
        }
        throw InvalidInputException.invalid(field, "unknown " + field + " '" + Printable.of(raw) + "'; expected "
                + "pending, in_progress (or running), completed, partial_completed, failed, or cancelled (tasks whose "
                + "last execution was cancelled)");
    }

    /** The same status filter with the other filters given. */
    public TaskFilter with(String nameContains, String dbName, String createdBy, TimeRange created, TimeRange started,
            TimeRange completed) {
        return new TaskFilter(status, cancelled, nameContains, dbName, createdBy, created, started, completed);
    }

    /** True when no filter is given. */
    public boolean isEmpty() {
        return equals(ANY);
    }

    /**
     * An inclusive time range; either end may be open ({@code null}).
     *
     * @param from  at or after, or {@code null}
     * @param to    at or before, or {@code null}
     */
    public record TimeRange(Instant from, Instant to) {

        /** A range of the field pair {@code <name>_start}/{@code <name>_end}; {@code null} when both are open. */
        public static TimeRange of(Instant from, Instant to, String startField, String endField) {
            if (from == null && to == null) {
                return null;
            }
            if (from != null && to != null && from.isAfter(to)) {
                throw InvalidInputException.invalid(startField, startField + " is after " + endField);
            }
            return new TimeRange(from, to);
        }

        /** Whether {@code t} (possibly {@code null}: never set) lies within the range. */
        public boolean contains(Instant t) {
            return t != null && (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
        }
    }
}
