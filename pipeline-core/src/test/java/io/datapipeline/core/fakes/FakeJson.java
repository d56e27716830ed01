package io.datapipeline.core.fakes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text for {@link InMemoryTaskWorkspace} and for tests that read JSON files as it does, typed like the real
 * workspace's Jackson: written pretty with non-ASCII kept, read back with objects as {@link LinkedHashMap}
 * (document order), arrays as {@link ArrayList}, integers as Integer, Long or BigInteger and other numbers as
 * Double.
 */
public final class FakeJson {

    private final String s;
    private int i;

    private FakeJson(String s) {
        this.s = s;
    }

    /** Whether a document holds only what JSON can say (maps with string keys, lists, strings, numbers, booleans). */
    static boolean isPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return true;
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().allMatch(e -> e.getKey() instanceof String && isPlain(e.getValue()));
        }
        if (value instanceof List<?> l) {
            return l.stream().allMatch(FakeJson::isPlain);
        }
        return false;
    }

    /** Pretty-printed JSON of a plain document. */
    static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.toString();
    }

    /** One-line JSON of a plain document, with Python's separators ({@code ", "} and {@code ": "}). */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        writeCompact(sb, value);
        return sb.toString();
    }

    private static void writeCompact(StringBuilder sb, Object value) {
        if (value instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep);
                quote(sb, (String) e.getKey());
                sb.append(": ");
                writeCompact(sb, e.getValue());
                sep = ", ";
            }
            sb.append('}');
        } else if (value instanceof List<?> l) {
            sb.append('[');
            for (int k = 0; k < l.size(); k++) {
                sb.append(k > 0 ? ", " : "");
                writeCompact(sb, l.get(k));
            }
            sb.append(']');
        } else {
            write(sb, value, "");
        }
    }

    private static void write(StringBuilder sb, Object value, String indent) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String str) {
            quote(sb, str);
        } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            quote(sb, value.toString());
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{ }");
                return;
            }
            sb.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(indent).append("  ");
                quote(sb, (String) e.getKey());
                sb.append(" : ");
                write(sb, e.getValue(), indent + "  ");
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (value instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[ ]");
                return;
            }
            sb.append("[ ");
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) {
                    sb.append(", ");
                }
                write(sb, l.get(k), indent);
            }
            sb.append(" ]");
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void quote(StringBuilder sb, String str) {
        sb.append('"');
        for (int k = 0; k < str.length(); k++) {
            char c = str.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Parses JSON text strictly. */
    public static Object parse(String text) {
        FakeJson p = new FakeJson(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    private Object value() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek('}')) {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    ws();
                    m.put(k, value());
                    ws();
                    if (peek(',')) {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek(']')) {
                    i++;
                    return l;
                }
                while (true) {
                    ws();
                    l.add(value());
                    ws();
                    if (peek(',')) {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                word("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                word("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                word("null");
                return null;
            }
            default -> {
                return number();
            }
        }
    }

    private Object number() {
        int start = i;
        boolean fraction = false;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            fraction |= "eE.".indexOf(s.charAt(i)) >= 0;
            i++;
        }
        String t = s.substring(start, i);
        if (t.isEmpty()) {
            throw error("unexpected character");
        }
        try {
            if (fraction) {
                return Double.parseDouble(t);
            }
            BigInteger b = new BigInteger(t);
            if (b.bitLength() < 32) {
                return b.intValue();
            }
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("bad escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape");
            }
        }
    }

    private void word(String w) {
        if (!s.startsWith(w, i)) {
            throw error("expected " + w);
        }
        i += w.length();
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + i);
    }
}
