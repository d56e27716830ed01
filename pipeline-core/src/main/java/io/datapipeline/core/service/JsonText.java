package io.datapipeline.core.service;

/** JSON string literals, for the few JSON texts the core builds itself (training documents, metadata). */
final class JsonText {

    private JsonText() {
    }

    /** {@code "text"} with JSON escapes; non-ASCII is kept as is (like Python's ensure_ascii=False). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The document Vanna stores for a question-SQL pair: {@code {"question": "...", "sql": "..."}}. */
    static String questionSql(String question, String sql) {
        return "{\"question\": " + quote(question) + ", \"sql\": " + quote(sql) + "}";
    }
}
