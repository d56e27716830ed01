package io.datapipeline.cli.command;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.EvaluateRetrievalCommand;
import io.datapipeline.core.port.in.SearchVectorStoreCommand;
import io.datapipeline.core.retrieval.RetrievalEvaluation;
import io.datapipeline.core.retrieval.RetrievalHistoryEntry;
import io.datapipeline.core.vector.StoreInventory;
import io.datapipeline.core.vector.StoreSearchResult;
import io.datapipeline.wire.RetrievalShapes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipeline vector collections|search|evaluate}: the store as the assistant reads it, and how well it retrieves. */
final class StoreCommands {

    private StoreCommands() {
    }

    @Command(name = "collections", mixinStandardHelpOptions = true,
            description = {"List the store's collections: rows, vector dimensions, the embedding model each recorded, "
                    + "and whether the configured model can search it."},
            footer = {"%nExample:", "  pipeline vector collections --json"})
    static final class Collections implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the collections as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            StoreInventory inv = CommandSupport.app(spec).inspectVectorStore(CommandSupport.settings(spec)).inspect();
            if (json) {
                CommandSupport.printJson(spec, inv);
            } else {
                StoreRender.inventory(spec.commandLine().getOut(), inv);
            }
            return CommandSupport.OK;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Search what the assistant would retrieve: the question embedded by the configured model, "
                    + "the top k of one collection by cosine distance, exactly as langchain_postgres orders them "
                    + "(embedding <=> q within the collection found by name).",
                "Refused (exit 1) when the collection's vectors were made by another model than the configured one."},
            footer = {"%nExamples:", "  pipeline vector search --collection ddl \"which shop sold the most bikes?\"",
                "  pipeline vector search --collection sql -k 3 --json \"各服务区的日营业额\""})
    static final class Search implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--collection", required = true, paramLabel = "ddl|documentation|sql",
                description = "The collection to search.")
        String collection;

        @Option(names = "-k", paramLabel = "K", defaultValue = "5", description = "How many rows (1 to 100, default 5).")
        int k;

        @Parameters(index = "0", paramLabel = "QUESTION", description = "The user's question.")
        String question;

        @Option(names = "--json", description = "Print the results as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            StoreSearchResult r = CommandSupport.app(spec).searchVectorStore(CommandSupport.settings(spec))
                    .search(new SearchVectorStoreCommand(collection, question, k));
            if (json) {
                CommandSupport.printJson(spec, r);
            } else {
                StoreRender.search(spec.commandLine().getOut(), r);
            }
            return CommandSupport.OK;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Measure retrieval: for each question-SQL pair of a task, the top k of ddl, documentation and "
                    + "sql (the pair itself left out), compared with the tables its SQL reads (from sql_validation's "
                    + "EXPLAIN). Prints ddl_hit@k, ddl_recall@k, doc_hit@k, sql_match@k, per-table coverage and the "
                    + "worst questions; the result is kept in the task directory (retrieval_evaluation_<ts>.json).",
                "With --history, prints the task's past evaluations instead, oldest first."},
            footer = {"%nExamples:", "  pipeline vector evaluate", "  pipeline vector evaluate --task-id task_20250721_113010 -k 5 --json",
                "  pipeline vector evaluate --task-id task_20250721_113010 --history"})
    static final class Evaluate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", paramLabel = "ID",
                description = "The task whose pairs are asked (default: the task that last loaded the store).")
        String taskId;

        @Option(names = "-k", paramLabel = "K", defaultValue = "3", description = "Results per collection (1 to 50, default 3).")
        int k;

        @Option(names = "--history", description = "Print the task's past evaluations (needs --task-id).")
        boolean history;

        @Option(names = "--json", description = "Print the evaluation (or the history) as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            if (history) {
                if (taskId == null) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--history needs --task-id");
                }
                TaskId id = TaskId.parse(taskId);
                List<RetrievalHistoryEntry> entries = CommandSupport.app(spec).retrievalHistory(
                        CommandSupport.settings(spec)).history(id);
                if (json) {
                    CommandSupport.printJson(spec, RetrievalShapes.history(id.value(), entries));
                } else {
                    StoreRender.history(spec.commandLine().getOut(), id.value(), entries);
                }
                return CommandSupport.OK;
            }
            RetrievalEvaluation e = CommandSupport.app(spec).evaluateRetrieval(CommandSupport.settings(spec))
                    .evaluate(new EvaluateRetrievalCommand(Optional.ofNullable(taskId).map(TaskId::parse), k));
            if (json) {
                CommandSupport.printJson(spec, e);
            } else {
                StoreRender.evaluation(spec.commandLine().getOut(), e);
            }
            return CommandSupport.OK;
        }
    }
}
