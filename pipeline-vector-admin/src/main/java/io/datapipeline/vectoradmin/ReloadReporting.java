package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.sets.BackupSetWriter;
import io.datapipeline.vectoradmin.sets.Failures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The report of a reload from what its transaction did and how it ended: committed, unknown, rolled back. */
final class ReloadReporting {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    private final VectorTables tables;

    ReloadReporting(VectorTables tables) {
        this.tables = tables;
    }

    static CommitOutcome outcomeOf(TransactionOutcome<?> o) {
        return o instanceof TransactionOutcome.Committed<?> ? CommitOutcome.COMMITTED
                : o instanceof TransactionOutcome.Unknown<?> ? CommitOutcome.UNKNOWN : CommitOutcome.ROLLED_BACK;
    }

    ReloadReport report(ReloadVectorStoreCommand cmd, BackupSetWriter.Pending pending,
            TransactionOutcome<Reloader.Work> outcome, CommitOutcome co, Reloader.Work work, double duration) {
        String dir = pending == null ? null : pending.directory().toString();
        String ts = pending == null ? null : pending.timestamp().value();
        String scope = cmd.truncate() ? cmd.scope().wire() : null;
        boolean truncated = cmd.truncate() && !cmd.replace().byDifference();
        if (outcome instanceof TransactionOutcome.Committed<Reloader.Work> c) {
            List<String> warnings = new ArrayList<>(work.warnings);
            c.note().ifPresent(n -> warnings.add("the answer to COMMIT was lost; " + n));
            if (cmd.replace().byDifference()) {
                warnings.add(difference(work.loaded));
            }
            VectorManagementReport vm = pending == null ? VectorManagementReport.notRequested()
                    : new VectorManagementReport(true, truncated, work.exported.tables(), work.truncates, List.of(),
                            warnings, duration, dir, work.exported.manifestFile(), ts, co, scope);
            LOG.info("reload committed: task={} loaded={} created={} backup={} truncated={} by_difference={}",
                    cmd.taskId(), work.loaded, work.created, ts, truncated, cmd.replace().byDifference());
            return new ReloadReport(vm, co, work.loaded, work.created, warnings, null, false, duration, work.retrieval);
        }
        if (outcome instanceof TransactionOutcome.Unknown<Reloader.Work> u) {
            String why = "the answer to COMMIT was lost and the database could not tell whether the reload's transaction "
                    + u.transactionId() + " committed (" + u.reason() + "): the store holds either the old rows or the "
                    + "new ones, never a mix" + (ts == null ? "" : "; backup set " + ts + " of the old store is kept");
            VectorManagementReport vm = pending == null ? VectorManagementReport.notRequested()
                    : new VectorManagementReport(work.exported != null, false, work.exported == null ? Map.of()
                            : work.exported.tables(), Map.of(), List.of(why), work.warnings, duration, dir,
                            work.exported == null ? null : work.exported.manifestFile(), ts, co, scope);
            LOG.error("reload outcome unknown: task={} {}", cmd.taskId(), why);
            return new ReloadReport(vm, co, work.loaded, work.created, work.warnings, why, false, duration,
                    work.retrieval);
        }
        return rolledBack(cmd, pending, (TransactionOutcome.RolledBack<Reloader.Work>) outcome, co, work, duration);
    }

    private ReloadReport rolledBack(ReloadVectorStoreCommand cmd, BackupSetWriter.Pending pending,
            TransactionOutcome.RolledBack<Reloader.Work> outcome, CommitOutcome co, Reloader.Work work,
            double duration) {
        RuntimeException cause = outcome.cause();
        if (cause instanceof BusyException) {
            throw cause;
        }
        String dir = pending == null ? null : pending.directory().toString();
        String ts = pending == null ? null : pending.timestamp().value();
        String scope = cmd.truncate() ? cmd.scope().wire() : null;
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
        // nothing was written, but what was embedded was paid for: those counts stay
        Map<String, ReloadReport.LoadCount> embeddedOnly = new TreeMap<>();
        work.embedded.forEach((c, n) -> embeddedOnly.put(c, new ReloadReport.LoadCount(0, 0, n, 0, null)));
        return new ReloadReport(vm, co, embeddedOnly, List.of(), work.warnings, error, refused, duration,
                work.retrieval);
    }

    /** The replace by difference in words, for the report's warnings (it did not empty the table). */
    private static String difference(Map<String, ReloadReport.LoadCount> loaded) {
        long unchanged = 0;
        long inserted = 0;
        long deleted = 0;
        for (ReloadReport.LoadCount c : loaded.values()) {
            if (c.difference() != null) {
                unchanged += c.difference().unchanged();
                inserted += c.difference().inserted();
                deleted += c.difference().deleted();
            }
        }
        return "replaced by difference (the table was not emptied): " + unchanged + " row(s) unchanged, " + inserted
                + " inserted, " + deleted + " deleted";
    }
}
