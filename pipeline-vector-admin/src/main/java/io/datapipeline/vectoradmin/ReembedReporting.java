package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.in.ReembedReport;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.EmbeddingProvenance;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The report of a re-embed from what it did and how its transaction ended; the operator's next steps. */
final class ReembedReporting {

    private static final Logger LOG = LoggerFactory.getLogger(Reembedder.class);

    private final VectorTables tables;

    ReembedReporting(VectorTables tables) {
        this.tables = tables;
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static ReembedReport.Scope scope(Reembedder.Work work) {
        ReembedScope s = work.scope;
        return new ReembedReport.Scope(s.names(), s.everything(), s.documents().size(), s.distinctKeys().size());
    }

    private static ReembedReport.Models models(Reembedder.Work work, EmbeddingProvenance target) {
        return new ReembedReport.Models(work.scope.before(), target);
    }

    static ReembedReport dryRun(Reembedder.Work work, EmbeddingProvenance target, ReembedReport.Estimate estimate,
            long t0) {
        return new ReembedReport(scope(work), models(work, target), work.counts(), null, estimate, null,
                new ReembedReport.Ending(true, null, null, work.warnings, List.of(), since(t0)));
    }

    static ReembedReport nothingToDo(Reembedder.Work work, EmbeddingProvenance target, long t0) {
        return new ReembedReport(scope(work), models(work, target), work.counts(), null, null, null,
                new ReembedReport.Ending(false, null, null, work.warnings, List.of(), since(t0)));
    }

    /** The model failed before any lock was taken: what it embedded is kept for the next run. */
    static ReembedReport embeddingFailed(Reembedder.Work work, EmbeddingProvenance target, ReembedCache cache,
            RuntimeException e, long t0) {
        long kept = cache.size();
        String error = "embedding with " + target.describe() + " failed, the store was not touched: "
                + Failures.message(e) + "; " + kept + " text(s) of this model are kept in " + cache.file()
                + ": run the same command again to embed only the rest";
        LOG.error("reembed failed before the store lock: {}", error);
        work.embedded = Math.max(0, kept - work.fromCache);
        return new ReembedReport(scope(work), models(work, target), work.counts(), null, null, null,
                new ReembedReport.Ending(false, null, error, work.warnings, List.of(), since(t0)));
    }

    ReembedReport report(Reembedder.Work work, EmbeddingProvenance target, BackupSetWriter.Pending pending,
            TransactionOutcome<Reembedder.Work> outcome, CommitOutcome co, long t0) {
        double duration = since(t0);
        String dir = pending.directory().toString();
        String ts = pending.timestamp().value();
        if (outcome instanceof TransactionOutcome.Committed<Reembedder.Work> c) {
            List<String> warnings = new ArrayList<>(work.warnings);
            c.note().ifPresent(n -> warnings.add("the answer to COMMIT was lost; " + n));
            VectorManagementReport vm = backup(work, true, co, List.of(), warnings, duration, dir, ts);
            ReembedReport.Rewrite rewrite = new ReembedReport.Rewrite(work.rewritten, work.column);
            LOG.info("reembed committed: model={} rewritten={} column={} backup={}", target.describe(), work.rewritten,
                    work.column, ts);
            return new ReembedReport(scope(work), models(work, target), work.counts(), rewrite, null, vm,
                    new ReembedReport.Ending(false, co, null, warnings, nextSteps(target, ts), duration));
        }
        if (outcome instanceof TransactionOutcome.Unknown<Reembedder.Work> u) {
            String why = "the answer to COMMIT was lost and the database could not tell whether the re-embed's "
                    + "transaction " + u.transactionId() + " committed (" + u.reason() + "): the store holds either the "
                    + "old vectors or the new ones, never a mix; check the model the collections record (pipeline vector "
                    + "collections); backup set " + ts + " of the old store is kept";
            LOG.error("reembed outcome unknown: {}", why);
            VectorManagementReport vm = backup(work, true, co, List.of(why), work.warnings, duration, dir, ts);
            return new ReembedReport(scope(work), models(work, target), work.counts(), null, null, vm,
                    new ReembedReport.Ending(false, co, why, work.warnings, List.of(), duration));
        }
        RuntimeException cause = ((TransactionOutcome.RolledBack<Reembedder.Work>) outcome).cause();
        if (Failures.isCallerError(cause)) {
            throw cause;
        }
        String error = "the re-embed failed and was rolled back, the store is exactly as it was: "
                + Failures.message(cause) + "; the new vectors are kept in the re-embed cache: running the same "
                + "command again embeds nothing already paid for";
        LOG.error("reembed rolled back: {}", error);
        VectorManagementReport vm = work.exported == null ? failedBackup(error, co, duration, dir, ts)
                : backup(work, false, co, List.of(error), work.warnings, duration, dir, ts);
        return new ReembedReport(scope(work), models(work, target), work.counts(), null, null, vm,
                new ReembedReport.Ending(false, co, error, work.warnings, List.of(), duration));
    }

    private VectorManagementReport backup(Reembedder.Work work, boolean success, CommitOutcome co, List<String> errors,
            List<String> warnings, double duration, String dir, String ts) {
        return new VectorManagementReport(success, false, work.exported.tables(), Map.of(), errors, warnings, duration,
                dir, work.exported.manifestFile(), ts, co, null);
    }

    private VectorManagementReport failedBackup(String error, CommitOutcome co, double duration, String dir,
            String ts) {
        Map<String, TableBackupResult> failed = new LinkedHashMap<>();
        for (TableName t : tables.all()) {
            failed.put(t.display(), TableBackupResult.failed("not kept: the re-embed was rolled back", 0));
        }
        return new VectorManagementReport(false, false, failed, Map.of(), List.of(error), List.of(), duration, dir, null,
                ts, co, null);
    }

    /** The cut-over: both query models switch now; the set is the way back. */
    static List<String> nextSteps(EmbeddingProvenance target, String ts) {
        return List.of("switch this pipeline's embedding model now: PIPELINE_EMBEDDING_PROVIDER=" + target.provider()
                        + " PIPELINE_EMBEDDING_MODEL=" + target.model() + " PIPELINE_EMBEDDING_DIMENSION="
                        + target.dimension() + " (with that endpoint's PIPELINE_EMBEDDING_BASE_URL and "
                        + "PIPELINE_EMBEDDING_API_KEY); until then loads, searches and evaluations with the old model "
                        + "are refused",
                "switch the assistant's query embedding model to " + target.provider() + "/" + target.model() + " ("
                        + target.dimension() + " dimensions) now: until it is switched its questions are embedded by "
                        + "the old model and cannot search the new vectors",
                "the way back: pipeline vector restore --global --timestamp " + ts + " --truncate-before-restore, "
                        + "then switch both models back");
    }
}
