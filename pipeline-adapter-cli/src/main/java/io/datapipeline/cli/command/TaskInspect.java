package io.datapipeline.cli.command;

import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.port.in.CancelExecutionUseCase;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.in.ExecutionEventsUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.QueryTasksUseCase;
import io.datapipeline.core.port.in.TaskFilesUseCase;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import io.datapipeline.core.port.in.TaskQuery;
import io.datapipeline.wire.TaskShapes;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The task commands that inspect and steer: list, query, executions, logs, files, delete, cancel, watch — what the
 * REST API offers, with {@code --json} everywhere.
 */
final class TaskInspect {

    private TaskInspect() {
    }

    private static List<Object> summaries(QueryTasksUseCase.TaskPage page) {
        List<Object> out = new ArrayList<>();
        page.tasks().forEach(v -> out.add(TaskShapes.task(v)));
        return out;
    }

    private static void printTasks(CommandSpec spec, QueryTasksUseCase.TaskPage page, boolean json, int offset,
            int limit) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tasks", summaries(page));
            m.put("total", page.total());
            m.put("offset", offset);
            m.put("limit", limit);
            CommandSupport.printJson(spec, m);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!page.tasks().isEmpty()) {
            out.printf(Locale.ROOT, "%-32s %-17s %-19s %-28s %s%n", "TASK", "STATUS", "CREATED", "LAST EXECUTION", "NAME");
        }
        for (GetTaskUseCase.TaskView v : page.tasks()) {
            String last = v.lastExecution().map(e -> e.status().wire() + " " + mode(e)).orElse("-");
            out.printf(Locale.ROOT, "%-32s %-17s %-19s %-28s %s%n", v.task().id().value(), v.task().status().wire(),
                    time(v.task().createdAt()), last, v.task().name() == null ? "" : v.task().name());
        }
        out.printf(Locale.ROOT, "%d of %d task(s)%n", page.tasks().size(), page.total());
        out.flush();
    }

    /** A time as people read it here: local, to the second ({@code 2025-07-21 11:30:10}); {@code -} when none. */
    static String time(java.time.Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** An execution's mode, with its step when it ran one: {@code step training_load}, {@code complete}. */
    static String mode(Execution e) {
        return e.request().mode().wire() + e.request().stepName().map(s -> " " + s.wire()).orElse("");
    }

    /** How long it took, {@code 2.4 s}, {@code 3 min 05 s}; {@code running} while it runs. */
    static String duration(Execution e) {
        if (e.finishedAt() == null) {
            return e.status().wire();
        }
        long ms = java.time.Duration.between(e.startedAt(), e.finishedAt()).toMillis();
        return ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, ms / 1000 % 60);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks, newest first.",
            footer = {"%nExamples:", "  pipeline task list", "  pipeline task list --status failed --limit 10 --json"})
    static final class ListTasks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only tasks in this status (pending, in_progress or running, completed, partial_completed, "
                        + "failed), or cancelled (their last execution was cancelled).")
        String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N tasks (1-100; default 50).")
        int limit;

        @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N.")
        int offset;

        @Option(names = "--json", description = "Print the page as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 100) {
                throw InvalidInputException.invalid("--limit", "--limit must be from 1 to 100");
            }
            QueryTasksUseCase.TaskPage page = CommandSupport.app(spec).queryTasks(CommandSupport.settings(spec))
                    .query(new TaskQuery(TaskFilter.status(status, "--status"), "created_at", false, offset, limit));
            printTasks(spec, page, json, offset, limit);
            return CommandSupport.OK;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Find tasks by status, name, database and creation date, sorted and paged.",
            footer = {"%nExample:", "  pipeline task query --name-contains shop --created-after 2025-07-01 --sort-by task_name --json"})
    static final class QueryTasks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only tasks in this status (as task list "
                + "--status).")
        String status;

        @Option(names = "--created-by", paramLabel = "HOW", description = "How the task was created: api, cli or "
                + "library.")
        String createdBy;

        @Option(names = "--name-contains", paramLabel = "TEXT", description = "Task name contains TEXT (any case).")
        String name;

        @Option(names = "--db-name", paramLabel = "NAME", description = "Business database name.")
        String dbName;

        @Option(names = "--created-after", paramLabel = "YYYY-MM-DD", description = "Created on or after this day.")
        String after;

        @Option(names = "--created-before", paramLabel = "YYYY-MM-DD", description = "Created on or before this day.")
        String before;

        @Option(names = "--started-after", paramLabel = "YYYY-MM-DD", description = "Started on or after this day.")
        String startedAfter;

        @Option(names = "--started-before", paramLabel = "YYYY-MM-DD", description = "Started on or before this day.")
        String startedBefore;

        @Option(names = "--completed-after", paramLabel = "YYYY-MM-DD", description = "Completed on or after this day.")
        String completedAfter;

        @Option(names = "--completed-before", paramLabel = "YYYY-MM-DD",
                description = "Completed on or before this day.")
        String completedBefore;

        @Option(names = "--sort-by", paramLabel = "FIELD", defaultValue = "created_at",
                description = "created_at (default), started_at, completed_at, task_name, status.")
        String sortBy;

        @Option(names = "--sort-order", paramLabel = "asc|desc", defaultValue = "desc", description = "Default desc.")
        String sortOrder;

        @Option(names = "--page", paramLabel = "N", defaultValue = "1", description = "Page, from 1.")
        int page;

        @Option(names = "--page-size", paramLabel = "N", defaultValue = "20", description = "Tasks per page (1-100).")
        int pageSize;

        @Option(names = "--json", description = "Print the page as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (page < 1) {
                throw InvalidInputException.invalid("--page", "--page starts at 1");
            }
            if (pageSize < 1 || pageSize > 100) {
                throw InvalidInputException.invalid("--page-size", "--page-size must be from 1 to 100");
            }
            if (!sortOrder.equals("asc") && !sortOrder.equals("desc")) {
                throw InvalidInputException.invalid("--sort-order", "--sort-order must be asc or desc");
            }
            TaskFilter filter = TaskFilter.status(status, "--status").with(name, dbName, createdBy,
                    days(after, before, "--created-after", "--created-before"),
                    days(startedAfter, startedBefore, "--started-after", "--started-before"),
                    days(completedAfter, completedBefore, "--completed-after", "--completed-before"));
            TaskQuery q = new TaskQuery(filter, sortBy, sortOrder.equals("asc"), (page - 1) * pageSize, pageSize);
            printTasks(spec, CommandSupport.app(spec).queryTasks(CommandSupport.settings(spec)).query(q), json,
                    (page - 1) * pageSize, pageSize);
            return CommandSupport.OK;
        }

        /** The days from {@code after} (its start) to {@code before} (its end), either open. */
        private static TaskFilter.TimeRange days(String after, String before, String afterOption, String beforeOption) {
            ZoneId zone = ZoneId.systemDefault();
            return TaskFilter.TimeRange.of(day(after, afterOption, 0).map(d -> d.atStartOfDay(zone).toInstant())
                    .orElse(null), day(before, beforeOption, 0).map(d -> d.plusDays(1).atStartOfDay(zone).toInstant()
                            .minusNanos(1)).orElse(null), afterOption, beforeOption);
        }

        private static Optional<LocalDate> day(String raw, String option, int unused) {
            if (raw == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(LocalDate.parse(raw.trim()));
            } catch (DateTimeParseException e) {
                throw InvalidInputException.invalid(option, option + " must be a day, YYYY-MM-DD");
            }
        }
    }

    @Command(name = "executions", mixinStandardHelpOptions = true,
            description = "The executions of a task, newest first: mode, status, vector management, result.",
            footer = {"%nExample:", "  pipeline task executions --task-id task_20250721_113010 --json"})
    static final class Executions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "The task.")
        String taskId;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N (1-200).")
        int limit;

        @Option(names = "--json", description = "Print the executions as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TaskId id = TaskId.parse(taskId);
            if (limit < 1 || limit > 200) {
                throw InvalidInputException.invalid("--limit", "--limit must be from 1 to 200");
            }
            List<Execution> list = CommandSupport.app(spec).getTask(CommandSupport.settings(spec)).executions(id, limit)
                    .orElseThrow(() -> new NotFoundException("task " + id + " does not exist"));
            if (json) {
                List<Object> out = new ArrayList<>();
                list.forEach(e -> out.add(TaskShapes.execution(e)));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task_id", id.value());
                m.put("executions", out);
                m.put("total", out.size());
                CommandSupport.printJson(spec, m);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                if (!list.isEmpty()) {
                    out.printf(Locale.ROOT, "%-52s %-11s %-22s %-19s %-10s %s%n", "EXECUTION", "STATUS", "RAN",
                            "STARTED", "TOOK", "BACKUP/TRUNCATE");
                }
                for (Execution e : list) {
                    out.printf(Locale.ROOT, "%-52s %-11s %-22s %-19s %-10s %s%n", e.executionId(), e.status().wire(),
                            mode(e), time(e.startedAt()), duration(e), (e.decision().backup() ? "backup" : "-")
                                    + (e.decision().truncate() ? "+truncate" : ""));
                    if (e.error() != null) {
                        out.println("    error: " + e.error());
                    }
                    e.decision().warnings().forEach(w -> out.println("    warning: " + w));
                }
                if (list.isEmpty()) {
                    out.println("task " + id + " has no executions yet");
                }
                out.flush();
            }
            return CommandSupport.OK;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "The task's log (data_pipeline.log): the last lines, or with --follow every new line as it is written.",
            footer = {"%nExamples:", "  pipeline task logs --task-id task_20250721_113010 --limit 50",
                "  pipeline task logs --task-id task_20250721_113010 --follow"})
    static final class Logs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "The task.")
        String taskId;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "The last N lines (1-1000).")
        int limit;

        @Option(names = "--level", paramLabel = "LEVEL", description = "Only DEBUG, INFO, WARNING (or WARN), ERROR or "
                + "CRITICAL lines (any case).")
        String level;

        @Option(names = "--follow", description = "Keep printing new lines until the task's execution ends (Ctrl-C stops).")
        boolean follow;

        @Option(names = "--json", description = "Print one JSON object per line.")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            TaskId id = TaskId.parse(taskId);
            if (limit < 1 || limit > 1000) {
                throw InvalidInputException.invalid("--limit", "--limit must be from 1 to 1000");
            }
            TaskLogsUseCase logs = CommandSupport.app(spec).taskLogs(CommandSupport.settings(spec));
            ExecutionEventsUseCase events = follow ? CommandSupport.app(spec).executionEvents(CommandSupport.settings(spec))
                    : null;
            TaskLogsUseCase.LogPage page = logs.tail(id, null, limit, level);
            print(page);
            String token = page.nextToken();
            while (follow) {
                boolean running = events.running(id).isPresent();
                Thread.sleep(250);
                page = logs.tail(id, token, 1000, level);
                print(page);
                token = page.nextToken() == null ? token : page.nextToken();
                if (!running && page.lines().isEmpty()) {
                    break;
                }
            }
            return CommandSupport.OK;
        }

        private void print(TaskLogsUseCase.LogPage page) {
            PrintWriter out = spec.commandLine().getOut();
            for (TaskLogsUseCase.LogLine l : page.lines()) {
                if (json) {
                    out.println(CommandSupport.compactJson(TaskShapes.logLine(l)));
                } else {
                    out.println(l.timestamp() + " [" + l.level() + "] " + (l.step() == null ? "" : l.step() + ": ")
                            + l.message());
                }
            }
            out.flush();
        }
    }

    @Command(name = "files", mixinStandardHelpOptions = true,
            description = {"The files of the task directory, of its vector_bak folder, and of the file_bak_<ts> folders "
                    + "a complete re-run moved the earlier run's files into."},
            footer = {"%nExample:", "  pipeline task files --task-id task_20250721_113010 --json"})
    static final class Files implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "The task.")
        String taskId;

        @Option(names = "--json", description = "Print the files as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TaskId id = TaskId.parse(taskId);
            TaskFilesUseCase files = CommandSupport.app(spec).taskFiles(CommandSupport.settings(spec));
            List<TaskFilesUseCase.TaskFile> list = files.list(id).orElseThrow(() -> new NotFoundException("task " + id
                    + " does not exist"));
            List<TaskFilesUseCase.TaskFile> backups = files.listBackups(id);
            List<TaskFilesUseCase.FileBackup> earlier = files.listFileBackups(id);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task_id", id.value());
                m.put("files", list.stream().map(TaskInspect::file).toList());
                m.put("backup_files", backups.stream().map(TaskInspect::file).toList());
                m.put("file_backups", earlier.stream().map(b -> {
                    Map<String, Object> fb = new LinkedHashMap<>();
                    fb.put("folder", b.folder());
                    fb.put("files", b.files().stream().map(TaskInspect::file).toList());
                    return (Object) fb;
                }).toList());
                CommandSupport.printJson(spec, m);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                if (!list.isEmpty() || !backups.isEmpty() || !earlier.isEmpty()) {
                    out.printf(Locale.ROOT, "%10s  %-19s  %s%n", "SIZE", "MODIFIED", "FILE");
                }
                list.forEach(f -> out.printf(Locale.ROOT, "%10s  %-19s  %s%n", io.datapipeline.core.vector.Sizes.human(
                        f.size()), time(f.modified()), f.name()));
                backups.forEach(f -> out.printf(Locale.ROOT, "%10s  %-19s  vector_bak/%s%n",
                        io.datapipeline.core.vector.Sizes.human(f.size()), time(f.modified()), f.name()));
                earlier.forEach(b -> b.files().forEach(f -> out.printf(Locale.ROOT, "%10s  %-19s  %s/%s%n",
                        io.datapipeline.core.vector.Sizes.human(f.size()), time(f.modified()), b.folder(), f.name())));
                long bytes = java.util.stream.Stream.concat(java.util.stream.Stream.concat(list.stream(),
                        backups.stream()), earlier.stream().flatMap(b -> b.files().stream()))
                        .mapToLong(TaskFilesUseCase.TaskFile::size).sum();
                long count = list.size() + backups.size() + earlier.stream().mapToLong(b -> b.files().size()).sum();
                out.printf(Locale.ROOT, "%d file(s), %s%n", count, io.datapipeline.core.vector.Sizes.human(bytes));
                out.flush();
            }
            return CommandSupport.OK;
        }
    }

    private static Map<String, Object> file(TaskFilesUseCase.TaskFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file_name", f.name());
        m.put("file_size", f.size());
        m.put("file_size_formatted", io.datapipeline.core.vector.Sizes.human(f.size()));
        m.put("modified_at", f.modified().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        return m;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete task directories (and with --delete-records their rows). Needs --yes.",
                "A running task is refused."},
            footer = {"%nExample:", "  pipeline task delete --task-id task_20250721_113010 --task-id task_20250722_080000 --yes"})
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "A task (repeatable).")
        List<String> taskIds;

        @Option(names = "--delete-records", description = "Also delete the task's rows (task, steps, executions).")
        boolean records;

        @Option(names = "--continue-on-error", description = "Delete the others when one is refused.")
        boolean continueOnError;

        @Option(names = "--yes", description = "Confirm the deletion.")
        boolean yes;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (!yes) {
                throw InvalidInputException.missing("--yes", "deleting task directories cannot be undone; add --yes");
            }
            List<TaskId> ids = taskIds.stream().map(TaskId::parse).toList();
            DeleteTasksUseCase.DeleteResult r = CommandSupport.app(spec).deleteTasks(CommandSupport.settings(spec))
                    .delete(new DeleteTasksUseCase.DeleteTasksCommand(ids, records, continueOnError));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("deleted", r.deleted().stream().map(TaskShapes::deleted).toList());
                m.put("refused", r.refused().stream().map(x -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("task_id", x.taskId().value());
                    f.put("reason", x.reason());
                    return f;
                }).toList());
                CommandSupport.printJson(spec, m);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                r.deleted().forEach(d -> out.println("deleted " + d.taskId().value()));
                r.refused().forEach(x -> out.println("refused " + x.taskId().value() + ": " + x.reason()));
                out.flush();
            }
            return CommandSupport.exitCode(r.refused().isEmpty());
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Ask a running execution to stop (in this or any other process or server on the same database).",
                "It stops at its next check, within seconds; a reload it was doing rolls back; it ends cancelled."},
            footer = {"%nExample:", "  pipeline task cancel --task-id task_20250721_113010"})
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "The task.")
        String taskId;

        @Option(names = "--execution-id", paramLabel = "ID", description = "The execution (default: the running one).")
        String executionId;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TaskId id = TaskId.parse(taskId);
            CancelExecutionUseCase.CancelOutcome o = CommandSupport.app(spec).cancelExecution(CommandSupport.settings(spec))
                    .cancel(id, Optional.ofNullable(executionId));
            if (o instanceof CancelExecutionUseCase.CancelOutcome.NotFound nf) {
                throw new NotFoundException(nf.what() + " does not exist");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", id.value());
            if (o instanceof CancelExecutionUseCase.CancelOutcome.Requested r) {
                m.put("execution_id", r.execution().executionId());
                m.put("cancel_requested", true);
            } else {
                CancelExecutionUseCase.CancelOutcome.NotRunning nr = (CancelExecutionUseCase.CancelOutcome.NotRunning) o;
                m.put("execution_id", nr.execution() == null ? executionId : nr.execution().executionId());
                m.put("cancel_requested", false);
                m.put("status", nr.execution() == null ? null : nr.execution().status().wire());
            }
            if (json) {
                CommandSupport.printJson(spec, m);
            } else {
                spec.commandLine().getOut().println(Boolean.TRUE.equals(m.get("cancel_requested"))
                        ? "cancel requested for " + m.get("execution_id") + "; it stops within seconds"
                        : "nothing to cancel: " + (m.get("execution_id") == null ? "task " + id + " runs nothing"
                                : m.get("execution_id") + " is " + m.get("status")));
                spec.commandLine().getOut().flush();
            }
            return CommandSupport.exitCode(Boolean.TRUE.equals(m.get("cancel_requested")));
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = {"Follow an execution until it ends: steps, progress, warnings and the result.",
                "A progress line on a terminal; plain lines otherwise; with --json one JSON event per line."},
            footer = {"%nExample:", "  pipeline task watch --task-id task_20250721_113010"})
    static final class Watch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "The task.")
        String taskId;

        @Option(names = "--execution-id", paramLabel = "ID",
                description = "The execution (default: the running one, else the newest).")
        String executionId;

        @Option(names = "--json", description = "Print one JSON event per line.")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            TaskId id = TaskId.parse(taskId);
            ExecutionEventsUseCase events = CommandSupport.app(spec).executionEvents(CommandSupport.settings(spec));
            String exec = executionId;
            if (exec == null) {
                exec = events.running(id).map(Execution::executionId).orElseGet(() -> CommandSupport.app(spec)
                        .getTask(CommandSupport.settings(spec)).executions(id, 1).orElseThrow(() -> new NotFoundException(
                                "task " + id + " does not exist")).stream().findFirst().map(Execution::executionId)
                        .orElseThrow(() -> new NotFoundException("task " + id + " has no execution to watch")));
            }
            String watched = exec;
            events.execution(id, watched).orElseThrow(() -> new NotFoundException("task " + id + " has no execution "
                    + watched));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean terminal = !json && System.console() != null && !"dumb".equals(System.getenv("TERM"));
            long last = 0;
            while (true) {
                List<ExecutionEvent> batch = events.events(id, watched, last, 500);
                for (ExecutionEvent e : batch) {
                    last = e.seq();
                    if (json) {
                        out.println(CommandSupport.compactJson(TaskShapes.event(e)));
                    } else if (e.type() == ExecutionEvent.Type.PROGRESS && terminal) {
                        err.print("\r" + line(e) + "        ");
                        err.flush();
                    } else {
                        out.println(line(e));
                    }
                }
                out.flush();
                if (batch.isEmpty()) {
                    ExecutionEventsUseCase.WatchedExecution w = events.execution(id, watched).orElseThrow();
                    if (w.execution().status() != ExecutionStatus.RUNNING) {
                        if (terminal) {
                            err.println();
                        }
                        if (json) {
                            Map<String, Object> result = new LinkedHashMap<>();
                            result.put("type", "result");
                            result.put("execution", TaskShapes.execution(w.execution()));
                            out.println(CommandSupport.compactJson(result));
                        } else {
                            out.println("execution " + watched + " " + w.execution().status().wire()
                                    + (w.execution().error() == null ? "" : ": " + w.execution().error()));
                        }
                        out.flush();
                        // the execution's own outcome: a reload whose commit outcome is unknown exits 4, a busy one 3
                        return w.execution().status() == ExecutionStatus.COMPLETED ? CommandSupport.OK
                                : w.execution().result() == null ? CommandSupport.FAILED
                                : CommandSupport.exitCode(io.datapipeline.wire.ResultShapes.kind(w.execution().result()));
                    }
                    Thread.sleep(250);
                }
            }
        }

        private static String line(ExecutionEvent e) {
            String step = e.step() == null ? "" : e.step().wire() + " ";
            return switch (e.type()) {
                case STEP_STARTED -> step + "started";
                case STEP_FINISHED -> step + e.status() + (e.message() == null ? "" : ": " + e.message());
                case WARNING -> "warning: " + e.message();
                case FINISHED -> "execution " + e.status() + (e.message() == null ? "" : ": " + e.message());
                case PROGRESS -> step + progress(e.progress());
            };
        }

        /** {@code reload langchain_pg_embedding 120.3 KB of 233.1 KB (2.9 MB/s, 1 s left)}, or in items, tables… */
        static String progress(io.datapipeline.core.execution.ExecutionProgress p) {
            boolean bytes = p.unit().equals("bytes");
            String done = bytes ? io.datapipeline.core.vector.Sizes.human(p.done())
                    : String.format(Locale.ROOT, "%,d", p.done());
            String total = p.total() < 0 ? "" : " of " + (bytes ? io.datapipeline.core.vector.Sizes.human(p.total())
                    : String.format(Locale.ROOT, "%,d", p.total()));
            String rate = bytes ? io.datapipeline.core.vector.Sizes.human(Math.round(p.rate())) + "/s"
                    : String.format(Locale.ROOT, "%.1f/s", p.rate());
            String eta = p.eta() == null || p.done() >= p.total() ? "" : String.format(Locale.ROOT, ", %.0f s left",
                    p.eta());
            return p.phase().replace(':', ' ') + " " + done + total + (bytes ? "" : " " + p.unit())
                    + (p.rate() > 0 ? " (" + rate + eta + ")" : "") + (p.llm() == null ? "" : " " + llm(p.llm()));
        }

        /** {@code llm 24 calls 14,336 tokens — waiting 12 s: rate limited by …}. */
        private static String llm(io.datapipeline.core.execution.ExecutionProgress.Llm l) {
            return String.format(Locale.ROOT, "llm %d calls %,d tokens", l.usage().calls(), l.usage().totalTokens())
                    + (l.waiting() == null ? "" : " — " + l.waiting());
        }
    }
}
