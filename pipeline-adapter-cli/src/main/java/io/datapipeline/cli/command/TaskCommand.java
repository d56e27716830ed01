package io.datapipeline.cli.command;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.in.ListBusinessTablesCommand;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.wire.TaskShapes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline task ...}: create, execute and inspect tasks (the original task_executor's flags). */
@Command(name = "task", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  pipeline task create --db-connection postgresql://app@db/shop --table-list tables.txt --business-context shops", "  pipeline task status --task-id task_20250721_113010"}, description = "Create, execute and inspect tasks.",
        subcommands = {TaskCommand.Create.class, TaskCommand.Execute.class, TaskCommand.Status.class,
            TaskInspect.ListTasks.class, TaskInspect.QueryTasks.class, TaskInspect.Executions.class,
            TaskInspect.Logs.class, TaskInspect.Files.class, TaskInspect.Delete.class, TaskInspect.Cancel.class,
            TaskInspect.Watch.class})
public final class TaskCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a task (row and directory); the table list is copied to table_list.txt.",
            footer = {"%nExamples:", "  pipeline task create --db-connection postgresql://app@db:5432/shop "
                    + "--table-list tables.txt --business-context 'bicycle shops' --json",
                "  pipeline task create --db-connection postgresql://app@db:5432/shop --table-list tables.txt "
                        + "--business-context shops --max-concurrent-tables 8 --theme-count 8 --questions-per-theme 5"})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--db-connection", required = true, paramLabel = "URL",
                description = "The business database (postgresql://user:pass@host:port/db or JDBC URL).")
        String dbConnection;

        @Option(names = "--table-list", required = true, paramLabel = "FILE", description = "Tables to describe, one per line.")
        Path tableList;

        @Option(names = "--business-context", paramLabel = "TEXT",
                description = "One sentence about the business, given to the language model (optional, as in the REST "
                        + "API).")
        String businessContext;

        @Option(names = "--no-check", description = "Create the task even when the business database does not answer "
                + "(a warning instead of an error; e.g. a database created later).")
        boolean noCheck;

        @Option(names = "--task-name", paramLabel = "NAME", description = "A name for people.")
        String taskName;

        @Option(names = "--db-name", paramLabel = "NAME", description = "Business database name (default: from the URL).")
        String dbName;

        @Mixin
        GenerationFlags generation;

        @Option(names = "--min-retrieval", paramLabel = "METRIC@K=VALUE",
                description = "The task's retrieval gate: roll back any reload of it whose new store misses this figure, "
                        + "e.g. ddl_hit@3=0.8 (repeatable), unless the execution names its own gate.")
        java.util.List<String> minRetrieval;

        @Option(names = "--max-retrieval-drop", paramLabel = "SHARE",
                description = "The task's retrieval gate: roll back any reload of it whose figures fall by more than "
                        + "this from the old store's (0.05, or ddl_hit@3=0.05).")
        String maxRetrievalDrop;

        @Option(names = "--json", description = "Print {\"task_id\": …} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            DatabaseUrl db = DatabaseUrl.parse(dbConnection, "--db-connection");
            // the input is checked first, then whether the business database answers, then the task is made
            TaskParameters parameters = TaskParameters.defaults(db, businessContext).withRetrievalGate(
                    io.datapipeline.core.domain.RetrievalGate.parse(minRetrieval, maxRetrievalDrop, "--min-retrieval",
                            "--max-retrieval-drop"));
            CreateTaskCommand command = new CreateTaskCommand(parameters, taskName,
                    dbName, readTableList(tableList), "task", Optional.empty(), "cli")
                    .withGeneration(generation.choices());
            Optional<String> unchecked = checkBusinessDatabase(db);
            Task task = CommandSupport.app(spec).createTask(CommandSupport.settings(spec)).create(command);
            unchecked.ifPresent(w -> {
                spec.commandLine().getErr().println("warning: " + w);
                spec.commandLine().getErr().flush();
            });
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task_id", task.id().value());
                m.put("status", task.status().wire());
                CommandSupport.printJson(spec, m);
            } else {
                spec.commandLine().getOut().println(task.id().value());
            }
            return CommandSupport.OK;
        }

        /**
         * Whether the business database answers (connects and lists its tables), before anything is created: an error
         * naming {@code --db-connection} and the cause, or with {@code --no-check} the warning to print after creating.
         */
        private Optional<String> checkBusinessDatabase(DatabaseUrl db) {
            try {
                CommandSupport.app(spec).listBusinessTables(CommandSupport.settings(spec))
                        .listTables(new ListBusinessTablesCommand(db, List.of(), Optional.empty()));
                return Optional.empty();
            } catch (io.datapipeline.core.domain.PipelineException e) {
                if (!noCheck && e instanceof InvalidInputException) {
                    throw InvalidInputException.invalid("--db-connection", "the business database of --db-connection "
                            + "does not answer: " + e.getMessage() + " (--no-check creates the task anyway)");
                }
                if (!noCheck) {
                    throw e;
                }
                return Optional.of("the business database does not answer, the task was created anyway (--no-check): "
                        + e.getMessage());
            }
        }
    }

    static String readTableList(Path file) {
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.invalid("--table-list", "table list file " + file + " does not exist");
        }
        try {
            if (Files.size(file) > 2 * 1024 * 1024) {
                throw InvalidInputException.invalid("--table-list", "table list file " + file + " is over 2 MB");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw InvalidInputException.invalid("--table-list", "table list file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw InvalidInputException.invalid("--table-list", "cannot read " + file + ": " + e.getMessage());
        }
    }

    @Command(name = "execute", mixinStandardHelpOptions = true,
            description = {"Execute a task in this process and wait for it (complete workflow or one step).",
                "Vector-table flags only apply to training_load: with another step they are ignored with a warning; "
                        + "--truncate-vector-tables implies --backup-vector-tables."},
            footer = {"%nExamples:", "  pipeline task execute --task-id task_20250721_113010",
                "  pipeline task execute --task-id task_20250721_113010 --step-name training_load "
                        + "--truncate-vector-tables --json",
                "  pipeline task execute --task-id task_20250721_113010 --resume",
                "%nCtrl-C (or SIGTERM) cancels the execution: it stops at its next check and rolls back a reload it was "
                        + "doing."})
    static final class Execute implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "The task.")
        String taskId;

        @Option(names = "--execution-mode", paramLabel = "MODE",
                description = "complete, step, or resume (the steps from the first one that did not complete). "
                        + "Default: step when --step-name is given, else complete.")
        String mode;

        @Option(names = "--resume", description = "The same as --execution-mode resume: rerun from the first step that "
                + "did not complete, reusing the completed steps' outputs.")
        boolean resume;

        @Option(names = "--step-name", paramLabel = "STEP",
                description = "Run only this step (implies --execution-mode step): ddl_generation, qa_generation, "
                        + "sql_validation or training_load.")
        String stepName;

        @Mixin
        VectorFlags flags;

        @Option(names = "--json", description = "Print the result document as JSON.")
        boolean json;

        @Override
        public Integer call() {
            StepName step = stepName == null ? null : StepName.fromWire(stepName, "--step-name");
            if (resume && step != null) {
                throw InvalidInputException.invalid("--resume", "--resume reruns the steps from the first one that did "
                        + "not complete, but --step-name " + step.wire() + " names one step: give one of them");
            }
            if (resume && mode != null && !mode.equals(ExecutionMode.RESUME.wire())) {
                throw InvalidInputException.invalid("--resume", "--resume and --execution-mode " + mode
                        + " contradict each other; give one of them");
            }
            // a named step never runs the complete workflow: --step-name alone means --execution-mode step
            ExecutionMode m = resume ? ExecutionMode.RESUME
                    : ExecutionMode.resolve(mode, step, "--execution-mode", "--step-name");
            return Executions.execute(spec, TaskId.parse(taskId), m, step, flags, json);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a task: status, steps, the last execution with its vector_management and warnings.",
            footer = {"%nExample:", "  pipeline task status --task-id task_20250721_113010 --json"})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", required = true, paramLabel = "ID", description = "The task.")
        String taskId;

        @Option(names = "--json", description = "Print the task as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TaskId id = TaskId.parse(taskId);
            GetTaskUseCase.TaskView view = CommandSupport.app(spec).getTask(CommandSupport.settings(spec)).get(id)
                    .orElseThrow(() -> new NotFoundException("task " + id + " does not exist"));
            Map<String, Object> m = TaskShapes.task(view);
            if (json) {
                CommandSupport.printJson(spec, m);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.println("task " + m.get("task_id") + ": " + m.get("status")
                        + (view.task().name() == null ? "" : "  \"" + view.task().name() + "\"") + "  created "
                        + TaskInspect.time(view.task().createdAt())
                        + (m.get("error_message") == null ? "" : "\n  error: " + m.get("error_message")));
                view.steps().forEach(s -> out.printf(java.util.Locale.ROOT, "  %-15s %-10s %s%s%n", s.step().wire(),
                        s.status().wire(), s.completedAt() != null ? TaskInspect.time(s.completedAt())
                                : s.startedAt() != null ? "started " + TaskInspect.time(s.startedAt()) : "",
                        s.errorMessage() == null ? "" : "  " + s.errorMessage()));
                view.lastExecution().ifPresent(e -> {
                    out.println("last execution " + e.executionId() + ": " + e.status().wire() + ", "
                            + TaskInspect.mode(e) + ", " + TaskInspect.duration(e)
                            + (e.decision().truncate() ? ", backup and truncate" : e.decision().backup() ? ", backup"
                                    : ""));
                    if (e.result() != null) {
                        Executions.details(out, e.result());
                    } else {
                        e.decision().warnings().forEach(w -> out.println("  warning: " + w));
                    }
                });
                out.flush();
            }
            return CommandSupport.OK;
        }
    }
}
