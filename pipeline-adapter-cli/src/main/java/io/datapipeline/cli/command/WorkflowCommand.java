package io.datapipeline.cli.command;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.port.in.CreateTaskCommand;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline workflow run}: the original schema_workflow, as a {@code manual_YYYYMMDD_HHMMSS} task. */
@Command(name = "workflow", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  pipeline workflow run --db-connection postgresql://app@db/shop --table-list tables.txt --business-context shops"}, description = "Run the whole pipeline in one go.",
        subcommands = WorkflowCommand.Run.class)
public final class WorkflowCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Create a manual_YYYYMMDD_HHMMSS task and run every step: ddl_generation, qa_generation, "
                    + "sql_validation, training_load."},
            footer = {"%nExample:", "  pipeline workflow run --db-connection postgresql://app@db:5432/shop "
                    + "--table-list tables.txt --business-context 'bicycle shops' --truncate-vector-tables"})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--db-connection", required = true, paramLabel = "URL", description = "The business database.")
        String dbConnection;

        @Option(names = "--table-list", required = true, paramLabel = "FILE", description = "Tables to describe.")
        Path tableList;

        @Option(names = "--business-context", required = true, paramLabel = "TEXT", description = "About the business.")
        String businessContext;

        @Option(names = "--output-dir", paramLabel = "DIR", description = "Data directory for this run (default: --data-dir).")
        Path outputDir;

        @Option(names = "--skip-validation", description = "Do not run sql_validation.")
        boolean skipValidation;

        @Option(names = "--disable-llm-repair", description = "Do not let the language model repair failing SQL.")
        boolean disableRepair;

        @Option(names = "--no-modify-file", description = "Do not rewrite the pairs file after validation.")
        boolean noModify;

        @Mixin
        VectorFlags flags;

        @Mixin
        GenerationFlags generation;

        @Option(names = "--json", description = "Print the result document as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (outputDir != null) {
                CommandSupport.app(spec).overrideDataDir(outputDir);
            }
            TaskParameters parameters = new TaskParameters(DatabaseUrl.parse(dbConnection, "--db-connection"),
                    businessContext, !skipValidation, !disableRepair, !noModify, true, true);
            CreateTaskCommand command = new CreateTaskCommand(parameters, null, null,
                    TaskCommand.readTableList(tableList), "manual", Optional.empty(), "cli")
                    .withGeneration(generation.choices());
            Task task = CommandSupport.app(spec).createTask(CommandSupport.settings(spec)).create(command);
            spec.commandLine().getErr().println("task " + task.id() + " created");
            spec.commandLine().getErr().flush();
            return Executions.execute(spec, task.id(), ExecutionMode.COMPLETE, null, flags, json);
        }
    }
}
