package io.datapipeline.cli.command;

import picocli.CommandLine.Option;

/** The vector-table flags of an execution (the original task_executor's), shared by every command that runs one. */
public final class VectorFlags {

    @Option(names = "--backup-vector-tables", description = "Back up the vector tables at the start of training_load.")
    boolean backup;

    @Option(names = "--truncate-vector-tables",
            description = "Back up, then empty langchain_pg_embedding, before loading (implies --backup-vector-tables).")
    boolean truncate;

    @Option(names = "--skip-training", description = "In training_load, do the vector-table management only.")
    boolean skipTraining;

    @Option(names = "--truncate-scope", paramLabel = "SCOPE",
            description = "What --truncate-vector-tables removes: table (every row of langchain_pg_embedding, the "
                    + "default) or loaded_collections (only the rows of the collections this load writes; others such "
                    + "as error_sql stay).")
    String truncateScope;

    @Option(names = "--replace-by-difference",
            description = "With --truncate-vector-tables: reach the same store by deleting only the rows the new set does "
                    + "not hold and inserting only the missing ones; unchanged rows are not touched (less WAL, no "
                    + "bloat). Still one transaction after a full backup set.")
    boolean replaceByDifference;

    @Option(names = "--min-retrieval", paramLabel = "METRIC@K=VALUE",
            description = "Roll the reload back unless the new store reaches this figure, e.g. ddl_hit@3=0.8 (metrics: "
                    + "ddl_hit, ddl_recall, doc_hit, sql_match; repeatable, one k for all).")
    java.util.List<String> minRetrieval;

    @Option(names = "--max-retrieval-drop", paramLabel = "SHARE",
            description = "Roll the reload back when a figure falls by more than this from the old store's, e.g. 0.05 "
                    + "(every figure) or ddl_hit@3=0.05 (one).")
    String maxRetrievalDrop;

    io.datapipeline.core.domain.ReloadOptions reload() {
        return new io.datapipeline.core.domain.ReloadOptions(replaceByDifference,
                io.datapipeline.core.domain.RetrievalGate.parse(minRetrieval, maxRetrievalDrop, "--min-retrieval",
                        "--max-retrieval-drop"));
    }

    io.datapipeline.core.domain.TruncateScope scope() {
        return truncateScope == null ? null
                : io.datapipeline.core.domain.TruncateScope.parse(truncateScope, "--truncate-scope");
    }
}
