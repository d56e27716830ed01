package io.datapipeline.core.fakes;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL-flavoured CSV for the fakes: NULL is an unquoted empty field, an empty string is {@code ""}.
 * Good enough for test data; the real adapters use COPY and commons-csv.
 */
public final class SimpleCsv {

    private SimpleCsv() {
    }

    /** Renders one record, ending with {@code \n}. */
    public static String line(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String v = values.get(i);
            if (v == null) {
                continue;
            }
            boolean quote = v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                    || v.indexOf('\r') >= 0;
            if (quote) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.append('\n').toString();
    }

    /** Parses records (LF or CRLF line ends); unquoted empty fields become {@code null}. */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        int n = text.length();
        if (n == 0) {
            return records;
        }
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                record.add(wasQuoted || field.length() > 0 ? field.toString() : null);
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                record.add(wasQuoted || field.length() > 0 ? field.toString() : null);
                field.setLength(0);
                wasQuoted = false;
                records.add(record);
                record = new ArrayList<>();
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                field.append(c);
            }
            i++;
        }
        if (field.length() > 0 || wasQuoted || !record.isEmpty()) {
            record.add(wasQuoted || field.length() > 0 ? field.toString() : null);
            records.add(record);
        }
        return records;
    }
}
