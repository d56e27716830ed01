package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupSetWriter;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.DedupeReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes duplicate {@code (collection, document)} rows in one transaction, after a backup into the global
 * folder taken in the same transaction; a dry run only counts them, in a read-only snapshot.
 */
final class Deduper {

    private static final Logger LOG = LoggerFactory.getLogger(Deduper.class);

    private final VectorTableStore store;
    private final BackupSetWriter sets;
    private final String embeddingTable;
    private final BackupEncoding encoding;

    Deduper(VectorTableStore store, BackupSetWriter sets, String embeddingTable,
            BackupEncoding encoding) {
        this.encoding = encoding;
        this.store = store;
        this.sets = sets;
        this.embeddingTable = embeddingTable;
    }

    DedupeReport dedupe(boolean apply, Duration lockWait, TransferProgress progress) {
        long t0 = System.nanoTime();
        try (VectorStoreSession session = store.openSession(apply ? "vector dedupe" : "vector dedupe (dry run)",
                lockWait)) {
            Map<String, Long> found = session.read(tx -> tx.langchain().duplicates(false));
            long total = found.values().stream().mapToLong(Long::longValue).sum();
            if (!apply || total == 0) {
                return new DedupeReport(false, found, null, null, null);
            }
            try (BackupSetWriter.Pending pending = sets.begin(BackupLocation.global(), BackupSetWriter.Operation.DEDUPE,
                    null, session, lockWait, encoding, null)) {
                return apply(session, pending, progress, found, t0);
            }
        }
    }

    private DedupeReport apply(VectorStoreSession session, BackupSetWriter.Pending pending, TransferProgress progress,
            Map<String, Long> found, long t0) {
        BackupSetWriter.Intent intent = new BackupSetWriter.Intent(true, "duplicates", List.of(embeddingTable));
        TransactionOutcome<Map<String, Long>> outcome = session.transaction(TransactionMode.WRITE, tx -> {
            pending.export(tx, intent, progress);
            return tx.langchain().duplicates(true);
        });
        CommitOutcome co = pending.settle(outcome, true);
        double duration = (System.nanoTime() - t0) / 1e9;
        BackupSetWriter.Exported e = pending.exported();
        VectorManagementReport backup = e == null ? null : new VectorManagementReport(co != CommitOutcome.ROLLED_BACK,
                false, e.tables(), Map.of(), List.of(), List.of(), duration, pending.directory().toString(),
                e.manifestFile(), pending.timestamp().value(), co, null);
        if (outcome instanceof TransactionOutcome.Committed<Map<String, Long>> c) {
            LOG.info("dedupe committed: removed={} backup={}", c.value(), pending.timestamp());
            if (backup != null) {
                pending.writeLog(backup, false);
            }
            return new DedupeReport(true, c.value(), backup, co, null);
        }
        if (outcome instanceof TransactionOutcome.Unknown<Map<String, Long>> u) {
            String why = "the answer to COMMIT was lost and the database could not tell whether the dedupe "
                    + "committed (transaction " + u.transactionId() + "); backup set " + pending.timestamp()
                    + " of the store before it is kept";
            return new DedupeReport(false, u.value(), backup, co, why);
        }
        RuntimeException cause = ((TransactionOutcome.RolledBack<Map<String, Long>>) outcome).cause();
        if (Failures.isCallerError(cause)) {
            throw cause;
        }
        String why = "dedupe failed and was rolled back, nothing was removed: " + Failures.message(cause);
        LOG.error(why);
        return new DedupeReport(false, found, null, co, why);
    }
}
