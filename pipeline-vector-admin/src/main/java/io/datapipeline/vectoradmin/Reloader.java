package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.retrieval.RetrievalCheck;
import io.datapipeline.core.retrieval.RetrievalEvaluator;
import io.datapipeline.core.retrieval.RetrievalMeasure;
import io.datapipeline.core.retrieval.RetrievalProbe;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import io.datapipeline.vectoradmin.sets.BackupSetWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reload in one transaction: create what is missing, check that the new vectors can live beside what stays
 * (same model, same dimension), export both tables into a durable backup set, remove the old rows with
 * {@code DELETE} (readers keep seeing them until commit and are never blocked), write the new rows, record the
 * embedding provenance, measure what the old and the new store retrieve, commit. See ADR 0002.
 *
 * <p>It costs what changed: under the store lock, before the write transaction, a read snapshot tells which items the
 * store holds already with the same model ({@link ReloadPlan}); only the others are embedded. The write transaction
 * asks again (a row may have gone meanwhile, written by another tool) and embeds what is missing then. A truncating
 * reload carries the stored vectors of unchanged items over its removal; a replace by difference deletes only what the
 * new set does not hold and inserts only what is missing, so unchanged rows are not touched.
 */
final class Reloader {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);
    /** The collections the evaluation searches. */
    private static final Set<String> MEASURED = Set.of(RetrievalEvaluator.DDL, RetrievalEvaluator.DOCUMENTATION,
            RetrievalEvaluator.SQL);

    private final VectorTableStore store;
    private final VectorTables tables;
    private final BackupSetWriter sets;
    private final Clock clock;
    private final BackupEncoding encoding;

    /** @param encoding the encoding of the sets reloads take */
    Reloader(VectorTableStore store, VectorTables tables, BackupSetWriter sets, Clock clock,
            BackupEncoding encoding) {
        this.encoding = encoding;
        this.store = store;
        this.tables = tables;
        this.sets = sets;
        this.clock = clock;
    }

    /** What the transaction did, for the report. */
    static final class Work {
        final Map<String, TruncateResult> truncates = new LinkedHashMap<>();
        final List<String> created = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final Map<String, ReloadReport.LoadCount> loaded = new TreeMap<>();
        final Map<String, Long> embedded = new TreeMap<>();
        BackupSetWriter.Exported exported;
        RetrievalCheck retrieval;
        boolean removed;

        void embedded(String collection) {
            embedded.merge(collection, 1L, Long::sum);
        }
    }

    ReloadReport reload(ReloadVectorStoreCommand cmd) {
        long t0 = System.nanoTime();
        Set<String> loaded = new LinkedHashSet<>();
        cmd.items().forEach(i -> loaded.add(i.collection()));
        Work work = new Work();
        Map<String, TrainingItem> items = new LinkedHashMap<>();
        cmd.items().forEach(i -> items.putIfAbsent(i.id(), i));
        try (VectorStoreSession session = store.openSession("training load " + cmd.taskId(), cmd.lockWait())) {
            if (!items.isEmpty()) {
                // embedded before the set is begun: a failing model leaves nothing behind, not even a reservation
                ReloadPlan plan = session.read(tx -> ReloadPlan.of(tx.langchain().collections(),
                        tx.langchain().stored(items.values()), cmd, items.values()));
                cmd.content().embedder().planned(plan.toEmbed().size(), plan.reuse().size(), plan.skip().size());
                embed(cmd, plan.toEmbed(), items, work);
            }
            BackupSetWriter.Pending pending = cmd.backup() ? sets.begin(BackupLocation.ofTask(cmd.taskId()),
                    BackupSetWriter.Operation.RELOAD, cmd.executionId(), session, cmd.lockWait(), encoding, null) : null;
            try {
                return run(cmd, session, pending, loaded, items, work, t0);
            } finally {
                if (pending != null) {
                    pending.close();
                }
            }
        }
    }

    /** Embeds {@code need} and puts the embedded items into {@code items}. */
    private static void embed(ReloadVectorStoreCommand cmd, List<TrainingItem> need, Map<String, TrainingItem> items,
            Work work) {
        if (need.isEmpty()) {
            return;
        }
        List<float[]> vectors = cmd.content().embedder().embed(need.stream().map(TrainingItem::document).toList());
        if (vectors.size() != need.size()) {
            throw new PipelineException("the embedding model returned " + vectors.size() + " vectors for " + need.size()
                    + " texts; nothing was changed");
        }
        EmbeddingProvenance p = cmd.provenance();
        for (int i = 0; i < need.size(); i++) {
            float[] v = vectors.get(i);
            if (v == null || v.length != p.dimension()) {
                throw new PipelineException("the embedding model " + p.describe() + " returned a vector of "
                        + (v == null ? "no" : String.valueOf(v.length)) + " dimensions; nothing was changed");
            }
            TrainingItem item = need.get(i);
            items.put(item.id(), item.withEmbedding(v));
            work.embedded(item.collection());
        }
    }

    private ReloadReport run(ReloadVectorStoreCommand cmd, VectorStoreSession session, BackupSetWriter.Pending pending,
            Set<String> loaded, Map<String, TrainingItem> items, Work work, long t0) {
        if (pending != null) {
            LOG.info("reload started: task={} backup={} truncate={} scope={} by_difference={} items={}", cmd.taskId(),
                    pending.timestamp(), cmd.truncate(), cmd.scope().wire(), cmd.replace().byDifference(), items.size());
        }
        TransactionOutcome<Work> outcome = session.transaction(TransactionMode.WRITE, tx -> {
            work.created.addAll(tx.langchain().ensure(loaded));
            Map<String, CollectionState> state = tx.langchain().collections();
            ReloadGuard.check(state, cmd, loaded, work.warnings);
            ReloadPlan plan = items.isEmpty() ? ReloadPlan.NOTHING
                    : ReloadPlan.of(state, tx.langchain().stored(items.values()), cmd, items.values());
            embed(cmd, plan.toEmbed(), items, work);
            if (pending != null) {
                work.exported = pending.export(tx, intent(cmd), cmd.progress());
            }
            RetrievalMeasure before = measureBefore(cmd.probe(), state, tx, work);
            cmd.progress().checkpoint("before removing rows");
            if (cmd.replace().byDifference()) {
                replaceByDifference(tx, cmd, loaded, items, plan, work);
            } else if (cmd.truncate()) {
                replace(tx, cmd, loaded, items, plan, work);
            } else if (!items.isEmpty()) {
                append(tx, cmd, items, plan, work);
            }
            if (!items.isEmpty()) {
                tx.langchain().recordProvenance(loaded, cmd.provenance().recorded(clock.instant().toString(),
                        cmd.taskId().value()));
            }
            gate(cmd.probe(), before, tx, work);
            cmd.progress().checkpoint("before commit");
            return work;
        });
        CommitOutcome co = pending == null ? ReloadReporting.outcomeOf(outcome) : pending.settle(outcome, cmd.truncate());
        double duration = (System.nanoTime() - t0) / 1e9;
        ReloadReport report = new ReloadReporting(tables).report(cmd, pending, outcome, co, work, duration);
        if (pending != null) {
            pending.writeLog(report.vectorManagement(), cmd.truncate());
        }
        return report;
    }

    private BackupSetWriter.Intent intent(ReloadVectorStoreCommand cmd) {
        if (!cmd.truncate()) {
            return BackupSetWriter.Intent.NONE;
        }
        List<String> affected = cmd.scope() == TruncateScope.TABLE
                ? tables.truncateScope().stream().map(TableName::display).toList()
                : List.of(tables.embedding().display());
        return new BackupSetWriter.Intent(true, cmd.scope().wire(), affected);
    }

    /** A load without truncate: the items not stored already are written; the others are counted as skipped. */
    private static void append(VectorTransaction tx, ReloadVectorStoreCommand cmd, Map<String, TrainingItem> items,
            ReloadPlan plan, Work work) {
        List<TrainingItem> toWrite = items.values().stream().filter(i -> !plan.skip().contains(i.id())).toList();
        Map<String, Long> skipped = new TreeMap<>();
        items.values().stream().filter(i -> plan.skip().contains(i.id()))
                .forEach(i -> skipped.merge(i.collection(), 1L, Long::sum));
        cmd.progress().started("load", toWrite.size(), -1);
        Map<String, LangChainTables.WriteCount> written = tx.langchain().write(toWrite, true);
        cmd.progress().finished("load", toWrite.size(), -1);
        Set<String> collections = new LinkedHashSet<>(written.keySet());
        collections.addAll(skipped.keySet());
        for (String c : collections) {
            LangChainTables.WriteCount w = written.getOrDefault(c, new LangChainTables.WriteCount(0, 0));
            work.loaded.put(c, new ReloadReport.LoadCount(w.inserted(), w.skippedExisting() + skipped.getOrDefault(c, 0L),
                    work.embedded.getOrDefault(c, 0L), 0, null));
        }
    }

    /**
     * A truncating reload: the scope emptied (its rows reported as removed, {@code rows_after} 0), then the new set
     * written, the stored vectors of unchanged items carried over the removal instead of being embedded again.
     */
    private void replace(VectorTransaction tx, ReloadVectorStoreCommand cmd, Set<String> loaded,
            Map<String, TrainingItem> items, ReloadPlan plan, Work work) {
        long carried = plan.reuse().isEmpty() ? 0 : tx.langchain().carry(plan.reuse());
        if (carried < plan.reuse().size()) {
            throw new PipelineException(plan.reuse().size() + " stored rows were to be carried over, " + carried
                    + " were found; rolled back");
        }
        new Removal(tables).remove(tx, cmd.scope(), loaded, work);
        work.created.addAll(tx.langchain().ensure(loaded));
        Map<String, Long> reused = plan.reuse().isEmpty() ? Map.of() : tx.langchain().restoreCarried();
        List<TrainingItem> toWrite = items.values().stream().filter(i -> !plan.reuse().contains(i.id())).toList();
        cmd.progress().started("load", items.size(), -1);
        Map<String, LangChainTables.WriteCount> written = tx.langchain().write(toWrite, false);
        cmd.progress().finished("load", items.size(), -1);
        Set<String> collections = new LinkedHashSet<>(written.keySet());
        collections.addAll(reused.keySet());
        for (String c : collections) {
            long r = reused.getOrDefault(c, 0L);
            long w = written.containsKey(c) ? written.get(c).inserted() : 0;
            work.loaded.put(c, new ReloadReport.LoadCount(r + w, 0, work.embedded.getOrDefault(c, 0L), r, null));
        }
    }

    /**
     * A replace by difference: the same end state as {@link #replace}, reached by deleting only the rows whose id the
     * new set does not hold (and, with scope {@code table}, the collections it does not name) and inserting only the
     * missing ones; the rows of unchanged items are not touched.
     */
    private void replaceByDifference(VectorTransaction tx, ReloadVectorStoreCommand cmd, Set<String> loaded,
            Map<String, TrainingItem> items, ReloadPlan plan, Work work) {
        Map<String, Long> deleted;
        if (cmd.scope() == TruncateScope.TABLE) {
            deleted = tx.langchain().deleteExcept(null, plan.reuse());
            long collections = tx.langchain().deleteCollectionsExcept(loaded);
            if (collections > 0) {
                work.warnings.add("replace by difference removed " + collections + " collection(s) the new set does "
                        + "not hold");
            }
        } else {
            deleted = tx.langchain().deleteExcept(loaded, plan.reuse());
        }
        work.created.addAll(tx.langchain().ensure(loaded));
        List<TrainingItem> toWrite = items.values().stream().filter(i -> !plan.reuse().contains(i.id())).toList();
        cmd.progress().started("load", toWrite.size(), -1);
        Map<String, LangChainTables.WriteCount> written = tx.langchain().write(toWrite, false);
        cmd.progress().finished("load", toWrite.size(), -1);
        Map<String, Long> unchanged = new TreeMap<>();
        items.values().stream().filter(i -> plan.reuse().contains(i.id()))
                .forEach(i -> unchanged.merge(i.collection(), 1L, Long::sum));
        Set<String> collections = new LinkedHashSet<>(loaded);
        deleted.keySet().stream().filter(c -> !c.isEmpty()).forEach(collections::add);
        for (String c : collections) {
            long u = unchanged.getOrDefault(c, 0L);
            long w = written.containsKey(c) ? written.get(c).inserted() : 0;
            work.loaded.put(c, new ReloadReport.LoadCount(u + w, 0, work.embedded.getOrDefault(c, 0L), u,
                    new ReloadReport.Difference(u, w, deleted.getOrDefault(c, 0L))));
        }
        work.removed = true;
    }

    /** What the old store retrieves, when its vectors are of the probe's model; else {@code null} and a note. */
    private static RetrievalMeasure measureBefore(RetrievalProbe probe, Map<String, CollectionState> state,
            VectorTransaction tx, Work work) {
        if (probe == null) {
            return null;
        }
        String why = unmeasurable(probe, state, "old");
        String unrecorded = unrecorded(probe, state);
        if (why != null || unrecorded != null) {
            work.retrieval = new RetrievalCheck(null, null, probe.gate().criteria(), List.of(), why != null
                    ? why + (probe.gate().maxDrops().isEmpty() ? "" : "; the drop criteria were not checked")
                    : unrecorded);
        }
        return why != null ? null : probe.measure(tx.langchain()::search);
    }

    /**
     * Why a store cannot be searched with the probe's question vectors (a searched collection holds vectors of another
     * dimension or recorded model: a search would fail, and a failed statement aborts the transaction), or {@code null}.
     */
    private static String unmeasurable(RetrievalProbe probe, Map<String, CollectionState> state, String which) {
        for (CollectionState c : state.values()) {
            if (c.rows() == 0 || !MEASURED.contains(c.name())) {
                continue;
            }
            boolean otherDimension = c.dimensions().keySet().stream().anyMatch(d -> d != probe.model().dimension());
            if (otherDimension || (c.provenance() != null && !c.provenance().sameModelAs(probe.model()))) {
                return "the " + which + " store was not measured: collection '" + c.name() + "' holds vectors of "
                        + (c.provenance() == null ? c.dimensions().keySet() + " dimensions" : c.provenance().describe())
                        + ", which questions embedded by " + probe.model().describe() + " cannot search";
            }
        }
        return null;
    }

    private static String unrecorded(RetrievalProbe probe, Map<String, CollectionState> state) {
        for (CollectionState c : state.values()) {
            if (c.rows() > 0 && MEASURED.contains(c.name()) && c.provenance() == null) {
                return "the old store's collection '" + c.name() + "' records no embedding model; it was measured "
                        + "with questions embedded by " + probe.model().describe();
            }
        }
        return null;
    }

    /** Measures the new store inside the transaction; throws (rolling back) when the gate refuses it. */
    private static void gate(RetrievalProbe probe, RetrievalMeasure before, VectorTransaction tx, Work work) {
        if (probe == null) {
            return;
        }
        String note = work.retrieval == null ? null : work.retrieval.note();
        String why = unmeasurable(probe, tx.langchain().collections(), "new");
        if (why != null) {
            if (probe.gate().active()) {
                throw new PipelineException("the retrieval gate cannot be applied: " + why);
            }
            work.retrieval = new RetrievalCheck(before, null, probe.gate().criteria(), List.of(),
                    note == null ? why : note + "; " + why);
            return;
        }
        RetrievalMeasure after = probe.measure(tx.langchain()::search);
        List<String> failures = probe.failures(before == null ? null : before.figures(), after.figures());
        work.retrieval = new RetrievalCheck(before, after, probe.gate().criteria(), failures, note);
        if (!failures.isEmpty()) {
            throw new RetrievalGateException("the retrieval gate refused the new store: " + String.join("; ", failures));
        }
    }

    /** The new store retrieves worse than the gate allows: the reload is rolled back. */
    static final class RetrievalGateException extends PipelineException {
        RetrievalGateException(String message) {
            super(message);
        }
    }

}
