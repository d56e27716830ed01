package io.datapipeline.vectoradmin.sets;

import java.util.List;
import java.util.function.Function;

/**
 * Which generation of the LangChain PGVector schema a table set is (see the runbook):
 * <ul>
 *   <li>{@code G1}: langchain_community, embedding key {@code uuid} plus {@code custom_id}, {@code json} metadata;</li>
 *   <li>{@code G1b}: the same with {@code jsonb} metadata;</li>
 *   <li>{@code G2}: langchain-postgres, embedding key {@code id varchar}, {@code jsonb} metadata.</li>
 * </ul>
 */
public enum LangChainGeneration {
    G1, G1B, G2, UNKNOWN;

    /**
     * Detects the generation from the embedding table's column names and a type lookup.
     *
     * @param columns embedding table column names
     * @param typeOf  column name to type ({@code null} when unknown, e.g. a legacy CSV header)
     */
    static LangChainGeneration detect(List<String> columns, Function<String, String> typeOf) {
        if (columns.contains("id") && !columns.contains("uuid")) {
            return G2;
        }
        if (columns.contains("uuid")) {
            String type = typeOf.apply("cmetadata");
            return "jsonb".equals(type) ? G1B : G1;
        }
        return UNKNOWN;
    }

    String label() {
        return switch (this) {
            case G1 -> "G1 (langchain_community: uuid + custom_id, json)";
            case G1B -> "G1b (langchain_community with jsonb metadata)";
            case G2 -> "G2 (langchain-postgres: id varchar, jsonb)";
            case UNKNOWN -> "unknown";
        };
    }
}
