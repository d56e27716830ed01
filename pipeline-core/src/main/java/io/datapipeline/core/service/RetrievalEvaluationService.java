package io.datapipeline.core.service;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.EvaluateRetrievalCommand;
import io.datapipeline.core.port.in.EvaluateRetrievalUseCase;
import io.datapipeline.core.port.in.RetrievalHistoryUseCase;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.port.out.VectorStoreReader;
import io.datapipeline.core.retrieval.RetrievalCase;
import io.datapipeline.core.retrieval.RetrievalEvaluation;
import io.datapipeline.core.retrieval.RetrievalEvaluator;
import io.datapipeline.core.retrieval.RetrievalHistoryEntry;
import io.datapipeline.core.retrieval.RetrievalMeasure;
import io.datapipeline.core.retrieval.TrainingTables;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a task's questions against the committed store and keeps the result in the task directory. The
 * measurement itself is {@link RetrievalEvaluator} (pure); this service gathers its inputs: the task's pairs (the
 * same files {@code training_load} loads), the tables each SQL reads (the newest {@code sql_validation} report), the
 * questions embedded by the configured model (refused when the store holds another model's vectors).
 */
public final class RetrievalEvaluationService implements EvaluateRetrievalUseCase, RetrievalHistoryUseCase {

    static final String PREFIX = "retrieval_evaluation_";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final TaskWorkspace workspace;
    private final VectorStoreReader store;
    private final EmbeddingModel embedder;
    private final Clock clock;

    public RetrievalEvaluationService(TaskWorkspace workspace, VectorStoreReader store, EmbeddingModel embedder,
            Clock clock) {
        this.workspace = workspace;
        this.store = store;
        this.embedder = embedder;
        this.clock = clock;
    }

    @Override
    public RetrievalEvaluation evaluate(EvaluateRetrievalCommand cmd) {
        Map<String, CollectionState> collections = store.collections();
        TaskId id = cmd.taskId().orElseGet(() -> taskOfStore(collections));
        requireTask(id);
        List<String> warnings = new ArrayList<>();
        RetrievalInputs in = inputs(id, warnings);
        EmbeddingProvenance model = embedder.provenance();
        for (String name : List.of(RetrievalEvaluator.DDL, RetrievalEvaluator.DOCUMENTATION, RetrievalEvaluator.SQL)) {
            CollectionState c = collections.get(name);
            if (c == null || c.rows() == 0) {
                warnings.add("the store has no rows in collection '" + name + "': every question misses there");
            } else {
                StoreGuard.check(c, model).ifPresent(warnings::add);
            }
        }
        List<float[]> vectors = QuestionVectors.of(workspace, id, model, in.cases().stream()
                .map(RetrievalCase::question).toList(), embedder::embed);
        RetrievalMeasure measure = RetrievalEvaluator.measure(in.cases(), vectors, in.knownTables(), store::search,
                cmd.k());
        return record(workspace, clock, id, model, measure, warnings, "retrieval_evaluation");
    }

    /**
     * Keeps a measure of the committed store in the task directory (a {@code retrieval_evaluation_<ts>.json} of the
     * history) and says so in the task log.
     *
     * @param source what measured it, for the log ({@code retrieval_evaluation}, {@code training_load})
     */
    static RetrievalEvaluation record(TaskWorkspace workspace, Clock clock, TaskId id, EmbeddingProvenance model,
            RetrievalMeasure measure, List<String> warnings, String source) {
        String file = fileName(workspace, clock, id);
        RetrievalEvaluation evaluation = new RetrievalEvaluation(id.value(), clock.instant().toString(), model, measure,
                warnings, file);
        workspace.writeJson(id, file, evaluation);
        workspace.appendLog(id, LocalDateTime.now(clock).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + " INFO " + source + " " + StoredEvaluations.summary(measure.figures()) + " model="
                + model.provider() + "/" + model.model() + " file=" + file);
        return evaluation;
    }

    @Override
    public List<RetrievalHistoryEntry> history(TaskId id) {
        requireTask(id);
        List<RetrievalHistoryEntry> out = new ArrayList<>();
        workspace.list(id).stream().map(TaskWorkspace.FileInfo::name)
                .filter(n -> n.startsWith(PREFIX) && n.endsWith(".json")).sorted()
                .forEach(n -> workspace.readJson(id, n).flatMap(j -> StoredEvaluations.entry(j, n)).ifPresent(out::add));
        out.sort(Comparator.comparing(RetrievalHistoryEntry::evaluatedAt));
        return out;
    }

    private void requireTask(TaskId id) {
        if (!workspace.exists(id)) {
            throw new NotFoundException("task " + id + " has no directory (" + workspace.directory(id) + ")");
        }
    }

    /** The task that last loaded the store, as the collections' provenance records it ({@code sql} first). */
    private static TaskId taskOfStore(Map<String, CollectionState> collections) {
        return java.util.stream.Stream.of(collections.get(RetrievalEvaluator.SQL), collections.get(RetrievalEvaluator.DDL))
                .filter(c -> c != null && c.provenance() != null && c.provenance().taskId() != null)
                .map(c -> TaskId.parse(c.provenance().taskId())).findFirst()
                .orElseThrow(() -> InvalidInputException.missing("task_id", "the store records no task that loaded it; "
                        + "give the task whose questions to evaluate (task_id)"));
    }

    private RetrievalInputs inputs(TaskId id, List<String> warnings) {
        RetrievalInputs in = RetrievalInputs.of(workspace, id, TrainingFiles.collect(workspace, id).items());
        if (in.cases().isEmpty()) {
            throw InvalidInputException.invalid("task_id", "task " + id + " has no question–SQL pairs (*_pair.json) "
                    + "to evaluate with");
        }
        if (!in.measurable()) {
            throw InvalidInputException.invalid("task_id", "the tables the SQL of task " + id + " reads are not known: "
                    + "run sql_validation (its EXPLAIN records them in sql_validation_<ts>_report.json) first");
        }
        if (in.unknown() > 0) {
            warnings.add(in.unknown() + " of " + in.cases().size() + " pairs are not evaluated: their SQL is not in the "
                    + "newest sql_validation report (changed since, or it failed EXPLAIN)");
        }
        return in;
    }

    private static String fileName(TaskWorkspace workspace, Clock clock, TaskId id) {
        String base = PREFIX + LocalDateTime.now(clock).format(STAMP);
        Set<String> names = new java.util.HashSet<>();
        workspace.list(id).forEach(f -> names.add(f.name()));
        String name = base + ".json";
        for (int n = 2; names.contains(name); n++) {
            name = base + "_" + n + ".json";
        }
        return name;
    }
}
