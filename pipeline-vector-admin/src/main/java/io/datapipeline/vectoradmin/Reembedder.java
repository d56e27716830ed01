package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BackupEncoding;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.in.ReembedReport;
import io.datapipeline.core.port.in.ReembedVectorStoreCommand;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.EmbeddingModels;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.sets.BackupSetWriter;
import io.datapipeline.vectoradmin.sets.Failures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A re-embed of the store with another model. Without the store lock, a read snapshot says which documents are in
 * scope, and they are embedded in batches, each kept in the {@link ReembedCache} before the next is sent (an
 * interrupted run, run again, embeds only what is left). Then, under the store lock, a backup set of both tables is
 * begun in the global folder and one write transaction reads the documents again (embedding any that appeared),
 * exports the set, changes the embedding column's type when its fixed dimension is not the new model's (as late as
 * possible: from there readers wait for the commit), rewrites the vectors, records the new model in the collections,
 * and commits. Readers see the old vectors until the commit and the new ones after it, never a mix; a lost answer to
 * COMMIT is settled as for every set.
 */
final class Reembedder {

    private static final Logger LOG = LoggerFactory.getLogger(Reembedder.class);
    /** Texts per request to the model, and per append to the cache. */
    static final int BATCH = 64;
    /** Texts a dry run embeds to measure the model. */
    static final int SAMPLE = 8;

    private final VectorTableStore store;
    private final VectorTables tables;
    private final BackupSetWriter sets;
    private final Path dataRoot;
    private final Clock clock;
    private final BackupEncoding encoding;
    private final EmbeddingModels models;

    Reembedder(VectorTableStore store, VectorTables tables, BackupSetWriter sets, Path dataRoot, Clock clock,
            BackupEncoding encoding, EmbeddingModels models) {
        this.models = models;
        this.store = store;
        this.tables = tables;
        this.sets = sets;
        this.dataRoot = dataRoot;
        this.clock = clock;
        this.encoding = encoding;
    }

    /** What a run did so far, for the report. */
    static final class Work {
        final List<String> warnings = new ArrayList<>();
        long embedded;
        long fromCache;
        long inTransaction;
        ReembedScope scope;
        BackupSetWriter.Exported exported;
        Map<String, Long> rewritten;
        ReembedReport.ColumnChange column;

        ReembedReport.Counts counts() {
            return new ReembedReport.Counts(embedded, fromCache, inTransaction);
        }
    }

    ReembedReport reembed(ReembedVectorStoreCommand cmd) {
        EmbeddingModel model = models.open(cmd.model());
        try {
            return reembed(cmd, model);
        } finally {
            if (model instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing the embedding model {} failed: {}", model.describe(), e.getMessage());
                }
            }
        }
    }

    private ReembedReport reembed(ReembedVectorStoreCommand cmd, EmbeddingModel model) {
        long t0 = System.nanoTime();
        EmbeddingProvenance target = model.provenance();
        Work work = new Work();
        work.scope = store.rehearse("vector reembed (reading the documents)", tx -> ReembedScope.read(tx, tables, cmd));
        work.scope.check(target, work.warnings);
        Path file = ReembedCache.fileOf(dataRoot, target);
        if (cmd.dryRun()) {
            return dryRun(model, target, work, file, t0);
        }
        if (work.scope.alreadyDone(target)) {
            work.warnings.add("every collection in scope records " + target.describe() + " already; nothing was changed");
            return ReembedReporting.nothingToDo(work, target, t0);
        }
        try (ReembedCache cache = ReembedCache.open(file, target)) {
            work.fromCache = work.scope.distinctKeys().stream().filter(cache::has).count();
            try {
                work.embedded = embedMissing(cmd, model, target, work.scope, cache);
            } catch (RuntimeException e) {
                if (Failures.isCallerError(e)) {
                    throw e;
                }
                return ReembedReporting.embeddingFailed(work, target, cache, e, t0);
            }
            try (VectorStoreSession session = store.openSession("vector reembed", cmd.lockWait());
                    BackupSetWriter.Pending pending = sets.begin(BackupLocation.global(),
                            BackupSetWriter.Operation.REEMBED, null, session, cmd.lockWait(), encoding, null)) {
                return rewrite(cmd, model, target, session, pending, cache, work, t0);
            }
        }
    }

    /** Embeds the documents in scope that the cache lacks, batch by batch, each kept before the next is sent. */
    private static long embedMissing(ReembedVectorStoreCommand cmd, EmbeddingModel model, EmbeddingProvenance target,
            ReembedScope scope, ReembedCache cache) {
        List<String> keys = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < scope.documents().size(); i++) {
            String k = scope.keys().get(i);
            if (!cache.has(k) && seen.add(k)) {
                keys.add(k);
                texts.add(scope.documents().get(i).document());
            }
        }
        if (texts.isEmpty()) {
            return 0;
        }
        cmd.progress().started(ReembedVectorStoreCommand.EMBED, texts.size(), -1);
        for (int from = 0; from < texts.size(); from += BATCH) {
            int to = Math.min(texts.size(), from + BATCH);
            List<float[]> vectors = embed(model, target, texts.subList(from, to));
            cache.append(keys.subList(from, to), vectors);
            try {
                cmd.progress().transferred(ReembedVectorStoreCommand.EMBED, to - from);
            } catch (IOException e) {
                throw new PipelineException("stopped after embedding " + to + " of " + texts.size() + " texts (kept in "
                        + cache.file() + "): " + e.getMessage(), e);
            }
        }
        cmd.progress().finished(ReembedVectorStoreCommand.EMBED, texts.size(), -1);
        return texts.size();
    }

    /** One batch, its vectors checked against the model's dimension. */
    private static List<float[]> embed(EmbeddingModel model, EmbeddingProvenance target, List<String> texts) {
        List<float[]> vectors = model.embed(texts);
        if (vectors.size() != texts.size()) {
            throw new PipelineException("the embedding model returned " + vectors.size() + " vectors for " + texts.size()
                    + " texts");
        }
        for (float[] v : vectors) {
            if (v == null || v.length != target.dimension()) {
                throw new PipelineException("the embedding model " + target.describe() + " returned a vector of "
                        + (v == null ? "no" : String.valueOf(v.length)) + " dimensions");
            }
        }
        return vectors;
    }

    /** Counts, looks into the cache, and times a small sample; changes nothing. */
    private ReembedReport dryRun(EmbeddingModel model, EmbeddingProvenance target, Work work, Path file, long t0) {
        Set<String> cached = ReembedCache.keysIn(file, target);
        List<String> toEmbed = new ArrayList<>();
        Set<String> distinct = work.scope.distinctKeys();
        List<String> keys = work.scope.keys();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!cached.contains(keys.get(i)) && seen.add(keys.get(i))) {
                toEmbed.add(work.scope.documents().get(i).document());
            }
        }
        work.fromCache = distinct.stream().filter(cached::contains).count();
        List<String> sample = toEmbed.subList(0, Math.min(SAMPLE, toEmbed.size()));
        double seconds = 0;
        if (!sample.isEmpty()) {
            long s0 = System.nanoTime();
            embed(model, target, sample);
            seconds = (System.nanoTime() - s0) / 1e9;
        }
        double estimate = sample.isEmpty() ? 0 : seconds / sample.size() * toEmbed.size();
        LOG.info("reembed dry run: model={} documents={} texts={} cached={} to_embed={} estimate={}s",
                target.describe(), work.scope.documents().size(), distinct.size(), work.fromCache, toEmbed.size(),
                String.format(java.util.Locale.ROOT, "%.1f", estimate));
        return ReembedReporting.dryRun(work, target, new ReembedReport.Estimate(toEmbed.size(), sample.size(), seconds,
                estimate), t0);
    }

    /** The write transaction: read again, back up, change the column's type if needed, rewrite, record, commit. */
    private ReembedReport rewrite(ReembedVectorStoreCommand cmd, EmbeddingModel model, EmbeddingProvenance target,
            VectorStoreSession session, BackupSetWriter.Pending pending, ReembedCache cache, Work work, long t0) {
        LOG.info("reembed started: model={} collections={} documents={} backup={}", target.describe(),
                work.scope.names(), work.scope.documents().size(), pending.timestamp());
        BackupSetWriter.Intent intent = new BackupSetWriter.Intent(true, "reembed", List.of(tables.embedding()
                .display(), tables.collection().display()));
        TransactionOutcome<Work> outcome = session.transaction(TransactionMode.WRITE, tx -> {
            ReembedScope now = ReembedScope.read(tx, tables, cmd);
            List<String> warnings = new ArrayList<>();
            now.check(target, warnings);
            work.scope = now;
            work.inTransaction = embedMissing(cmd, model, target, now, cache);
            work.exported = pending.export(tx, intent, cmd.progress());
            cmd.progress().checkpoint("before rewriting the vectors");
            Integer retype = now.needsRetype(target) ? target.dimension() : null;
            work.rewritten = tx.langchain().replaceVectors(sink -> {
                for (int i = 0; i < now.documents().size(); i++) {
                    sink.accept(now.documents().get(i).key(), cache.get(now.keys().get(i)));
                }
            }, retype);
            long total = work.rewritten.values().stream().mapToLong(Long::longValue).sum();
            if (total != now.documents().size()) {
                throw new PipelineException("rewrote " + total + " vectors for " + now.documents().size() + " rows in "
                        + "scope; rolled back");
            }
            if (retype != null) {
                work.column = new ReembedReport.ColumnChange(now.column().type(), "vector(" + retype + ")");
            }
            tx.langchain().recordProvenance(now.names(), target.recorded(clock.instant().toString(), null));
            work.warnings.clear();
            work.warnings.addAll(warnings);
            cmd.progress().checkpoint("before commit");
            return work;
        });
        CommitOutcome co = pending.settle(outcome, true);
        if (co == CommitOutcome.COMMITTED) {
            cache.delete();
        }
        ReembedReport report = new ReembedReporting(tables).report(work, target, pending, outcome, co, t0);
        pending.writeLog(report.backup(), true);
        return report;
    }
}
