package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupSetWriter;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.ReloadReport;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
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
 * embedding provenance, commit. See ADR 0002.
 */
final class Reloader {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

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
    private static final class Work {
        final Map<String, TruncateResult> truncates = new LinkedHashMap<>();
        final List<String> created = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        Map<String, LangChainTables.WriteCount> written = Map.of();
        BackupSetWriter.Exported exported;
        boolean removed;
    }

    ReloadReport reload(ReloadVectorStoreCommand cmd) {
        long t0 = System.nanoTime();
        Set<String> loaded = new LinkedHashSet<>();
        cmd.items().forEach(i -> loaded.add(i.collection()));
        Set<String> toCreate = loaded;
        Work work = new Work();
        try (VectorStoreSession session = store.openSession("training load " + cmd.taskId(), cmd.lockWait())) {
            BackupSetWriter.Pending pending = cmd.backup() ? sets.begin(BackupLocation.ofTask(cmd.taskId()),
                    BackupSetWriter.Operation.RELOAD, cmd.executionId(), session, cmd.lockWait(), encoding, null) : null;
            try {
                return run(cmd, session, pending, loaded, toCreate, work, t0);
            } finally {
                if (pending != null) {
                    pending.close();
                }
            }
        }
    }

    private ReloadReport run(ReloadVectorStoreCommand cmd, VectorStoreSession session, BackupSetWriter.Pending pending,
            Set<String> loaded, Set<String> toCreate, Work work, long t0) {
        if (pending != null) {
            LOG.info("reload started: task={} backup={} truncate={} scope={} items={}", cmd.taskId(),
                    pending.timestamp(), cmd.truncate(), cmd.scope().wire(), cmd.items().size());
        }
        TransactionOutcome<Work> outcome = session.transaction(TransactionMode.WRITE, tx -> {
            work.created.addAll(tx.langchain().ensure(toCreate));
            Map<String, CollectionState> state = tx.langchain().collections();
            guard(state, cmd, loaded, work.warnings);
            if (pending != null) {
                work.exported = pending.export(tx, intent(cmd), cmd.progress());
            }
            cmd.progress().checkpoint("before removing rows");
            if (cmd.truncate()) {
                remove(tx, cmd, loaded, work);
                work.created.addAll(tx.langchain().ensure(toCreate));
            }
            if (!cmd.items().isEmpty()) {
                cmd.progress().started("load", cmd.items().size(), -1);
                work.written = tx.langchain().write(cmd.items(), !cmd.truncate());
                cmd.progress().finished("load", cmd.items().size(), -1);
                tx.langchain().recordProvenance(loaded, cmd.provenance().recorded(clock.instant().toString(),
                        cmd.taskId().value()));
            }
            cmd.progress().checkpoint("before commit");
            return work;
        });
        CommitOutcome co = pending == null ? outcomeOf(outcome) : pending.settle(outcome, cmd.truncate());
        double duration = (System.nanoTime() - t0) / 1e9;
        ReloadReport report = report(cmd, pending, outcome, co, work, duration);
        if (pending != null) {
            pending.writeLog(report.vectorManagement(), cmd.truncate());
        }
        return report;
    }

    private static CommitOutcome outcomeOf(TransactionOutcome<?> o) {
        return o instanceof TransactionOutcome.Committed<?> ? CommitOutcome.COMMITTED
                : o instanceof TransactionOutcome.Unknown<?> ? CommitOutcome.UNKNOWN : CommitOutcome.ROLLED_BACK;
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

    /**
     * Refuses, before anything is touched, a load whose vectors could not be searched together with the rows
     * that stay: another dimension, or another recorded model.
     */
    private static void guard(Map<String, CollectionState> state, ReloadVectorStoreCommand cmd, Set<String> loaded,
            List<String> warnings) {
        for (CollectionState c : state.values()) {
            if (c.ambiguous() && (loaded.contains(c.name()) || cmd.truncate())) {
                throw new ConflictException("refused before anything changed: " + (c.otherUuids().size() + 1)
                        + " collection rows are named '" + c.name() + "' (uuids " + c.uuid() + ", "
                        + String.join(", ", c.otherUuids()) + "); the assistant reads only one of them, so loading "
                        + "or removing rows by that name could empty the one it reads. Merge or remove the extra "
                        + "collection rows first");
            }
        }
        EmbeddingProvenance p = cmd.provenance();
        if (p == null || cmd.items().isEmpty()) {
            return;
        }
        for (CollectionState c : state.values()) {
            boolean replaced = cmd.truncate() && (cmd.scope() == TruncateScope.TABLE || loaded.contains(c.name()));
            if (replaced || c.rows() == 0) {
                continue;
            }
            for (Map.Entry<Integer, Long> d : c.dimensions().entrySet()) {
                if (d.getKey() != p.dimension()) {
                    throw new ConflictException("refused before anything changed: collection '" + c.name() + "' holds "
                            + d.getValue() + " vector(s) of " + d.getKey() + " dimensions, but this load's embedding "
                            + "model " + p.describe() + " gives " + p.dimension() + "; a store with two dimensions "
                            + "breaks every similarity search. Load with the model that made the store, or replace the "
                            + "whole table (truncate with scope table) to change models");
                }
            }
            if (c.provenance() != null && !c.provenance().sameModelAs(p)) {
                throw new ConflictException("refused before anything changed: collection '" + c.name() + "' holds "
                        + c.rows() + " vector(s) made by " + c.provenance().describe() + ", but this load uses "
                        + p.describe() + "; vectors of two models cannot be searched together. Load with the same "
                        + "model, or replace the whole table (truncate with scope table) to change models");
            }
            if (c.provenance() == null && loaded.contains(c.name())) {
                warnings.add("collection '" + c.name() + "' holds " + c.rows() + " row(s) whose embedding model was "
                        + "never recorded (dimension " + c.dimensions().keySet() + " matches); the new vectors of "
                        + p.describe() + " are added beside them");
            }
        }
    }

    private void remove(VectorTransaction tx, ReloadVectorStoreCommand cmd, Set<String> loaded, Work work) {
        long start = System.nanoTime();
        if (cmd.scope() == TruncateScope.LOADED_COLLECTIONS) {
            long before = tx.count(tables.embedding());
            tx.langchain().deleteEmbeddings(loaded);
            long after = tx.count(tables.embedding());
            work.truncates.put(tables.embedding().display(), new TruncateResult(true, before, after,
                    (System.nanoTime() - start) / 1e9, null));
        } else {
            Map<TableName, Long> before = new LinkedHashMap<>();
            for (TableName t : tables.truncateScope()) {
                before.put(t, tx.count(t));
            }
            // embedding rows first: the collection rows they reference go last
            List<TableName> order = new ArrayList<>(tables.truncateScope());
            order.sort((a, b) -> a.equals(tables.embedding()) ? -1 : b.equals(tables.embedding()) ? 1 : 0);
            for (TableName t : order) {
                tx.deleteAll(t);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TableName t : tables.truncateScope()) {
                long after = tx.count(t);
                if (after != 0) {
                    throw new PipelineException("removing the rows of " + t.display() + " left " + after + " rows");
                }
                work.truncates.put(t.display(), new TruncateResult(true, before.get(t), after, seconds, null));
            }
        }
        if (work.exported != null) {
            for (Map.Entry<String, TruncateResult> e : work.truncates.entrySet()) {
                TableBackupResult b = work.exported.tables().get(e.getKey());
                if (cmd.scope() == TruncateScope.TABLE && b != null && b.rowCount() != e.getValue().rowsBefore()) {
                    throw new PipelineException("row count of " + e.getKey() + " changed during the backup ("
                            + b.rowCount() + " exported, " + e.getValue().rowsBefore() + " before removing); rolled back");
                }
            }
        }
        work.removed = true;
    }

    private ReloadReport report(ReloadVectorStoreCommand cmd, BackupSetWriter.Pending pending,
            TransactionOutcome<Work> outcome, CommitOutcome co, Work work, double duration) {
        String dir = pending == null ? null : pending.directory().toString();
        String ts = pending == null ? null : pending.timestamp().value();
        String scope = cmd.truncate() ? cmd.scope().wire() : null;
        Map<String, ReloadReport.LoadCount> loaded = new TreeMap<>();
        work.written.forEach((c, w) -> loaded.put(c, new ReloadReport.LoadCount(w.inserted(), w.skippedExisting())));
        if (outcome instanceof TransactionOutcome.Committed<Work> c) {
            List<String> warnings = new ArrayList<>(work.warnings);
            c.note().ifPresent(n -> warnings.add("the answer to COMMIT was lost; " + n));
            VectorManagementReport vm = pending == null ? VectorManagementReport.notRequested()
                    : new VectorManagementReport(true, cmd.truncate(), work.exported.tables(), work.truncates, List.of(),
                            warnings, duration, dir, work.exported.manifestFile(), ts, co, scope);
            LOG.info("reload committed: task={} inserted={} created={} backup={} truncated={}", cmd.taskId(), loaded,
                    work.created, ts, cmd.truncate());
            return new ReloadReport(vm, co, loaded, work.created, warnings, null, false, duration);
        }
        if (outcome instanceof TransactionOutcome.Unknown<Work> u) {
            String why = "the answer to COMMIT was lost and the database could not tell whether the reload's transaction "
                    + u.transactionId() + " committed (" + u.reason() + "): the store holds either the old rows or the "
                    + "new ones, never a mix" + (ts == null ? "" : "; backup set " + ts + " of the old store is kept");
            VectorManagementReport vm = pending == null ? VectorManagementReport.notRequested()
                    : new VectorManagementReport(work.exported != null, false, work.exported == null ? Map.of()
                            : work.exported.tables(), Map.of(), List.of(why), work.warnings, duration, dir,
                            work.exported == null ? null : work.exported.manifestFile(), ts, co, scope);
            LOG.error("reload outcome unknown: task={} {}", cmd.taskId(), why);
            return new ReloadReport(vm, co, loaded, work.created, work.warnings, why, false, duration);
        }
        RuntimeException cause = ((TransactionOutcome.RolledBack<Work>) outcome).cause();
        if (cause instanceof io.datapipeline.core.domain.BusyException) {
            throw cause;
        }
        boolean refused = cause instanceof ConflictException;
        String why = Failures.message(cause);
        String error = (refused ? "" : "the reload failed and was rolled back, the store is exactly as it was: ") + why;
        VectorManagementReport vm;
        if (pending == null) {
            vm = VectorManagementReport.notRequested();
        } else if (work.exported != null) {
            vm = new VectorManagementReport(true, false, work.exported.tables(), Map.of(), List.of(error), work.warnings,
                    duration, dir, work.exported.manifestFile(), ts, co, scope);
        } else {
            Map<String, TableBackupResult> failed = new LinkedHashMap<>();
            for (TableName t : tables.all()) {
                failed.put(t.display(), TableBackupResult.failed(t.display().equals(pending.failedTable()) ? why
                        : "not taken: the reload was rolled back", 0));
            }
            vm = new VectorManagementReport(false, false, refused ? Map.of() : failed, Map.of(), List.of(error),
                    work.warnings, duration, dir, null, ts, co, scope);
        }
        LOG.error("reload rolled back: task={} error={}", cmd.taskId(), why);
        return new ReloadReport(vm, co, Map.of(), List.of(), work.warnings, error, refused, duration);
    }
}
