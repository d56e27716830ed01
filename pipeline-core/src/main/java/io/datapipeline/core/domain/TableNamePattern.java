package io.datapipeline.core.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A filter on table names as the original's {@code table_name_pattern} was written: {@code *} (or LIKE's {@code %})
 * matches any run of characters, {@code ?} one character, everything else itself; case does not matter. Unlike a
 * LIKE pattern, {@code _} is an underscore, so {@code ods_*} means what it says.
 *
 * @param text the pattern as given
 */
public record TableNamePattern(String text) {

    private static final int MAX_LENGTH = 200;

    public TableNamePattern {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.invalid("table_name_pattern", "table_name_pattern must not be empty; leave it "
                    + "out to list every table");
        }
        InputText.line("table_name_pattern", text, MAX_LENGTH);
        text = text.strip();
    }

    /** Whether the table's own name (without its schema) matches. */
    public boolean matches(TableName table) {
        return regex().matcher(table.name().toLowerCase(Locale.ROOT)).matches();
    }

    private Pattern regex() {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*' || c == '%' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '?' ? "." : ".*");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
