package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupSetWriter;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.vector.BackupDefaults;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TruncateResult;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone backup, with or without truncate: both tables exported from one snapshot into a durable set;
 * with truncate, writers are blocked from before the snapshot until commit and the truncate runs in the same
 * transaction after the set is durable and the row counts were checked. The report says what became of the
 * transaction: committed, rolled back (the set's files are removed), or unknown (the set is kept).
 */
final class BackupWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BackupWriter.class);

    private final VectorTableStore store;
    private final VectorTables tables;
    private final BackupSetWriter sets;
    private final BackupDefaults defaults;

    BackupWriter(VectorTableStore store, VectorTables tables, BackupSetWriter sets, BackupDefaults defaults) {
        this.store = store;
        this.tables = tables;
        this.sets = sets;
        this.defaults = defaults;
    }

    VectorManagementReport backup(BackupVectorTablesCommand cmd) {
        return backup(cmd, null);
    }

    /** @param scheduleSlot the slot of a scheduled backup, recorded in the manifest, or {@code null} */
    VectorManagementReport backup(BackupVectorTablesCommand cmd, String scheduleSlot) {
        long t0 = System.nanoTime();
        List<String> scope = tables.truncateScope().stream().map(TableName::display).toList();
        try (VectorStoreSession session = store.openSession(cmd.truncate() ? "vector backup+truncate" : "vector backup",
                cmd.lockWait())) {
            BackupSetWriter.Pending pending = sets.begin(cmd.location(), cmd.truncate()
                    ? BackupSetWriter.Operation.BACKUP_TRUNCATE : BackupSetWriter.Operation.BACKUP, null, session,
                    cmd.lockWait(), cmd.encoding(defaults.encoding()), scheduleSlot);
            try (pending) {
                return run(cmd, session, pending, t0, scope);
            }
        }
    }

    private VectorManagementReport run(BackupVectorTablesCommand cmd, VectorStoreSession session,
            BackupSetWriter.Pending pending, long t0, List<String> scope) {
        LOG.info("vector backup started: location={} timestamp={} truncate={}", cmd.location(), pending.timestamp(),
                cmd.truncate());
        Map<String, TruncateResult> truncates = new LinkedHashMap<>();
        BackupSetWriter.Intent intent = cmd.truncate() ? new BackupSetWriter.Intent(true, "table", scope)
                : BackupSetWriter.Intent.NONE;
        TransactionOutcome<BackupSetWriter.Exported> outcome = session.transaction(
                cmd.truncate() ? TransactionMode.WRITE : TransactionMode.READ, tx -> {
                    BackupSetWriter.Exported exported = pending.export(tx, intent, cmd.progress());
                    if (cmd.truncate()) {
                        truncate(tx, exported, truncates);
                    }
                    return exported;
                });
        CommitOutcome co = pending.settle(outcome, cmd.truncate());
        double duration = (System.nanoTime() - t0) / 1e9;
        VectorManagementReport report = report(cmd, pending, outcome, co, truncates, duration);
        pending.writeLog(report, cmd.truncate());
        return report;
    }

    private void truncate(io.datapipeline.vectoradmin.port.VectorTransaction tx, BackupSetWriter.Exported exported,
            Map<String, TruncateResult> truncates) {
        long start = System.nanoTime();
        Map<TableName, Long> before = new LinkedHashMap<>();
        for (TableName t : tables.truncateScope()) {
            long n = tx.count(t);
            long backedUp = exported.tables().get(t.display()).rowCount();
            if (n != backedUp) {
                throw new PipelineException("row count of " + t.display() + " changed during the backup (" + backedUp
                        + " exported, " + n + " now); refusing to truncate");
            }
            before.put(t, n);
        }
        tx.truncate(tables.truncateScope());
        double seconds = (System.nanoTime() - start) / 1e9;
        for (TableName t : tables.truncateScope()) {
            long after = tx.count(t);
            if (after != 0) {
                throw new PipelineException("truncate of " + t.display() + " left " + after + " rows");
            }
            truncates.put(t.display(), new TruncateResult(true, before.get(t), after, seconds, null));
            LOG.info("truncated table={} rows_before={} (commits with the backup)", t.display(), before.get(t));
        }
    }

    private VectorManagementReport report(BackupVectorTablesCommand cmd, BackupSetWriter.Pending pending,
            TransactionOutcome<BackupSetWriter.Exported> outcome, CommitOutcome co, Map<String, TruncateResult> truncates,
            double duration) {
        String dir = pending.directory().toString();
        String ts = pending.timestamp().value();
        String scope = cmd.truncate() ? "table" : null;
        if (outcome instanceof TransactionOutcome.Committed<BackupSetWriter.Exported> c) {
            BackupSetWriter.Exported e = c.value();
            List<String> warnings = c.note().map(n -> List.of("the answer to COMMIT was lost; " + n)).orElse(List.of());
            LOG.info("vector backup done: location={} timestamp={} rows={} truncated={} duration={}s", cmd.location(), ts,
                    e.tables().values().stream().mapToLong(TableBackupResult::rowCount).sum(), cmd.truncate(),
                    String.format(java.util.Locale.ROOT, "%.2f", duration));
            return new VectorManagementReport(true, cmd.truncate(), e.tables(), truncates, List.of(), warnings, duration,
                    dir, e.manifestFile(), ts, co, scope);
        }
        if (outcome instanceof TransactionOutcome.Unknown<BackupSetWriter.Exported> u) {
            BackupSetWriter.Exported e = u.value();
            String why = "the answer to COMMIT was lost and the database could not tell whether the transaction "
                    + u.transactionId() + " committed (" + u.reason() + "); backup set " + ts + " is kept"
                    + (cmd.truncate() ? ": if the truncate committed the table is empty and this set holds its rows "
                            + "(restore it), otherwise nothing changed" : "");
            LOG.error("vector backup outcome unknown: location={} timestamp={} {}", cmd.location(), ts, why);
            return new VectorManagementReport(true, false, e.tables(), Map.of(), List.of(why), List.of(), duration, dir,
                    e.manifestFile(), ts, co, scope);
        }
        RuntimeException cause = ((TransactionOutcome.RolledBack<BackupSetWriter.Exported>) outcome).cause();
        if (Failures.isCallerError(cause)) {
            throw cause;
        }
        String failure = Failures.message(cause);
        String failedTable = pending.failedTable();
        Map<String, TableBackupResult> failed = new LinkedHashMap<>();
        for (TableName t : tables.all()) {
            String why = t.display().equals(failedTable) ? failure
                    : "not kept: the backup set was rolled back because of an error" + (failedTable == null ? ""
                            : " on " + failedTable);
            failed.put(t.display(), TableBackupResult.failed(why, 0));
        }
        List<String> errors = new ArrayList<>();
        errors.add("backup failed and was rolled back, nothing was truncated and no file of the set was kept: " + failure);
        LOG.error("vector backup failed: location={} timestamp={} error={}", cmd.location(), ts, failure);
        return new VectorManagementReport(false, false, failed, Map.of(), errors, List.of(), duration, dir, null, ts, co,
                scope);
    }
}
