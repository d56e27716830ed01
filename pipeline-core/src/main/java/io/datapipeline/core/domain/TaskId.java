package io.datapipeline.core.domain;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifier of a task, also the name of its directory under the data directory, so it must never be
 * able to leave that directory: letters, digits and underscore only, 1 to 64 characters.
 */
public record TaskId(String value) {

    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    public TaskId {
        Objects.requireNonNull(value, "task id");
        if (!VALID.matcher(value).matches()) {
            throw InvalidInputException.invalid("task_id",
                    "invalid task_id '" + Printable.of(value) + "': use 1-64 letters, digits or underscores");
        }
    }

    /** Parses a task id given by a caller; {@code null} or blank is reported as missing. */
    public static TaskId parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw InvalidInputException.missing("task_id", "task_id is required");
        }
        return new TaskId(raw);
    }

    /** Whether {@code raw} is a valid task id (e.g. a directory name that may be a task's). */
    public static boolean isValid(String raw) {
        return raw != null && VALID.matcher(raw).matches();
    }

    /**
     * The original tool's id shape, {@code <prefix>_YYYYMMDD_HHMMSS}. Callers that create tasks add a
     * counter suffix when this id is taken (ids must not collide within a second).
     */
    public static TaskId timestamped(String prefix, LocalDateTime time) {
        return new TaskId(prefix + "_" + STAMP.format(time));
    }

    /** The same id with a numeric suffix, used when {@link #timestamped} collides. */
    public TaskId withSuffix(int n) {
        return new TaskId(value + "_" + n);
    }

    @Override
    public String toString() {
        return value;
    }
}
