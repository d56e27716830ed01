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

    io.datapipeline.core.domain.TruncateScope scope() {
        return truncateScope == null ? null
                : io.datapipeline.core.domain.TruncateScope.parse(truncateScope, "--truncate-scope");
    }
}
