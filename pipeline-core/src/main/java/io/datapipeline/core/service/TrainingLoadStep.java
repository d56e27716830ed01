package io.datapipeline.core.service;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.TableShape;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.port.out.TrainingDataWriter;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.port.out.VectorTableStore;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code training_load}: embed the task's training files and write them into the LangChain tables, guarded
 * by vector-table management.
 *
 * <p>Order, chosen so the store is never left empty by a failure we could have seen coming: collect and
 * embed everything first (an unreachable embedding service or a dimension the table cannot hold fails here,
 * before the store is touched); then, under the store-wide lock, back up (and truncate) once, write all rows
 * in one transaction, and if that write fails after this run truncated the store, restore the set just
 * taken. A failed backup means nothing is loaded: a requested replace never turns into an append.
 */
final class TrainingLoadStep {

    private static final String PURPOSE = "training load";

    private final TaskWorkspace workspace;
    private final EmbeddingModel embedder;
    private final Optional<LanguageModel> model;
    private final VectorTableStore store;
    private final VectorTables tables;
    private final TrainingDataWriter writer;
    private final BackupVectorTablesUseCase backup;
    private final RestoreVectorBackupUseCase restore;
    private final Duration lockWait;

    TrainingLoadStep(TaskWorkspace workspace, EmbeddingModel embedder, Optional<LanguageModel> model,
            VectorTableStore store, VectorTables tables, TrainingDataWriter writer, BackupVectorTablesUseCase backup,
            RestoreVectorBackupUseCase restore, Duration lockWait) {
        this.workspace = workspace;
        this.embedder = embedder;
        this.model = model;
        this.store = store;
        this.tables = tables;
        this.writer = writer;
        this.backup = backup;
        this.restore = restore;
        this.lockWait = lockWait;
    }

    StepOutcome run(StepContext ctx) {
        long t0 = System.nanoTime();
        TaskId id = ctx.task().id();
        VectorManagementDecision decision = ctx.decision();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("training_data_dir", workspace.directory(id).toString());

        List<TrainingDataWriter.EmbeddedItem> embedded = List.of();
        if (!decision.skipTraining()) {
            TrainingFiles.Selection selection = TrainingFiles.collect(workspace, id);
            List<TrainingFiles.Item> items = new ArrayList<>(selection.items());
            items.addAll(questionsForPlainSql(ctx, selection));
            selection.warnings().forEach(w -> ctx.log().warn("training_load", w));
            result.put("files", selection.files());
            result.put("skipped_files", selection.skipped());
            if (items.isEmpty()) {
                result.put("load_successful", false);
                return StepOutcome.failed(result, "no training data found in " + workspace.directory(id)
                        + " (expected *.ddl, *.md, *_pair.json files); nothing was changed");
            }
            ctx.log().info("training_load", "embedding " + items.size() + " items with " + embedder.describe());
            List<float[]> vectors = embed(ctx, items.stream().map(TrainingFiles.Item::document).toList());
            if (vectors.size() != items.size()) {
                throw new StepFailure("the embedding model returned " + vectors.size() + " vectors for " + items.size()
                        + " texts");
            }
            List<TrainingDataWriter.EmbeddedItem> list = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                TrainingFiles.Item it = items.get(i);
                String suffix = switch (it.collection()) {
                    case "sql" -> "-sql";
                    case "ddl" -> "-ddl";
                    default -> "-doc";
                };
                list.add(new TrainingDataWriter.EmbeddedItem(it.collection(), UUID.randomUUID() + suffix, it.document(),
                        vectors.get(i)));
            }
            embedded = list;
        } else {
            ctx.log().info("training_load", "skip_training: no files are loaded");
        }

        VectorManagementReport vm = VectorManagementReport.notRequested();
        try (VectorStoreSession session = store.openSession(PURPOSE + " " + id, lockWait)) {
            if (!embedded.isEmpty()) {
                checkDimension(session, embedded.get(0).embedding().length);
            }
            if (decision.active()) {
                ctx.log().info("training_load", "vector table management: backup=" + decision.backup() + " truncate="
                        + decision.truncate());
                vm = backup.backup(new BackupVectorTablesCommand(BackupLocation.ofTask(id), decision.truncate(),
                        Duration.ZERO, ctx.progress(), Optional.of(session)));
                if (!vm.success()) {
                    result.put("load_successful", false);
                    return new StepOutcome(false, result, "vector table management failed, nothing was loaded: "
                            + String.join("; ", vm.errors()), vm);
                }
                vm.tablesBackedUp().forEach((t, r) -> ctx.log().info("training_load", "backup " + t + ": "
                        + r.backupFile() + " (" + r.rowCount() + " rows)"));
            }
            if (decision.skipTraining()) {
                result.put("load_successful", true);
                result.put("records_loaded", Map.of());
                result.put("total_records", 0);
                result.put("duration", DdlGenerationStep.seconds(t0));
                return new StepOutcome(true, result, null, vm);
            }
            try {
                Map<String, Long> counts = writer.write(session, embedded);
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                result.put("load_successful", true);
                result.put("records_loaded", counts);
                result.put("total_records", total);
                result.put("embedding_model", embedder.describe());
                result.put("embedding_dimension", embedder.dimension());
                result.put("duration", DdlGenerationStep.seconds(t0));
                ctx.log().info("training_load", "loaded " + total + " rows " + counts);
                return new StepOutcome(true, result, null, vm);
            } catch (RuntimeException e) {
                String why = e.getMessage();
                ctx.log().error("training_load", "load failed, nothing of it was written: " + why);
                result.put("load_successful", false);
                if (vm.truncatePerformed()) {
                    result.put("restore_after_failure", restoreAfterFailure(ctx, session, vm));
                }
                result.put("duration", DdlGenerationStep.seconds(t0));
                return new StepOutcome(false, result, "training load failed: " + why, vm);
            }
        }
    }

    private Map<String, Object> restoreAfterFailure(StepContext ctx, VectorStoreSession session,
            VectorManagementReport vm) {
        if (!ctx.task().parameters().restoreOnLoadFailure()) {
            ctx.log().warn("training_load", "the store was truncated and restore_on_load_failure is off: restore "
                    + "backup set " + vm.timestamp() + " by hand (pipeline vector restore --task-id "
                    + ctx.task().id() + " --timestamp " + vm.timestamp() + " --truncate-before-restore)");
            return Map.of("performed", false, "reason", "restore_on_load_failure is off", "timestamp", vm.timestamp());
        }
        ctx.log().warn("training_load", "restoring backup set " + vm.timestamp() + " taken before the truncate");
        RestoreReport rr = restore.restore(new RestoreVectorBackupCommand(BackupLocation.ofTask(ctx.task().id()),
                BackupTimestamp.parse(vm.timestamp()), null, true, Duration.ZERO, ctx.progress(), Optional.of(session)));
        if (rr.success()) {
            ctx.log().info("training_load", "store restored from " + vm.timestamp());
        } else {
            ctx.log().error("training_load", "automatic restore failed: " + rr.errors() + "; restore by hand from "
                    + vm.timestamp());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("performed", rr.success());
        m.put("timestamp", vm.timestamp());
        m.put("report", rr.toMap());
        return m;
    }

    /** Embeds in slices of {@value #EMBED_SLICE} so progress can be shown; the adapter batches its requests. */
    private List<float[]> embed(StepContext ctx, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        ctx.progress().started("embedding", texts.size(), texts.size());
        for (int from = 0; from < texts.size(); from += EMBED_SLICE) {
            List<String> slice = texts.subList(from, Math.min(texts.size(), from + EMBED_SLICE));
            out.addAll(embedder.embed(slice));
            try {
                ctx.progress().transferred("embedding", slice.size());
            } catch (java.io.IOException e) {
                throw new StepFailure("interrupted: " + e.getMessage(), e);
            }
        }
        ctx.progress().finished("embedding", texts.size(), texts.size());
        return out;
    }

    private static final int EMBED_SLICE = 64;

    private void checkDimension(VectorStoreSession session, int dimension) {
        Optional<TableShape> shape = session.inSnapshot(false, tx -> tx.describe(tables.embedding()));
        if (shape.isEmpty()) {
            throw new StepFailure("table " + tables.embedding().display() + " does not exist in "
                    + store.describeDatabase() + "; create the LangChain tables first");
        }
        shape.get().column("embedding").flatMap(TableShape.Column::fixedDimension).ifPresent(fixed -> {
            if (fixed != dimension) {
                throw new StepFailure("the embedding column is vector(" + fixed + ") but the embedding model gives "
                        + dimension + " dimensions (PIPELINE_EMBEDDING_DIMENSION); nothing was changed");
            }
        });
    }

    private List<TrainingFiles.Item> questionsForPlainSql(StepContext ctx, TrainingFiles.Selection selection) {
        List<TrainingFiles.Item> out = new ArrayList<>();
        for (String file : selection.plainSqlFiles()) {
            if (model.isEmpty()) {
                ctx.log().warn("training_load", file + " holds SQL without questions and no language model is "
                        + "configured to write them; skipped");
                continue;
            }
            String text = workspace.readText(ctx.task().id(), file).orElse("");
            for (String sql : TrainingFiles.splitStatements(text)) {
                List<QuestionSqlPair> answer = model.get().generatePairs(Prompts.QUESTION_SYSTEM, "SQL: " + sql);
                String question = answer.get(0).question().strip();
                if (!question.endsWith("?") && !question.endsWith("？")) {
                    question = question + "?";
                }
                out.add(new TrainingFiles.Item("sql", JsonText.questionSql(question, sql), file, sql));
            }
        }
        return out;
    }
}
