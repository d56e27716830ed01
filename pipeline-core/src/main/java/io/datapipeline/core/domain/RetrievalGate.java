package io.datapipeline.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a reload must be rolled back because of what the new store retrieves: a figure below its minimum
 * ({@code --min-retrieval ddl_hit@3=0.8}), or fallen by more than allowed from the old store's
 * ({@code --max-retrieval-drop 0.05}, every figure; or {@code ddl_hit@3=0.05}, one figure). Without criteria it only
 * fixes the {@code k} the reload measures with.
 *
 * @param k         results per collection the figures are taken at
 * @param minimums  figure name ({@code ddl_hit}, {@code ddl_recall}, {@code doc_hit}, {@code sql_match}) to the lowest
 *                  value a reload may commit with
 * @param maxDrops  figure name to the largest fall from the old store's value a reload may commit with
 */
public record RetrievalGate(int k, Map<String, Double> minimums, Map<String, Double> maxDrops) {

    /** The figures a gate can name. */
    public static final List<String> METRICS = List.of("ddl_hit", "ddl_recall", "doc_hit", "sql_match");
    /** The {@code k} measured with when no criterion names one. */
    public static final int DEFAULT_K = 3;
    /** Measures only. */
    public static final RetrievalGate NONE = new RetrievalGate(DEFAULT_K, Map.of(), Map.of());

    public RetrievalGate {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, not " + k);
        }
        minimums = Map.copyOf(minimums);
        maxDrops = Map.copyOf(maxDrops);
    }

    /** Whether a reload can be rolled back by it. */
    public boolean active() {
        return !minimums.isEmpty() || !maxDrops.isEmpty();
    }

    /**
     * Reads the options.
     *
     * @param minRetrieval  {@code metric@k=value} items (each may hold several, comma separated), or empty
     * @param maxDrop       a share for every figure, or {@code metric@k=value} items (comma separated), or {@code null}
     * @param minField      the name of the first option, for errors ({@code min_retrieval}, {@code --min-retrieval})
     * @param dropField     the name of the second
     */
    public static RetrievalGate parse(List<String> minRetrieval, String maxDrop, String minField, String dropField) {
        Integer[] k = {null};
        Map<String, Double> minimums = new LinkedHashMap<>();
        for (String option : minRetrieval == null ? List.<String>of() : minRetrieval) {
            for (String part : split(option, minField)) {
                criterion(part, minField, k, minimums);
            }
        }
        Map<String, Double> drops = new LinkedHashMap<>();
        if (maxDrop != null && !maxDrop.isBlank()) {
            String text = maxDrop.strip();
            if (text.contains("=")) {
                for (String part : split(text, dropField)) {
                    criterion(part, dropField, k, drops);
                }
            } else {
                double d = share(text, dropField, dropField + " '" + text + "'");
                METRICS.forEach(m -> drops.put(m, d));
            }
        }
        return new RetrievalGate(k[0] == null ? DEFAULT_K : k[0], minimums, drops);
    }

    private static List<String> split(String option, String field) {
        List<String> out = new ArrayList<>();
        for (String p : option.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        if (out.isEmpty()) {
            throw InvalidInputException.invalid(field, field + " is empty; give it as metric@k=value, e.g. ddl_hit@3=0.8");
        }
        return out;
    }

    private static void criterion(String part, String field, Integer[] k, Map<String, Double> into) {
        int eq = part.indexOf('=');
        int at = part.indexOf('@');
        if (eq < 0 || at < 0 || at > eq) {
            throw InvalidInputException.invalid(field, field + " '" + part + "' is not metric@k=value (e.g. ddl_hit@3=0.8; "
                    + "metrics: " + String.join(", ", METRICS) + ")");
        }
        String metric = part.substring(0, at).strip().toLowerCase(Locale.ROOT);
        if (!METRICS.contains(metric)) {
            throw InvalidInputException.invalid(field, field + " '" + part + "' names no figure: use one of "
                    + String.join(", ", METRICS));
        }
        int kk;
        try {
            kk = Integer.parseInt(part.substring(at + 1, eq).strip());
        } catch (NumberFormatException e) {
            kk = 0;
        }
        if (kk < 1 || kk > 100) {
            throw InvalidInputException.invalid(field, field + " '" + part + "': k must be a whole number from 1 to 100");
        }
        if (k[0] != null && k[0] != kk) {
            throw InvalidInputException.invalid(field, "a reload is measured at one k: " + field + " '" + part
                    + "' asks for k=" + kk + " but another criterion for k=" + k[0]);
        }
        k[0] = kk;
        into.put(metric, share(part.substring(eq + 1).strip(), field, field + " '" + part + "'"));
    }

    private static double share(String text, String field, String what) {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid(field, what + ": the value must be a number from 0 to 1");
        }
        if (!(d >= 0 && d <= 1)) {
            throw InvalidInputException.invalid(field, what + ": the value must be a number from 0 to 1");
        }
        return d;
    }

    /** The criteria in words, for the report: {@code ddl_hit@3 >= 0.8}, {@code ddl_hit@3 drops by <= 0.05}. */
    public List<String> criteria() {
        List<String> out = new ArrayList<>();
        METRICS.stream().filter(minimums::containsKey).forEach(m -> out.add(m + "@" + k + " >= " + minimums.get(m)));
        METRICS.stream().filter(maxDrops::containsKey).forEach(m -> out.add(m + "@" + k + " drops by <= "
                + maxDrops.get(m)));
        return out;
    }

    /** The minimums as {@code metric@k=value} options: {@link #parse} reads them back. */
    public List<String> minimumOptions() {
        return METRICS.stream().filter(minimums::containsKey).map(m -> m + "@" + k + "=" + minimums.get(m)).toList();
    }

    /** The drops as one {@code metric@k=value,…} option ({@code null} when there are none): {@link #parse} reads it back. */
    public String dropOption() {
        if (maxDrops.isEmpty()) {
            return null;
        }
        return String.join(",", METRICS.stream().filter(maxDrops::containsKey)
                .map(m -> m + "@" + k + "=" + maxDrops.get(m)).toList());
    }
}
