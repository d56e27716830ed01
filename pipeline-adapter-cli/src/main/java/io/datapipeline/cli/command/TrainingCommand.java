package io.datapipeline.cli.command;

import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.port.in.CreateTaskCommand;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline training load}: the original run_training, as the {@code training_load} step of a task. */
@Command(name = "training", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  pipeline training load --task-id task_20250721_113010 --backup-vector-tables"}, description = "Load training data into the vector store.",
        subcommands = TrainingCommand.Load.class)
public final class TrainingCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Embed the training files of a task (or of a directory, copied into a new manual_ task) "
                    + "and load them into langchain_pg_embedding."},
            footer = {"%nExamples:", "  pipeline training load --task-id task_20250721_113010 --truncate-vector-tables",
                "  pipeline training load --data-path ./training_data/ --backup-vector-tables --json"})
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--task-id", required = true, paramLabel = "ID", description = "Load this task's files.")
            String taskId;

            @Option(names = {"--data-path", "--data_path"}, required = true, paramLabel = "DIR",
                    description = "Load the training files of this directory (copied into a new manual_ task); "
                            + "--data_path is the original run_training's spelling.")
            Path dataPath;
        }

        @Mixin
        VectorFlags flags;

        @Option(names = "--json", description = "Print the result document as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TaskId id;
            if (source.taskId != null) {
                id = TaskId.parse(source.taskId);
            } else {
                Task task = CommandSupport.app(spec).createTask(CommandSupport.settings(spec)).create(new CreateTaskCommand(
                        new TaskParameters(null, null, false, false, false, true, true), null, null, null, "manual",
                        Optional.empty(), "cli", Optional.of(source.dataPath.toString())));
                id = task.id();
                spec.commandLine().getErr().println("task " + id + " created from " + source.dataPath);
                spec.commandLine().getErr().flush();
            }
            return Executions.execute(spec, id, ExecutionMode.STEP, StepName.TRAINING_LOAD, flags, json);
        }
    }
}
