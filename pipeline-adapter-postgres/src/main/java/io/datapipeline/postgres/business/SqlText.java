package io.datapipeline.postgres.business;

/** Scans SQL text for statement boundaries outside quotes, dollar quotes and comments. */
final class SqlText {

    private SqlText() {
    }

    /**
     * @return the statement without trailing semicolons, or {@code null} when the text holds more than one
     *         statement or none
     */
    static String singleStatement(String sql) {
        int n = sql.length();
        int i = 0;
        int end = -1;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '$') {
                int tagEnd = sql.indexOf('$', i + 1);
                if (tagEnd > i && sql.substring(i + 1, tagEnd).matches("[A-Za-z_0-9]*")) {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                } else {
                    i++;
                }
            } else if (c == ';') {
                if (end < 0) {
                    end = i;
                }
                i++;
            } else {
                if (end >= 0 && !Character.isWhitespace(c)) {
                    return null;
                }
                i++;
            }
        }
        String body = (end < 0 ? sql : sql.substring(0, end)).strip();
        return body.isEmpty() ? null : body;
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
