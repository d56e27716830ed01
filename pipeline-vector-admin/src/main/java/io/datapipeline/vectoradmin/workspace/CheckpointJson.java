package io.datapipeline.vectoradmin.workspace;

import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.UnitCheckpoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored shape of a unit checkpoint, private to {@link FileUnitCheckpoints} (a storage format, like the journal's
 * progress record; no caller sees it) ({@code <task dir>/.checkpoints/<step>/<unit>.json}):
 * {@code {step, unit, inputs: {digest, prompt_version, model}, output: {kind, …}, saved_at}}, the output's kind one of
 * {@code documents} ({@code files: [{name, sha256}], model_comments}), {@code themes} ({@code themes: [{name,
 * description, tables}]}) and {@code pairs} ({@code pairs: [{question, sql}]}).
 */
final class CheckpointJson {

    private CheckpointJson() {
    }

    static Map<String, Object> checkpoint(UnitCheckpoints.Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", c.step().wire());
        m.put("unit", c.unit());
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("digest", c.inputs().digest());
        in.put("prompt_version", c.inputs().promptVersion());
        in.put("model", c.inputs().model());
        m.put("inputs", in);
        m.put("output", output(c.output()));
        m.put("saved_at", c.savedAt().toString());
        return m;
    }

    private static Map<String, Object> output(UnitCheckpoints.Output o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o instanceof UnitCheckpoints.Documents d) {
            m.put("kind", "documents");
            List<Object> files = new ArrayList<>();
            for (UnitCheckpoints.OutputFile f : d.files()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("name", f.name());
                fm.put("sha256", f.sha256());
                files.add(fm);
            }
            m.put("files", files);
            m.put("model_comments", d.modelComments());
        } else if (o instanceof UnitCheckpoints.Themes t) {
            m.put("kind", "themes");
            List<Object> themes = new ArrayList<>();
            for (LanguageModel.Theme theme : t.themes()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("name", theme.name());
                tm.put("description", theme.description());
                tm.put("tables", theme.tables());
                themes.add(tm);
            }
            m.put("themes", themes);
        } else {
            m.put("kind", "pairs");
            List<Object> pairs = new ArrayList<>();
            for (QuestionSqlPair p : ((UnitCheckpoints.Pairs) o).pairs()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("question", p.question());
                pm.put("sql", p.sql());
                pairs.add(pm);
            }
            m.put("pairs", pairs);
        }
        return m;
    }

    /**
     * A checkpoint as {@link #checkpoint} wrote it.
     *
     * @throws IllegalArgumentException when the document is not one (a damaged record is then treated as missing)
     */
    static UnitCheckpoints.Checkpoint parse(Object json) {
        Map<String, Object> m = object(json, "checkpoint");
        Map<String, Object> in = object(m.get("inputs"), "inputs");
        UnitCheckpoints.Inputs inputs = new UnitCheckpoints.Inputs(text(in, "digest"), text(in, "prompt_version"),
                text(in, "model"));
        try {
            return new UnitCheckpoints.Checkpoint(StepName.fromWire(text(m, "step")), text(m, "unit"), inputs,
                    parseOutput(object(m.get("output"), "output")), Instant.parse(text(m, "saved_at")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a unit checkpoint: " + e.getMessage(), e);
        }
    }

    private static UnitCheckpoints.Output parseOutput(Map<String, Object> o) {
        String kind = text(o, "kind");
        switch (kind) {
            case "documents" -> {
                List<UnitCheckpoints.OutputFile> files = new ArrayList<>();
                for (Object f : list(o.get("files"))) {
                    Map<String, Object> fm = object(f, "file");
                    files.add(new UnitCheckpoints.OutputFile(text(fm, "name"), text(fm, "sha256")));
                }
                return new UnitCheckpoints.Documents(files, o.get("model_comments") instanceof Number n ? n.intValue()
                        : 0);
            }
            case "themes" -> {
                List<LanguageModel.Theme> themes = new ArrayList<>();
                for (Object t : list(o.get("themes"))) {
                    Map<String, Object> tm = object(t, "theme");
                    List<String> tables = new ArrayList<>();
                    list(tm.get("tables")).forEach(x -> tables.add(String.valueOf(x)));
                    themes.add(new LanguageModel.Theme(text(tm, "name"), text(tm, "description"), tables));
                }
                return new UnitCheckpoints.Themes(themes);
            }
            case "pairs" -> {
                List<QuestionSqlPair> pairs = new ArrayList<>();
                for (Object p : list(o.get("pairs"))) {
                    Map<String, Object> pm = object(p, "pair");
                    pairs.add(new QuestionSqlPair(text(pm, "question"), text(pm, "sql")));
                }
                return new UnitCheckpoints.Pairs(pairs);
            }
            default -> throw new IllegalArgumentException("unknown output kind " + kind);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String what) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(what + " is not an object");
    }

    private static List<?> list(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("expected an array");
    }

    private static String text(Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(key + " is missing");
    }
}
