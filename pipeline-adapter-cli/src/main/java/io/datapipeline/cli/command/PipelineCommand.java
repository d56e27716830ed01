package io.datapipeline.cli.command;

import io.datapipeline.cli.wiring.CliApplication;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The root command: {@code pipeline <group> <command> [options]}. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Text2SQL training-data pipeline with safe pgvector table management.",
        subcommands = {VectorCommand.class, TaskCommand.class, WorkflowCommand.class, TrainingCommand.class,
            DdlCommand.class, QaCommand.class, SqlCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"%nSettings: options win over environment variables (PIPELINE_DB_URL, PIPELINE_DB_USER, "
                + "PIPELINE_DB_PASSWORD, PIPELINE_DATA_DIR, PIPELINE_LLM_*, PIPELINE_EMBEDDING_*), which win over --config.",
            "%nExamples:", "  pipeline vector backup --db-url postgresql://app@db:5432/vectors --truncate",
            "  pipeline task execute --task-id task_20250721_113010 --execution-mode step --step-name training_load",
            "  pipeline workflow run --db-connection postgresql://app@db/shop --table-list tables.txt --business-context 'shops'",
            "  source <(pipeline completion bash)"},
        // the exit codes are listed by CommandSupport, in this command's help and in every subcommand's
        exitCodeListHeading = "%nExit codes:%n")
public final class PipelineCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GlobalOptions global;

    /** Set by {@link CommandSupport#install}; commands reach use cases through it. */
    CliApplication app;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with its handlers; {@code app} may be null when only help is rendered. */
    public static CommandLine commandLine(CliApplication app) {
        CommandLine cl = new CommandLine(new PipelineCommand());
        cl.setUsageHelpWidth(110);
        CommandSupport.install(cl, app);
        return cl;
    }

    /** Builds the command line and runs it; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** The same with an explicit environment (tests). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CliApplication app = new CliApplication(env);
        try {
            CommandLine cl = commandLine(app);
            cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
            cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
            return cl.execute(args);
        } finally {
            app.close();
        }
    }
}
