package io.datapipeline.core.service;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's log: lines in {@code <task dir>/data_pipeline.log} in the original's layout
 * ({@code 2025-07-21 11:30:10 [INFO] pipeline.ddl_generation: message}) and the same line on the process
 * log with {@code task=} and {@code step=}. One instance per execution; no handler piles up.
 */
final class TaskLog {

    private static final Logger LOG = LoggerFactory.getLogger("pipeline.task");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final TaskWorkspace workspace;
    private final TaskId task;
    private final Clock clock;

    TaskLog(TaskWorkspace workspace, TaskId task, Clock clock) {
        this.workspace = workspace;
        this.task = task;
        this.clock = clock;
    }

    void info(String scope, String message) {
        LOG.info("task={} step={} {}", task, scope, message);
        append("INFO", scope, message);
    }

    void warn(String scope, String message) {
        LOG.warn("task={} step={} {}", task, scope, message);
        append("WARNING", scope, message);
    }

    void error(String scope, String message) {
        LOG.error("task={} step={} {}", task, scope, message);
        append("ERROR", scope, message);
    }

    private void append(String level, String scope, String message) {
        try {
            workspace.appendLog(task, TIME.format(LocalDateTime.now(clock)) + " [" + level + "] pipeline." + scope + ": "
                    + message);
        } catch (RuntimeException e) {
            LOG.warn("task={} could not write data_pipeline.log: {}", task, e.getMessage());
        }
    }
}
