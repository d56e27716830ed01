package io.datapipeline.cli.command;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.in.GenerateDocumentsCommand;
import io.datapipeline.core.port.in.GenerateDocumentsUseCase;
import io.datapipeline.wire.ResultShapes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline ddl ...}: the original's standalone table documenter ({@code ddl_md_generator}). */
@Command(name = "ddl", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  pipeline ddl generate --db-connection postgresql://app@db/shop --table-list tables.txt "
                + "--output-dir docs"},
        description = "Document the tables of a business database, without a task.",
        subcommands = DdlCommand.Generate.class)
public final class DdlCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write <table>.ddl, <table>_detail.md and filename_mapping.txt for every table of the list "
                    + "into a folder, as ddl_generation writes them into a task directory (the same files for the same "
                    + "answers), without a task or a vector database.",
                "The language model (PIPELINE_LLM_*) proposes the comments the catalog lacks, --max-concurrent-tables "
                        + "tables at once; without a model the documents carry the catalog's comments only.",
                "Exit 1 when a table failed (the others' files are written and the failures listed), more than "
                        + "--max-table-failures failed, or none of the tables exists."},
            footer = {"%nExamples:",
                "  pipeline ddl generate --db-connection postgresql://app@db:5432/shop --table-list tables.txt "
                        + "--output-dir docs",
                "  pipeline ddl generate --db-connection postgresql://app@db:5432/shop --table-list tables.txt "
                        + "--output-dir docs --business-context 'bicycle shops' --max-concurrent-tables 8 --json"},
            exitCodeListHeading = "%nExit codes:%n")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--db-connection", required = true, paramLabel = "URL",
                description = "The business database: postgresql://user:pass@host:port/db or a JDBC URL.")
        String dbConnection;

        @Option(names = "--table-list", required = true, paramLabel = "FILE", description = "Tables to describe, one "
                + "per line.")
        Path tableList;

        @Option(names = "--output-dir", required = true, paramLabel = "DIR",
                description = "Where the files go (created when missing; files of the same names are replaced).")
        String outputDir;

        @Option(names = "--business-context", paramLabel = "TEXT",
                description = "One sentence about the business, given to the language model.")
        String businessContext;

        @Mixin
        TableFlags tables;

        @Option(names = "--json", description = "Print the result as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            GenerateDocumentsCommand command = new GenerateDocumentsCommand(DatabaseUrl.parse(dbConnection,
                    "--db-connection"), TaskCommand.readTableList(tableList), outputDir, businessContext,
                    GenerationFlags.checked(tables.apply(GenerationOptions.Choices.builder()).build()));
            GenerateDocumentsUseCase.Generated g = CommandSupport.app(spec).generateDocuments(CommandSupport
                    .settings(spec)).generate(command);
            StepResult.DdlGeneration r = g.result();
            boolean ok = r.tables().failed().isEmpty();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("success", ok);
                doc.put("output_dir", g.outputDirectory());
                doc.put("result", ResultShapes.step(r));
                doc.put("llm_usage", ResultShapes.usage(g.usage()));
                CommandSupport.printJson(spec, doc);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("documented %d of %d tables into %s (%d files)%n", r.tablesProcessed(), r.tablesRequested(),
                        g.outputDirectory(), r.filesGenerated());
                r.tablesNotFound().forEach(t -> out.println("  not found: " + t));
                r.invalidEntries().forEach(t -> out.println("  invalid entry: " + t));
                r.tables().failed().forEach(f -> out.println("  failed: " + f.unit() + ": " + f.error()));
                UsageLines.print(out, "  ", g.usage());
                out.flush();
            }
            return ok ? CommandSupport.OK : CommandSupport.FAILED;
        }
    }
}
