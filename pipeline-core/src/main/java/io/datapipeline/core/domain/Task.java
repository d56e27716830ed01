package io.datapipeline.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A task: a unit of work on one business database whose files live in {@code <data-dir>/<task_id>/}.
 *
 * @param id           the id, also the directory name
 * @param name         optional human name
 * @param status       lifecycle status
 * @param parameters   how it runs
 * @param dbName       the business database's name
 * @param createdType  {@code api}, {@code cli} or {@code library}
 * @param createdAt    creation time
 * @param startedAt    first start, or {@code null}
 * @param completedAt  end of the last run that ended it, or {@code null}
 * @param errorMessage the last run's error, cleared by a successful run
 */
public record Task(TaskId id, String name, TaskStatus status, TaskParameters parameters, String dbName,
        String createdType, Instant createdAt, Instant startedAt, Instant completedAt, String errorMessage) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Task withStatus(TaskStatus newStatus, Instant startedAt, Instant completedAt, String errorMessage) {
        return new Task(id, name, newStatus, parameters, dbName, createdType, createdAt, startedAt, completedAt,
                errorMessage);
    }
}
