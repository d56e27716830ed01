package io.datapipeline.cli.command;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.in.GeneratePairsCommand;
import io.datapipeline.core.port.in.GeneratePairsUseCase;
import io.datapipeline.wire.ResultShapes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline qa ...}: the original's standalone question-SQL generator ({@code qs_generator}). */
@Command(name = "qa", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  pipeline qa generate --input-dir docs --business-context 'bicycle shops' --db-name shop"},
        description = "Generate question-SQL pairs from table documents, without an execution.",
        subcommands = QaCommand.Generate.class)
public final class QaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Ask the language model (PIPELINE_LLM_*) for analysis themes from the *_detail.md documents of "
                    + "a folder (--input-dir) or of a task's directory (--task-id), then for question-SQL pairs per "
                    + "theme, and write qs_<db>_<YYYYMMDD_HHMMSS>_pair.json, metadata.txt and metadata_detail.md, as "
                    + "qa_generation does.",
                "An older qs_*_pair.json in the output folder is renamed <name>_old, so a load of the folder takes the "
                        + "new pairs only. With --task-id the task's business context, database name and options are "
                        + "the defaults, and a running execution of the task refuses it (exit 3).",
                "Exit 1 when a theme failed (the others' pairs are written and the failures listed; the original exited "
                        + "2 here, which means usage in this tool) or no pair came out."},
            footer = {"%nExamples:",
                "  pipeline qa generate --input-dir docs --business-context 'bicycle shops' --db-name shop",
                "  pipeline qa generate --task-id task_20250721_113010 --theme-count 8 --questions-per-theme 5 --json"},
            exitCodeListHeading = "%nExit codes:%n")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", paramLabel = "ID", description = "The task whose directory holds the documents.")
        String taskId;

        @Option(names = "--input-dir", paramLabel = "DIR", description = "A folder holding *_detail.md documents.")
        String inputDir;

        @Option(names = "--output-dir", paramLabel = "DIR",
                description = "Where the pairs go (created when missing; default: where the documents are).")
        String outputDir;

        @Option(names = "--business-context", paramLabel = "TEXT",
                description = "One sentence about the business (default: the task's, else a generic one).")
        String businessContext;

        @Option(names = "--db-name", paramLabel = "NAME",
                description = "The database name in the file name qs_<db>_<ts>_pair.json (default: the task's, else db).")
        String dbName;

        @Mixin
        ThemeFlags themes;

        @Option(names = "--json", description = "Print the result as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            GeneratePairsCommand command = new GeneratePairsCommand(Optional.ofNullable(taskId).map(TaskId::parse),
                    Optional.ofNullable(inputDir), Optional.ofNullable(outputDir), businessContext, dbName,
                    GenerationFlags.checked(themes.apply(GenerationOptions.Choices.builder()).build()));
            GeneratePairsUseCase.Generated g = CommandSupport.app(spec).generatePairs(CommandSupport.settings(spec))
                    .generate(command);
            StepResult.QaGeneration r = g.result();
            boolean ok = r.successfulThemes() == r.totalThemes();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("success", ok);
                doc.put("output_dir", g.outputDirectory());
                doc.put("result", ResultShapes.step(r));
                doc.put("llm_usage", ResultShapes.usage(g.usage()));
                CommandSupport.printJson(spec, doc);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("wrote %d pairs of %d of %d themes to %s/%s%n", r.totalQuestions(), r.successfulThemes(),
                        r.totalThemes(), g.outputDirectory(), r.outputFile());
                r.themes().stream().filter(t -> !t.success()).forEach(t -> out.println("  theme failed: " + t.theme()
                        + ": " + t.error()));
                UsageLines.print(out, "  ", g.usage());
                out.flush();
            }
            return ok ? CommandSupport.OK : CommandSupport.FAILED;
        }
    }
}
