package io.datapipeline.cli.wiring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML a settings file needs: nested mappings of scalars, comments, quoted or plain values. Keys
 * are flattened with dots ({@code db: {url: x}} becomes {@code db.url=x}). Anything else (lists, anchors,
 * multi-line scalars) is refused with the line number.
 */
final class SimpleYaml {

    private SimpleYaml() {
    }

    static Map<String, String> flatten(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Integer> indents = new ArrayList<>();
        List<String> path = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]);
            if (line.isBlank() || line.trim().equals("---")) {
                continue;
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            if (line.charAt(indent) == '\t') {
                throw new IllegalArgumentException("line " + (i + 1) + ": tabs are not allowed for indentation");
            }
            String content = line.substring(indent).trim();
            if (content.startsWith("-") || content.startsWith("&") || content.startsWith("*") || content.startsWith("|")
                    || content.startsWith(">")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": only key: value mappings are supported");
            }
            int colon = content.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 'key: value'");
            }
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                path.remove(path.size() - 1);
            }
            String key = content.substring(0, colon).trim();
            String value = content.substring(colon + 1).trim();
            if (value.isEmpty()) {
                indents.add(indent);
                path.add(key);
                continue;
            }
            String full = path.isEmpty() ? key : String.join(".", path) + "." + key;
            out.put(full, unquote(value, i + 1));
        }
        return out;
    }

    private static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String value, int line) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        if (value.startsWith("\"") || value.startsWith("'") || value.startsWith("[") || value.startsWith("{")) {
            throw new IllegalArgumentException("line " + line + ": unsupported value " + value);
        }
        return value;
    }
}
