package io.datapipeline.cli.command;

import io.datapipeline.core.port.in.ReembedReport;
import io.datapipeline.core.port.in.ReembedVectorStoreCommand;
import io.datapipeline.core.vector.EmbeddingModelChoice;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline vector reembed}: moves the store to another embedding model in one commit. */
@Command(name = "reembed", mixinStandardHelpOptions = true,
        description = {"Re-embed the documents of the store with another embedding model, in one commit.",
            "Every document in scope is embedded first, before any lock is taken, in batches kept in "
                    + "<data-dir>/reembed/ (an interrupted run, run again, embeds only what is left). Then both tables "
                    + "are backed up into the global folder and one transaction rewrites the vectors, changes the "
                    + "column's type if it has a fixed dimension the new model does not give (readers wait from that "
                    + "change until the commit), records the new model in the collections and commits: readers see the "
                    + "old vectors until the commit and the new ones after it, never a mix.",
            "Right after the commit, switch PIPELINE_EMBEDDING_* and the assistant's query model to the new model; "
                    + "the backup set is the way back (pipeline vector restore --global --timestamp TS "
                    + "--truncate-before-restore). Endpoint providers use PIPELINE_EMBEDDING_BASE_URL and its key "
                    + "unless --base-url is given (the configured key only goes to the configured host)."},
        footer = {"%nExamples:", "  pipeline vector reembed --provider openai --model text-embedding-3-small --dimension 1536 --dry-run",
            "  pipeline vector reembed --provider onnx --model bge-small-zh-v1.5-q",
            "  pipeline vector reembed --provider ollama --model bge-m3 --dimension 1024 --base-url http://localhost:11434 --json"})
final class VectorReembedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", required = true, paramLabel = "onnx|openai|ollama|offline",
            description = "The new model's provider.")
    String provider;

    @Option(names = "--model", paramLabel = "NAME", description = "The new model's name (required for openai and "
            + "ollama; onnx: default its first in-process model).")
    String model;

    @Option(names = "--dimension", paramLabel = "N", description = "Dimensions of the new model's vectors (required "
            + "for openai and ollama; onnx: the model's).")
    Integer dimension;

    @Option(names = "--base-url", paramLabel = "URL", description = "The new model's endpoint (default: "
            + "PIPELINE_EMBEDDING_BASE_URL).")
    String baseUrl;

    @Option(names = "--collections", split = ",", paramLabel = "NAME", description = "Re-embed only these "
            + "collections (e.g. sql,ddl); refused when the column's type must change, which reaches every row.")
    List<String> collections;

    @Option(names = "--dry-run", description = "Only count the documents, what the resume cache holds, and estimate "
            + "the time from a sample of " + 8 + " texts; nothing is changed, no backup set is taken.")
    boolean dryRun;

    @ArgGroup(exclusive = false)
    VectorCommand.WaitOption wait = new VectorCommand.WaitOption();

    @Option(names = "--json", description = "Print the re-embed report as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        ReembedReport report = CommandSupport.app(spec).reembedVectorStore(CommandSupport.settings(spec)).reembed(
                new ReembedVectorStoreCommand(collections, dryRun, new EmbeddingModelChoice(provider, model, dimension,
                        baseUrl), wait == null ? Duration.ZERO : wait.duration(),
                        TerminalProgress.forTerminal(spec.commandLine().getErr(), json)));
        if (json) {
            CommandSupport.printJson(spec, report);
        } else {
            render(spec.commandLine().getOut(), report);
        }
        return CommandSupport.exitCode(report.kind());
    }

    static void render(PrintWriter out, ReembedReport r) {
        ReembedReport.Scope s = r.scope();
        String to = r.models().after().describe();
        out.printf(Locale.ROOT, "%d document(s) (%d distinct texts) in %s%s%n", s.documents(), s.texts(),
                s.collections(), s.everything() ? " (the whole table)" : "");
        r.models().before().forEach((c, p) -> out.printf(Locale.ROOT, "  %-16s %s%n", c, p.describe()));
        if (r.ending().dryRun()) {
            ReembedReport.Estimate e = r.estimate();
            out.printf(Locale.ROOT, "dry run: %d text(s) to embed with %s, %d in the resume cache already; "
                    + "about %.0f s of embedding (from a sample of %d in %.2f s); nothing was changed%n", e.toEmbed(), to,
                    r.counts().fromCache(), e.estimatedSeconds(), e.sampleTexts(), e.sampleSeconds());
        } else if (r.success() && r.rewrite() != null) {
            out.printf(Locale.ROOT, "re-embedded with %s: %d vector(s) rewritten (%d texts embedded now, %d from the "
                    + "resume cache)%s; backup set %s in %s holds the store as it was%n", to, r.rewrite().total(),
                    r.counts().embedded() + r.counts().inTransaction(), r.counts().fromCache(),
                    r.rewrite().column() == null ? "" : ", column " + r.rewrite().column().before() + " -> "
                            + r.rewrite().column().after(), r.backup().timestamp(), r.backup().backupDirectory());
        } else if (r.success()) {
            out.println("nothing was changed");
        } else {
            out.println("re-embed FAILED: " + r.ending().error());
        }
        r.ending().warnings().forEach(w -> out.println("warning: " + w));
        r.ending().nextSteps().forEach(n -> out.println("NOW: " + n));
        out.flush();
    }
}
