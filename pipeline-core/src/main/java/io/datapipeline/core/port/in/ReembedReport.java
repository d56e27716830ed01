package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.ResultKind;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.VectorManagementReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a re-embed found and did.
 *
 * @param scope    what it covered
 * @param models   the models before (as the collections recorded them) and after
 * @param counts   texts embedded now, reused from the resume cache, embedded inside the transaction
 * @param rewrite  vectors rewritten per collection and the column's type change, or {@code null} when nothing was
 *                 rewritten (a dry run, a failure)
 * @param estimate the dry run's estimate, or {@code null}
 * @param backup   the backup set taken before the rewrite (its timestamp and folder are the way back), or {@code null}
 * @param ending   how it ended
 */
public record ReembedReport(Scope scope, Models models, Counts counts, Rewrite rewrite, Estimate estimate,
        VectorManagementReport backup, Ending ending) {

    /**
     * What the re-embed covered.
     *
     * @param collections the collections re-embedded (all of the store's when none was named)
     * @param everything  every row of the table was in scope
     * @param documents   rows in scope
     * @param texts       distinct documents among them (each is embedded once)
     */
    public record Scope(List<String> collections, boolean everything, long documents, long texts) {
        public Scope {
            collections = List.copyOf(collections);
        }
    }

    /**
     * @param before the model each collection recorded before (collections that recorded none are left out)
     * @param after  the new model, as the collections record it after the commit
     */
    public record Models(Map<String, EmbeddingProvenance> before, EmbeddingProvenance after) {
        public Models {
            before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        }
    }

    /**
     * Texts sent to the new model, and texts whose vectors came from the resume cache of an earlier, interrupted run.
     *
     * @param embedded      texts embedded by this run before the store lock was taken
     * @param fromCache     texts whose vectors an earlier run of the same model had embedded already
     * @param inTransaction texts found only when the documents were read again under the lock, embedded then
     */
    public record Counts(long embedded, long fromCache, long inTransaction) {
    }

    /**
     * @param collections vectors rewritten per collection (rows without a collection under {@code ""})
     * @param column      the embedding column's type before and after, or {@code null} when it did not change
     */
    public record Rewrite(Map<String, Long> collections, ColumnChange column) {
        public Rewrite {
            collections = Collections.unmodifiableMap(new LinkedHashMap<>(collections));
        }

        public long total() {
            return collections.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The embedding column's type, e.g. {@code vector(1024)} to {@code vector(768)}. */
    public record ColumnChange(String before, String after) {
    }

    /**
     * A dry run's estimate of the embedding time.
     *
     * @param toEmbed          texts that would be sent to the model (not in the resume cache)
     * @param sampleTexts      texts embedded to measure the model ({@code 0}: nothing to embed)
     * @param sampleSeconds    how long the sample took
     * @param estimatedSeconds {@code toEmbed} at the sample's rate (sequential batches)
     */
    public record Estimate(long toEmbed, int sampleTexts, double sampleSeconds, double estimatedSeconds) {
    }

    /**
     * @param dryRun    nothing was meant to change
     * @param outcome   what became of the transaction ({@code null} for a dry run)
     * @param error     why it failed, or {@code null}
     * @param warnings  notes that did not stop it
     * @param nextSteps what the operator must do now (switch the configured and the assistant's query model; how to go
     *                  back)
     * @param duration  seconds
     */
    public record Ending(boolean dryRun, CommitOutcome outcome, String error, List<String> warnings,
            List<String> nextSteps, double duration) {
        public Ending {
            warnings = List.copyOf(warnings);
            nextSteps = List.copyOf(nextSteps);
        }
    }

    public boolean success() {
        return ending.error() == null;
    }

    /** How it ended: ok, failed (rolled back), or commit outcome unknown. */
    public ResultKind kind() {
        return ResultKind.of(success(), ending.outcome() == CommitOutcome.UNKNOWN);
    }
}
