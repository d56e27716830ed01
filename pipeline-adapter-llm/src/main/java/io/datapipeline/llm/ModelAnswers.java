package io.datapipeline.llm;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model's JSON answer leniently: a {@code ```json} fence or prose around the object is dropped,
 * comments and trailing commas are tolerated, unknown keys are ignored. What cannot be read throws
 * {@link IllegalArgumentException} saying what was expected.
 */
final class ModelAnswers {

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private ModelAnswers() {
    }

    static JsonNode object(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("the answer is empty");
        }
        String text = answer.strip();
        int fence = text.indexOf("```");
        if (fence >= 0) {
            int start = text.indexOf('\n', fence);
            int end = text.indexOf("```", start < 0 ? fence + 3 : start);
            if (start >= 0 && end > start) {
                text = text.substring(start + 1, end).strip();
            }
        }
        int open = text.indexOf('{');
        int close = text.lastIndexOf('}');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("no JSON object in the answer");
        }
        try {
            JsonNode node = LENIENT.readTree(text.substring(open, close + 1));
            if (!node.isObject()) {
                throw new IllegalArgumentException("the answer is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the answer is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static List<LanguageModel.Theme> themes(String answer) {
        JsonNode root = object(answer);
        JsonNode themes = field(root, "themes");
        if (themes == null || !themes.isArray() || themes.isEmpty()) {
            throw new IllegalArgumentException("expected {\"themes\": [{\"name\", \"description\", \"tables\"}]}");
        }
        List<LanguageModel.Theme> result = new ArrayList<>();
        for (JsonNode t : themes) {
            String name = text(t, "name");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a theme has no name");
            }
            List<String> tables = new ArrayList<>();
            JsonNode tn = field(t, "tables");
            if (tn != null && tn.isArray()) {
                tn.forEach(x -> tables.add(x.asText()));
            } else if (tn != null && tn.isTextual()) {
                for (String s : tn.asText().split(",")) {
                    if (!s.isBlank()) {
                        tables.add(s.trim());
                    }
                }
            }
            result.add(new LanguageModel.Theme(name.strip(), orEmpty(text(t, "description")), tables));
        }
        return result;
    }

    static List<QuestionSqlPair> pairs(String answer) {
        JsonNode root = object(answer);
        JsonNode pairs = field(root, "pairs");
        if (pairs == null || !pairs.isArray()) {
            throw new IllegalArgumentException("expected {\"pairs\": [{\"question\", \"sql\"}]}");
        }
        List<QuestionSqlPair> result = new ArrayList<>();
        for (JsonNode p : pairs) {
            String q = text(p, "question");
            String sql = text(p, "sql");
            if (q == null || q.isBlank() || sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("a pair lacks its question or sql");
            }
            result.add(new QuestionSqlPair(q, sql));
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("the answer has no pairs");
        }
        return result;
    }

    static String sql(String answer) {
        String sql = text(object(answer), "sql");
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("expected {\"sql\": \"...\"}");
        }
        return sql;
    }

    static LanguageModel.CommentProposal comments(String answer) {
        JsonNode root = object(answer);
        Map<String, String> columns = new LinkedHashMap<>();
        JsonNode cols = field(root, "columns");
        if (cols != null && cols.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = cols.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                    columns.put(e.getKey(), e.getValue().asText().strip());
                }
            }
        }
        String table = text(root, "table_comment");
        if ((table == null || table.isBlank()) && columns.isEmpty()) {
            throw new IllegalArgumentException("expected {\"table_comment\": \"...\", \"columns\": {\"col\": \"comment\"}}");
        }
        return new LanguageModel.CommentProposal(table == null ? null : table.strip(), columns);
    }

    /** A field by name, case-insensitively. */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return node.get(f);
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
