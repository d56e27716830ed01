package io.datapipeline.core.vector;

import io.datapipeline.core.domain.TaskId;
import java.util.Optional;

/**
 * Where a backup set lives: the global folder {@code <data-dir>/vector_bak/} or a task's
 * {@code <data-dir>/<task_id>/vector_bak/}. Sets are addressed by location and timestamp only, never by
 * a filesystem path, so a caller cannot point a restore at a file it planted elsewhere.
 */
public sealed interface BackupLocation {

    /** Folder name of backup sets, the original tool's. */
    String FOLDER = "vector_bak";

    /** Path of the folder relative to the data directory, with {@code /} separators. */
    String relativePath();

    /** {@code global} or {@code task}, the listing's {@code type}. */
    String type();

    Optional<TaskId> taskId();

    /** The global folder. */
    static BackupLocation global() {
        return Global.INSTANCE;
    }

    /** A task's folder. */
    static BackupLocation ofTask(TaskId taskId) {
        return new OfTask(taskId);
    }

    /** {@code task_id} when given, else global. */
    static BackupLocation of(Optional<TaskId> taskId) {
        return taskId.<BackupLocation>map(OfTask::new).orElse(Global.INSTANCE);
    }

    /** The global folder. */
    enum Global implements BackupLocation {
        INSTANCE;

        @Override
        public String relativePath() {
            return FOLDER;
        }

        @Override
        public String type() {
            return "global";
        }

        @Override
        public Optional<TaskId> taskId() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "global";
        }
    }

    /** A task's folder. */
    record OfTask(TaskId task) implements BackupLocation {

        @Override
        public String relativePath() {
            return task.value() + "/" + FOLDER;
        }

        @Override
        public String type() {
            return "task";
        }

        @Override
        public Optional<TaskId> taskId() {
            return Optional.of(task);
        }

        @Override
        public String toString() {
            return "task " + task.value();
        }
    }
}
