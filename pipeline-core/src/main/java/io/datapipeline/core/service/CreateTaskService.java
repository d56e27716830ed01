package io.datapipeline.core.service;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Creates a task row (pending, with four pending steps) and its directory; ids are
 * {@code <prefix>_YYYYMMDD_HHMMSS}, with {@code _2}, {@code _3}… when taken in the same second.
 */
public final class CreateTaskService implements CreateTaskUseCase {

    private final TaskRepository repository;
    private final TaskWorkspace workspace;
    private final Clock clock;
    private final GenerationOptions defaults;

    public CreateTaskService(TaskRepository repository, TaskWorkspace workspace, Clock clock) {
        this(repository, workspace, clock, GenerationOptions.DEFAULTS);
    }

    /** @param defaults the knobs of a task whose creator did not choose them (this process's settings) */
    public CreateTaskService(TaskRepository repository, TaskWorkspace workspace, Clock clock,
            GenerationOptions defaults) {
        this.repository = repository;
        this.workspace = workspace;
        this.clock = clock;
        this.defaults = defaults;
    }

    @Override
    public Task create(CreateTaskCommand cmd) {
        if (cmd.tableList() != null) {
            TableList.requireValid(cmd.tableList());
        }
        String dbName = cmd.dbName() != null && !cmd.dbName().isBlank() ? cmd.dbName().strip()
                : cmd.parameters().businessDatabase() == null ? null : cmd.parameters().businessDatabase().database();
        TaskParameters parameters = cmd.parameters().withGeneration(
                defaults.with(cmd.generation()));
        TaskId base = cmd.requestedId().orElseGet(() -> TaskId.timestamped(cmd.idPrefix(), LocalDateTime.now(clock)));
        Task created = null;
        for (int n = 1; n <= 1000 && created == null; n++) {
            TaskId id = n == 1 ? base : base.withSuffix(n);
            Task task = new Task(id, blankToNull(cmd.taskName()), TaskStatus.PENDING, parameters, dbName,
                    cmd.createdType(), clock.instant(), null, null, null);
            if (repository.insert(task)) {
                created = task;
            } else if (cmd.requestedId().isPresent()) {
                throw InvalidInputException.invalid("task_id", "a task with id " + id + " already exists");
            }
        }
        if (created == null) {
            throw new IllegalStateException("no free task id after " + base);
        }
        workspace.create(created.id());
        if (cmd.tableList() != null) {
            workspace.writeText(created.id(), "table_list.txt", cmd.tableList());
        }
        if (cmd.importFrom().isPresent()) {
            importTrainingFiles(created, cmd.importFrom().get());
        }
        new TaskLog(workspace, created.id(), clock).info("task", "task created (business database "
                + (cmd.parameters().businessDatabase() == null ? "none" : cmd.parameters().businessDatabase().masked())
                + ")");
        return created;
    }

    private static final long MAX_IMPORT_BYTES = 50L * 1024 * 1024;

    /** Copies the training files of a directory (not its sub-directories) into the task directory. */
    private void importTrainingFiles(Task task, String dir) {
        List<String> copied = workspace.importFiles(task.id(), dir, name -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            return lower.endsWith(".ddl") || lower.endsWith(".md") || lower.endsWith(".markdown")
                    || lower.endsWith(".sql") || lower.endsWith("_pair.json") || lower.endsWith("_pairs.json");
        }, MAX_IMPORT_BYTES);
        if (copied.isEmpty()) {
            throw InvalidInputException.invalid("data_path", "no training files (*.ddl, *.md, *_pair.json, *.sql) in "
                    + dir);
        }
        new TaskLog(workspace, task.id(), clock).info("task", "imported " + copied.size() + " training files from "
                + dir);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
