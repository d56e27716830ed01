package io.datapipeline.rest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.core.domain.InvalidInputException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request body read strictly: JSON only ({@code Content-Type} checked), an object at the top, no unknown
 * fields, and every value of the type it must have ({@code "false"} is not a boolean). Each violation is an
 * {@link InvalidInputException} naming the field.
 */
final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /**
     * Parses the body of a request that may be empty (then all fields take their defaults).
     *
     * @param allowed the fields this endpoint knows
     */
    static JsonBody parse(HttpRequest<?> request, String body, Set<String> allowed) {
        boolean empty = body == null || body.isBlank();
        if (!empty) {
            Optional<MediaType> type = request.getContentType();
            if (type.isEmpty() || !type.get().getName().equals(MediaType.APPLICATION_JSON)) {
                throw InvalidInputException.invalid("Content-Type", "send the body as JSON with "
                        + "Content-Type: application/json (got " + type.map(MediaType::toString).orElse("none") + ")");
            }
        }
        JsonNode node;
        try {
            node = empty ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            throw InvalidInputException.invalid("body", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw InvalidInputException.invalid("body", "the body must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            throw InvalidInputException.invalid(unknown.get(0), "unknown field(s) " + unknown + "; allowed: "
                    + new java.util.TreeSet<>(allowed));
        }
        return new JsonBody(node);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw InvalidInputException.invalid(field, field + " must be true or false (a JSON boolean, not "
                    + v.getNodeType().name().toLowerCase() + " " + v + ")");
        }
        return v.booleanValue();
    }

    /** The boolean, or {@code null} when the field is absent or null (the core applies its default). */
    Boolean boolOrNull(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : bool(field, false);
    }

    String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw InvalidInputException.invalid(field, field + " must be a string");
        }
        return v.textValue();
    }

    /** A filter's value: the string, or {@code null} when absent, null or blank (the original skipped empty filters). */
    String filter(String field) {
        String v = string(field);
        return v == null || v.isBlank() ? null : v;
    }

    String requiredString(String field) {
        String v = string(field);
        if (v == null || v.isBlank()) {
            throw InvalidInputException.missing(field, field + " is required");
        }
        return v;
    }

    int integer(String field, int fallback, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw InvalidInputException.invalid(field, field + " must be a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }

    /** A whole number, or {@code null} when the field is absent or null (the core checks its range). */
    Integer integerOrNull(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw InvalidInputException.invalid(field, field + " must be a whole number (a JSON number, not "
                    + v.getNodeType().name().toLowerCase() + " " + v + ")");
        }
        return v.intValue();
    }

    /** A list of strings; a comma-separated string is accepted when {@code allowCsv}. */
    List<String> strings(String field, boolean allowCsv) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode x : v) {
                if (!x.isTextual()) {
                    throw InvalidInputException.invalid(field, field + " must be an array of strings");
                }
                out.add(x.textValue());
            }
            return out;
        }
        if (allowCsv && v.isTextual()) {
            for (String s : v.textValue().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
            return out;
        }
        throw InvalidInputException.invalid(field, field + " must be an array of strings");
    }

    /**
     * Criteria such as the retrieval gate's: a {@code "metric@k=value"} string (comma separated for several), an
     * array of them, or an object {@code {"metric@k": value}}; {@code null} when absent.
     */
    List<String> criteria(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            List<String> out = new ArrayList<>();
            v.fields().forEachRemaining(e -> {
                if (!e.getValue().isNumber()) {
                    throw InvalidInputException.invalid(field, field + "." + e.getKey() + " must be a number from 0 to 1");
                }
                out.add(e.getKey() + "=" + e.getValue().asText());
            });
            return out;
        }
        if (v.isTextual() || v.isArray()) {
            return strings(field, true);
        }
        throw InvalidInputException.invalid(field, field + " must be a string such as \"ddl_hit@3=0.8\", an array of "
                + "them, or an object such as {\"ddl_hit@3\": 0.8}");
    }

    /** A number or a string, as text; {@code null} when absent. */
    String numberOrString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asText();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw InvalidInputException.invalid(field, field + " must be a number from 0 to 1, or a string such as "
                + "\"ddl_hit@3=0.05\"");
    }
}
