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
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.domain.RetrievalGate;
import io.datapipeline.core.retrieval.RetrievalCase;
import io.datapipeline.core.retrieval.RetrievalCheck;
import io.datapipeline.core.retrieval.RetrievalProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code training_load}: embed the task's training files and write them into the LangChain tables, guarded
 * by vector-table management, and measure what the store retrieves for the task's questions.
 *
 * <p>Order, chosen so the store is never left empty or half-loaded: collect the items (their ids are known before
 * embedding); hand them to the reload use case, which asks the store which it holds already with the same model,
 * embeds only the others (an unconfigured or unreachable embedding service fails there, before the store is touched),
 * then goes from the old store to the new one in a single transaction (backup, removal of the old rows, the new rows,
 * retrieval measured before and after, commit). A failure anywhere before that commit leaves the store as it was, so
 * there is nothing to restore.
 */
final class TrainingLoadStep implements WorkflowStep {

    private static final String STEP = "training_load";
    /** The most questions a reload measures retrieval with (each is three searches, twice, inside its transaction). */
    static final int PROBE_QUESTIONS = 300;

    private final TaskWorkspace workspace;
    private final EmbeddingModel embedder;
    private final Optional<LanguageModel> model;
    private final ReloadVectorStoreUseCase reload;
    private final Duration lockWait;
    private final Clock clock;

    TrainingLoadStep(TaskWorkspace workspace, EmbeddingModel embedder, Optional<LanguageModel> model,
            ReloadVectorStoreUseCase reload, Duration lockWait, Clock clock) {
        this.workspace = workspace;
        this.embedder = embedder;
        this.model = model;
        this.reload = reload;
        this.lockWait = lockWait;
        this.clock = clock;
    }

    TrainingLoadStep(TaskWorkspace workspace, EmbeddingModel embedder, Optional<LanguageModel> model,
            ReloadVectorStoreUseCase reload, Duration lockWait) {
        this(workspace, embedder, model, reload, lockWait, Clock.systemUTC());
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
        Collected collected;
        RetrievalProbe probe = null;
        if (decision.skipTraining()) {
            ctx.log().info(STEP, "skip_training: no files are loaded");
            collected = new Collected(null, List.of(), null);
        } else {
            TrainingFiles.Selection selection = TrainingFiles.collect(workspace, id);
            List<TrainingFiles.Item> found = new ArrayList<>(selection.items());
            found.addAll(questionsForPlainSql(ctx, selection));
            selection.warnings().forEach(w -> ctx.log().warn(STEP, w));
            if (found.isEmpty()) {
                return StepOutcome.failed(StepResult.TrainingLoad.of(dir, new StepResult.TrainingLoad.Files(
                        selection.files(), selection.skipped(), null)).withLoad(StepResult.TrainingLoad.Load.failed()),
                        "no training data found in " + dir + " (expected *.ddl, *.md, *_pair.json files); nothing was "
                                + "changed");
            }
            collected = collect(selection, found);
            probe = probe(ctx, found, collected.provenance(), decision.reload().gate());
        }
        StepResult.TrainingLoad result = StepResult.TrainingLoad.of(dir, collected.files());
        if (collected.items().isEmpty() && !decision.active()) {
            return new StepOutcome(true, result.withLoad(new StepResult.TrainingLoad.Load(true, null, Map.of(), null,
                    0L, null, null, null)).withDuration(StepContext.elapsedSeconds(t0)), null,
                    VectorManagementReport.notRequested());
        }
        if (decision.active()) {
            ctx.log().info(STEP, "vector table management: backup=" + decision.backup() + " truncate="
                    + decision.truncate() + (decision.truncate() ? " scope=" + decision.truncateScope().wire() : "")
                    + (decision.reload().replaceByDifference() ? " by difference" : ""));
        }
        ReloadReport report;
        try {
            report = reload.reload(new ReloadVectorStoreCommand(id, ctx.execution().executionId(),
                    new ReloadVectorStoreCommand.Replace(decision.backup(), decision.truncate(),
                            decision.truncateScope(), decision.reload().replaceByDifference()),
                    new ReloadVectorStoreCommand.Content(collected.items(), collected.provenance(),
                            embedderFor(ctx, collected.items().size())),
                    probe, lockWait, ctx.monitor().transfer("reload", ctx.progress())));
        } catch (BusyException e) {
            return new StepOutcome(ResultKind.BUSY, result.withLoad(StepResult.TrainingLoad.Load.failed()),
                    e.getMessage(), VectorManagementReport.notRequested());
        }
        return loaded(ctx, result, collected, report, t0);
    }

    /**
     * The items to load, not embedded yet, one per content id.
     *
     * @param files      the files read and skipped, or {@code null} (skip_training)
     * @param items      one item per content id
     * @param provenance the model that embeds them, or {@code null} when there is nothing to embed
     */
    private record Collected(StepResult.TrainingLoad.Files files, List<TrainingItem> items,
            EmbeddingProvenance provenance) {
    }

    private Collected collect(TrainingFiles.Selection selection, List<TrainingFiles.Item> found) {
        Map<String, TrainingItem> unique = new LinkedHashMap<>();
        for (TrainingFiles.Item f : found) {
            TrainingItem item = TrainingItem.unembedded(f.collection(), f.document());
            unique.putIfAbsent(item.id(), item);
        }
        return new Collected(new StepResult.TrainingLoad.Files(selection.files(), selection.skipped(),
                found.size() - unique.size()), new ArrayList<>(unique.values()), embedder.provenance());
    }

    /** What the reload calls to embed the items the store lacks: progress, cancel and rate in the task log. */
    private ReloadVectorStoreCommand.Embedder embedderFor(StepContext ctx, int total) {
        return new ReloadVectorStoreCommand.Embedder() {
            @Override
            public void planned(int toEmbed, int reused, int skipped) {
                ctx.log().info(STEP, "embedding " + toEmbed + " of " + total + " items with " + embedder.describe()
                        + (reused > 0 ? "; " + reused + " stored vectors of the same model reused" : "")
                        + (skipped > 0 ? "; " + skipped + " stored already, not written again" : ""));
            }

            @Override
            public List<float[]> embed(List<String> texts) {
                long e0 = System.nanoTime();
                List<float[]> vectors = TrainingLoadStep.this.embed(ctx, "embedding", texts);
                double seconds = (System.nanoTime() - e0) / 1e9;
                ctx.log().info(STEP, String.format(java.util.Locale.ROOT, "embedded %d items in %.2f s (%.1f items/s)",
                        texts.size(), seconds, texts.size() / Math.max(seconds, 1e-9)));
                return vectors;
            }
        };
    }

    /**
     * The questions the reload measures the old and the new store with, or {@code null} when the task's pairs cannot
     * be measured (no pairs, or the tables their SQL reads unknown) — refused then when a gate was asked for.
     */
    private RetrievalProbe probe(StepContext ctx, List<TrainingFiles.Item> found, EmbeddingProvenance model,
            RetrievalGate gate) {
        TaskId id = ctx.task().id();
        RetrievalInputs in = RetrievalInputs.of(workspace, id, found);
        if (!in.measurable()) {
            String why = in.cases().isEmpty() ? "the task has no question–SQL pairs"
                    : "the tables its SQL reads are not known (sql_validation records them with EXPLAIN: run it first)";
            if (gate.active()) {
                throw new StepFailure("the retrieval gate (" + String.join(", ", gate.criteria()) + ") cannot be "
                        + "applied: " + why + "; nothing was changed");
            }
            ctx.log().info(STEP, "retrieval not measured: " + why);
            return null;
        }
        List<RetrievalCase> sample = in.sample(PROBE_QUESTIONS);
        List<float[]> vectors = QuestionVectors.of(workspace, id, model, sample.stream().map(RetrievalCase::question)
                .toList(), texts -> embed(ctx, "embedding questions", texts));
        return new RetrievalProbe(sample, vectors, model, in.knownTables(), gate);
    }

    /** The step's outcome once the reload ran: its report logged, the result completed. */
    private StepOutcome loaded(StepContext ctx, StepResult.TrainingLoad partial, Collected collected,
            ReloadReport report, long t0) {
        report.created().forEach(c -> ctx.log().info(STEP, "created " + c + " (it was missing)"));
        report.warnings().forEach(w -> ctx.log().warn(STEP, w));
        VectorManagementReport vm = report.vectorManagement();
        vm.tablesBackedUp().forEach((t, r) -> {
            if (r.success()) {
                ctx.log().info(STEP, "backup " + t + ": " + r.backupFile() + " (" + r.rowCount() + " rows)");
            }
        });
        StepResult.TrainingLoad.Load load = load(report);
        EmbeddingProvenance p = collected.provenance();
        StepResult.TrainingLoad result = partial.withLoad(load)
                .withEmbedding(p == null ? null : new StepResult.TrainingLoad.Embedding(embedder.describe(), p.provider(),
                        p.dimension()))
                .withRetrieval(report.retrieval())
                .withNotes(report.created(), report.warnings()).withDuration(StepContext.elapsedSeconds(t0));
        logRetrieval(ctx, report.retrieval());
        if (report.success()) {
            ctx.log().info(STEP, "loaded " + report.totalInserted() + " rows " + load.recordsLoaded()
                    + ", skipped (already stored) " + load.skippedExisting() + ", texts embedded " + load.embedded()
                    + (load.replacedByDifference() == null ? "" : ", by difference " + load.replacedByDifference()));
            if (report.retrieval() != null && report.retrieval().after() != null) {
                RetrievalEvaluationService.record(workspace, clock, ctx.task().id(), p, report.retrieval().after(),
                        report.retrieval().note() == null ? List.of() : List.of(report.retrieval().note()), STEP);
            }
            return new StepOutcome(true, result, null, vm);
        }
        ctx.log().error(STEP, report.error());
        return new StepOutcome(ResultKind.of(false, report.outcome() == CommitOutcome.UNKNOWN), result,
                (report.refused() ? "" : "training load failed: ") + report.error(), vm);
    }

    private static StepResult.TrainingLoad.Load load(ReloadReport report) {
        Map<String, Long> inserted = new LinkedHashMap<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        Map<String, Long> embedded = new LinkedHashMap<>();
        Map<String, Long> reused = new LinkedHashMap<>();
        Map<String, StepResult.TrainingLoad.Difference> difference = new LinkedHashMap<>();
        // by collection name: the report, the result document and the log line list them in one stable order
        new java.util.TreeMap<>(report.loaded()).forEach((c, n) -> {
            inserted.put(c, n.inserted());
            skipped.put(c, n.skippedExisting());
            embedded.put(c, n.embedded());
            reused.put(c, n.reused());
            if (n.difference() != null) {
                difference.put(c, new StepResult.TrainingLoad.Difference(n.difference().unchanged(),
                        n.difference().inserted(), n.difference().deleted()));
            }
        });
        return new StepResult.TrainingLoad.Load(report.success(), report.outcome().wire(),
                report.success() ? inserted : null, report.success() ? skipped : null,
                report.success() ? report.totalInserted() : null, embedded, report.success() ? reused : null,
                difference.isEmpty() ? null : difference);
    }

    private static void logRetrieval(StepContext ctx, RetrievalCheck check) {
        if (check == null) {
            return;
        }
        if (check.before() != null) {
            ctx.log().info(STEP, "retrieval of the old store: " + StoredEvaluations.summary(check.before().figures()));
        }
        if (check.after() != null) {
            ctx.log().info(STEP, "retrieval of the new store: " + StoredEvaluations.summary(check.after().figures()));
        }
        if (check.note() != null) {
            ctx.log().warn(STEP, check.note());
        }
        if (!check.criteria().isEmpty()) {
            ctx.log().info(STEP, "retrieval gate " + check.criteria() + ": " + (check.passed() ? "passed"
                    : "refused: " + String.join("; ", check.failures())));
        }
    }

    /** Embeds in slices of {@value #EMBED_SLICE} so progress can be shown; the adapter batches its requests. */
    private List<float[]> embed(StepContext ctx, String phase, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        ctx.progress().started(phase, texts.size(), texts.size());
        for (int from = 0; from < texts.size(); from += EMBED_SLICE) {
            ctx.monitor().checkCancelled();
            ctx.monitor().progress(phase, from, texts.size(), "items");
            List<String> slice = texts.subList(from, Math.min(texts.size(), from + EMBED_SLICE));
            out.addAll(ctx.monitor().call(() -> embedder.embed(slice)));
            try {
                ctx.progress().transferred(phase, slice.size());
            } catch (java.io.IOException e) {
                throw new StepFailure("interrupted: " + e.getMessage(), e);
            }
        }
        ctx.progress().finished(phase, texts.size(), texts.size());
        ctx.monitor().progress(phase, texts.size(), texts.size(), "items");
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
