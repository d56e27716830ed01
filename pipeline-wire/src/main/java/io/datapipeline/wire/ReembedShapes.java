package io.datapipeline.wire;

import io.datapipeline.core.port.in.ReembedReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The wire shape of a re-embed's report (REST {@code data}, the CLI's {@code --json}). */
public final class ReembedShapes {

    private ReembedShapes() {
    }

    public static Map<String, Object> reembed(ReembedReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", r.success());
        m.put("dry_run", r.ending().dryRun());
        m.put("commit_outcome", r.ending().outcome() == null ? null : r.ending().outcome().wire());
        m.put("collections", r.scope().collections());
        m.put("whole_table", r.scope().everything());
        m.put("documents", r.scope().documents());
        m.put("distinct_texts", r.scope().texts());
        m.put("embedded", r.counts().embedded());
        m.put("reused_from_cache", r.counts().fromCache());
        m.put("embedded_in_transaction", r.counts().inTransaction());
        Map<String, Object> before = new LinkedHashMap<>();
        r.models().before().forEach((c, p) -> before.put(c, StoreShapes.provenance(p)));
        m.put("model_before", before);
        m.put("model_after", StoreShapes.provenance(r.models().after()));
        m.put("rewritten", r.rewrite() == null ? null : new TreeMap<>(r.rewrite().collections()));
        m.put("column_type", r.rewrite() == null || r.rewrite().column() == null ? null : Map.of("before",
                r.rewrite().column().before(), "after", r.rewrite().column().after()));
        m.put("estimate", r.estimate() == null ? null : estimate(r.estimate()));
        m.put("backup", r.backup() == null ? null : VectorShapes.vectorManagement(r.backup()));
        m.put("backup_timestamp", r.backup() == null ? null : r.backup().timestamp());
        m.put("warnings", r.ending().warnings());
        m.put("next_steps", r.ending().nextSteps());
        m.put("error", r.ending().error());
        m.put("duration", r.ending().duration());
        return m;
    }

    private static Map<String, Object> estimate(ReembedReport.Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("texts_to_embed", e.toEmbed());
        m.put("sample_texts", e.sampleTexts());
        m.put("sample_seconds", e.sampleSeconds());
        m.put("estimated_seconds", e.estimatedSeconds());
        return m;
    }
}
