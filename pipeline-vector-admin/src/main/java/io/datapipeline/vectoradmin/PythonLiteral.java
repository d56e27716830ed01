package io.datapipeline.vectoradmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads the Python literal the original tool wrote for {@code json}/{@code jsonb} values
 * ({@code str(dict)}: {@code {'id': 'x', 'ok': True, 'n': None}}) and turns it into JSON text.
 * Supports dicts, lists, tuples, strings with Python escapes, ints, floats, True, False and None.
 */
final class PythonLiteral {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /**
     * @return the value as compact JSON text
     * @throws IllegalArgumentException naming the position when {@code literal} is not a Python literal
     */
    static String toJson(String literal) {
        PythonLiteral p = new PythonLiteral(literal);
        JsonNode node = p.value();
        p.skipSpace();
        if (p.pos != p.text.length()) {
            throw p.error("unexpected text after the value");
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** True when {@code text} parses as JSON. */
    static boolean isJson(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("value expected");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict();
            case '[':
                return sequence(']');
            case '(':
                return sequence(')');
            case '\'':
            case '"':
                return NODES.textNode(string());
            default:
                break;
        }
        if ((c == 'u' || c == 'U' || c == 'r' || c == 'R') && pos + 1 < text.length()
                && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
            boolean raw = c == 'r' || c == 'R';
            pos++;
            return NODES.textNode(raw ? rawString() : string());
        }
        if (text.startsWith("True", pos)) {
            pos += 4;
            return NODES.booleanNode(true);
        }
        if (text.startsWith("False", pos)) {
            pos += 5;
            return NODES.booleanNode(false);
        }
        if (text.startsWith("None", pos)) {
            pos += 4;
            return NODES.nullNode();
        }
        return number();
    }

    private JsonNode dict() {
        ObjectNode obj = NODES.objectNode();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return obj;
        }
        while (true) {
            JsonNode key = value();
            skipSpace();
            expect(':');
            JsonNode v = value();
            obj.set(key.isTextual() ? key.textValue() : key.toString(), v);
            skipSpace();
            char c = next();
            if (c == '}') {
                return obj;
            }
            if (c != ',') {
                throw error("',' or '}' expected");
            }
            skipSpace();
            if (peek() == '}') {
                pos++;
                return obj;
            }
        }
    }

    private JsonNode sequence(char close) {
        ArrayNode arr = NODES.arrayNode();
        pos++;
        skipSpace();
        if (peek() == close) {
            pos++;
            return arr;
        }
        while (true) {
            arr.add(value());
            skipSpace();
            char c = next();
            if (c == close) {
                return arr;
            }
            if (c != ',') {
                throw error("',' or '" + close + "' expected");
            }
            skipSpace();
            if (peek() == close) {
                pos++;
                return arr;
            }
        }
    }

    private String rawString() {
        char quote = next();
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            sb.append(c);
        }
        throw error("unterminated string");
    }

    private String string() {
        char quote = next();
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'a' -> sb.append('\u0007');
                case 'v' -> sb.append('\u000b');
                case '0' -> sb.append('\0');
                case '\\', '\'', '"' -> sb.append(e);
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.append((char) hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                case '\n' -> { }
                default -> sb.append('\\').append(e);
            }
        }
        throw error("unterminated string");
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw error("truncated escape");
        }
        try {
            int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("bad escape");
        }
    }

    private JsonNode number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || "._eE+-".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        String n = text.substring(start, pos).replace("_", "");
        if (n.isEmpty() || n.equals("-") || n.equals("+")) {
            throw error("value expected");
        }
        try {
            if (n.contains(".") || n.contains("e") || n.contains("E")) {
                return NODES.numberNode(new BigDecimal(n));
            }
            return NODES.numberNode(new BigInteger(n));
        } catch (NumberFormatException e) {
            throw error("not a number: " + n);
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("'" + c + "' expected");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos);
    }
}
