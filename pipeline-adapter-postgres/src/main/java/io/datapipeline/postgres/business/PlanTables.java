package io.datapipeline.postgres.business;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.core.domain.PipelineException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The tables a plan of {@code EXPLAIN (VERBOSE, FORMAT JSON)} reads: every node with a {@code Relation Name}
 * (scans of tables, including those under views, sub-plans, CTEs and init plans), with its {@code Schema}.
 */
final class PlanTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanTables() {
    }

    static List<String> of(String planJson) {
        try {
            TreeSet<String> out = new TreeSet<>();
            walk(JSON.readTree(planJson), out);
            return List.copyOf(out);
        } catch (IOException e) {
            throw new PipelineException("cannot read the plan PostgreSQL gave: " + e.getMessage(), e);
        }
    }

    private static void walk(JsonNode node, TreeSet<String> out) {
        if (node.isArray()) {
            node.forEach(n -> walk(n, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode relation = node.get("Relation Name");
        if (relation != null && relation.isTextual()) {
            JsonNode schema = node.get("Schema");
            String name = relation.asText().toLowerCase(Locale.ROOT);
            out.add(schema != null && schema.isTextual() ? schema.asText().toLowerCase(Locale.ROOT) + "." + name : name);
        }
        node.fields().forEachRemaining(e -> walk(e.getValue(), out));
    }
}
