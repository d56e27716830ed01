package io.datapipeline.core.service;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.ResultKind;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.port.in.ReloadVectorStoreUseCase;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.ReloadReport;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code training_load}: embed the task's training files and write them into the LangChain tables, guarded
 * by vector-table management.
 *
 * <p>Order, chosen so the store is never left empty or half-loaded: collect and embed everything first (an
 * unconfigured or unreachable embedding service fails here, before the store is touched); then hand the items
 * to the reload use case, which goes from the old store to the new one in a single transaction (backup, removal
 * of the old rows, the new rows, commit). A failure anywhere before that commit leaves the store as it was, so
 * there is nothing to restore.
 */
final class TrainingLoadStep implements WorkflowStep {

    private static final String STEP = "training_load";

    private final TaskWorkspace workspace;
    private final EmbeddingModel embedder;
    private final Optional<LanguageModel> model;
    private final ReloadVectorStoreUseCase reload;
    private final Duration lockWait;

    TrainingLoadStep(TaskWorkspace workspace, EmbeddingModel embedder, Optional<LanguageModel> model,
            ReloadVectorStoreUseCase reload, Duration lockWait) {
        this.workspace = workspace;
        this.embedder = embedder;
        this.model = model;
        this.reload = reload;
        this.lockWait = lockWait;
    }

    @Override
    public StepName name() {
        return StepName.TRAINING_LOAD;
    }

    @Override
    public boolean enabledFor(TaskParameters parameters) {
        return parameters.enableTrainingDataLoad();
    }

    @Override
    public StepOutcome run(StepContext ctx) {
        long t0 = System.nanoTime();
        TaskId id = ctx.task().id();
        VectorManagementDecision decision = ctx.decision();
        String dir = workspace.directory(id);

        List<TrainingItem> items = List.of();
        EmbeddingProvenance provenance = null;
        List<String> files = null;
        List<String> skippedFiles = null;
        Integer duplicates = null;
        if (!decision.skipTraining()) {
            TrainingFiles.Selection selection = TrainingFiles.collect(workspace, id);
            List<TrainingFiles.Item> found = new ArrayList<>(selection.items());
            found.addAll(questionsForPlainSql(ctx, selection));
            selection.warnings().forEach(w -> ctx.log().warn(STEP, w));
            files = selection.files();
            skippedFiles = selection.skipped();
            if (found.isEmpty()) {
                return StepOutcome.failed(new StepResult.TrainingLoad(dir, files, skippedFiles, null, false, null, null,
                        null, null, null, null, null, null, null, null), "no training data found in " + dir
                        + " (expected *.ddl, *.md, *_pair.json files); nothing was changed");
            }
            provenance = embedder.provenance();
            ctx.log().info(STEP, "embedding " + found.size() + " items with " + embedder.describe());
            long e0 = System.nanoTime();
            List<float[]> vectors = embed(ctx, found.stream().map(TrainingFiles.Item::document).toList());
            double embedSeconds = (System.nanoTime() - e0) / 1e9;
            ctx.log().info(STEP, String.format(java.util.Locale.ROOT, "embedded %d items in %.2f s (%.1f items/s)",
                    found.size(), embedSeconds, found.size() / Math.max(embedSeconds, 1e-9)));
            if (vectors.size() != found.size()) {
                throw new StepFailure("the embedding model returned " + vectors.size() + " vectors for " + found.size()
                        + " texts");
            }
            Map<String, TrainingItem> unique = new LinkedHashMap<>();
            for (int i = 0; i < found.size(); i++) {
                TrainingItem item = TrainingItem.of(found.get(i).collection(), found.get(i).document(), vectors.get(i));
                unique.putIfAbsent(item.id(), item);
            }
            items = new ArrayList<>(unique.values());
            duplicates = found.size() - items.size();
        } else {
            ctx.log().info(STEP, "skip_training: no files are loaded");
        }

        if (items.isEmpty() && !decision.active()) {
            return new StepOutcome(true, new StepResult.TrainingLoad(dir, files, skippedFiles, duplicates, true, null,
                    Map.of(), null, 0L, null, null, null, null, null, StepContext.elapsedSeconds(t0)), null,
                    VectorManagementReport.notRequested());
        }
        if (decision.active()) {
            ctx.log().info(STEP, "vector table management: backup=" + decision.backup() + " truncate="
                    + decision.truncate() + (decision.truncate() ? " scope=" + decision.truncateScope().wire() : ""));
        }
        ReloadReport report;
        try {
            report = reload.reload(new ReloadVectorStoreCommand(id, ctx.execution().executionId(), decision.backup(),
                    decision.truncate(), decision.truncateScope(), items, provenance, lockWait,
                    ctx.monitor().transfer("reload", ctx.progress())));
        } catch (BusyException e) {
            return new StepOutcome(ResultKind.BUSY, new StepResult.TrainingLoad(dir, files, skippedFiles, duplicates, false, null,
                    null, null, null, null, null, null, null, null, null), e.getMessage(),
                    VectorManagementReport.notRequested());
        }
        report.created().forEach(c -> ctx.log().info(STEP, "created " + c + " (it was missing)"));
        report.warnings().forEach(w -> ctx.log().warn(STEP, w));
        VectorManagementReport vm = report.vectorManagement();
        vm.tablesBackedUp().forEach((t, r) -> {
            if (r.success()) {
                ctx.log().info(STEP, "backup " + t + ": " + r.backupFile() + " (" + r.rowCount() + " rows)");
            }
        });
        Map<String, Long> inserted = new LinkedHashMap<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        // by collection name: the report, the result document and the log line list them in one stable order
        new java.util.TreeMap<>(report.loaded()).forEach((c, n) -> {
            inserted.put(c, n.inserted());
            skipped.put(c, n.skippedExisting());
        });
        StepResult.TrainingLoad result = new StepResult.TrainingLoad(dir, files, skippedFiles, duplicates,
                report.success(), report.outcome().wire(), inserted, skipped, report.totalInserted(),
                provenance == null ? null : embedder.describe(), provenance == null ? null : provenance.provider(),
                provenance == null ? null : provenance.dimension(), report.created().isEmpty() ? null : report.created(),
                report.warnings().isEmpty() ? null : report.warnings(), StepContext.elapsedSeconds(t0));
        if (report.success()) {
            ctx.log().info(STEP, "loaded " + report.totalInserted() + " rows " + inserted + ", skipped (already stored) "
                    + skipped);
            return new StepOutcome(true, result, null, vm);
        }
        ctx.log().error(STEP, report.error());
        return new StepOutcome(ResultKind.of(false, report.outcome() == CommitOutcome.UNKNOWN), result,
                (report.refused() ? "" : "training load failed: ") + report.error(), vm);
    }

    /** Embeds in slices of {@value #EMBED_SLICE} so progress can be shown; the adapter batches its requests. */
    private List<float[]> embed(StepContext ctx, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        ctx.progress().started("embedding", texts.size(), texts.size());
        for (int from = 0; from < texts.size(); from += EMBED_SLICE) {
            ctx.monitor().checkCancelled();
            ctx.monitor().progress("embedding", from, texts.size(), "items");
            List<String> slice = texts.subList(from, Math.min(texts.size(), from + EMBED_SLICE));
            out.addAll(ctx.monitor().call(() -> embedder.embed(slice)));
            try {
                ctx.progress().transferred("embedding", slice.size());
            } catch (java.io.IOException e) {
                throw new StepFailure("interrupted: " + e.getMessage(), e);
            }
        }
        ctx.progress().finished("embedding", texts.size(), texts.size());
        ctx.monitor().progress("embedding", texts.size(), texts.size(), "items");
        return out;
    }

    private static final int EMBED_SLICE = 64;

    /** Where the questions the model wrote for plain SQL are kept, so a reload gets the same documents (and ids). */
    static final String QUESTIONS_FILE = "plain_sql_questions.json";

    private List<TrainingFiles.Item> questionsForPlainSql(StepContext ctx, TrainingFiles.Selection selection) {
        List<TrainingFiles.Item> out = new ArrayList<>();
        if (selection.plainSqlFiles().isEmpty()) {
            return out;
        }
        TaskId id = ctx.task().id();
        Map<String, Object> known = new LinkedHashMap<>();
        workspace.readJson(id, QUESTIONS_FILE).ifPresent(json -> {
            if (json instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (k instanceof String sql && v instanceof String q) {
                        known.put(sql, q);
                    }
                });
            }
        });
        boolean asked = false;
        for (String file : selection.plainSqlFiles()) {
            String text = workspace.readText(id, file).orElse("");
            for (String sql : TrainingFiles.splitStatements(text)) {
                String question = (String) known.get(sql);
                if (question == null) {
                    if (model.isEmpty()) {
                        ctx.log().warn(STEP, file + " holds SQL without questions and no language model is configured "
                                + "to write them; skipped");
                        break;
                    }
                    ctx.monitor().checkCancelled();
                    List<QuestionSqlPair> answer = ctx.monitor().call(() -> model.get().generatePairs(
                            Prompts.QUESTION_SYSTEM, "SQL: " + sql));
                    question = answer.get(0).question().strip();
                    if (!question.endsWith("?") && !question.endsWith("？")) {
                        question = question + "?";
                    }
                    known.put(sql, question);
                    asked = true;
                }
                out.add(new TrainingFiles.Item("sql", JsonText.questionSql(question, sql), file, sql, question));
            }
        }
        if (asked) {
            workspace.writeJson(id, QUESTIONS_FILE, known);
        }
        return out;
    }
}
