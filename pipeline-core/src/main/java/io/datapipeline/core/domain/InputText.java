package io.datapipeline.core.domain;

/**
 * The rules for text a caller gives that ends up stored or in a query: no control characters (PostgreSQL refuses
 * {@code \u0000} in text, and the others are never meant in a name) and at most as many characters as its column
 * holds. Lengths count characters as PostgreSQL does (code points), not UTF-16 units.
 */
public final class InputText {

    private InputText() {
    }

    /**
     * A one-line value (a name, a filter): no control character at all.
     *
     * @param field     the input field, named in the error
     * @param value     the value, or {@code null}
     * @param maxLength the largest number of characters accepted
     * @return {@code value}
     */
    public static String line(String field, String value, int maxLength) {
        return check(field, field, value, maxLength, false);
    }

    /**
     * A one-line value that is part of a field (the database name of a connection string).
     *
     * @param what how the message names the value, e.g. {@code the database name of db_connection}
     */
    public static String line(String field, String what, String value, int maxLength) {
        return check(field, what, value, maxLength, false);
    }

    /**
     * Free text (a business context): line breaks and tabs are fine, other control characters are not.
     *
     * @param maxLength the largest number of characters accepted, or {@code Integer.MAX_VALUE}
     */
    public static String text(String field, String value, int maxLength) {
        return check(field, field, value, maxLength, true);
    }

    private static String check(String field, String what, String value, int maxLength, boolean multiLine) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                throw InvalidInputException.invalid(field, what + " contains a control character (U+"
                        + String.format("%04X", (int) c) + " at position " + (i + 1) + "); remove it"
                        + (multiLine ? " (line breaks and tabs are fine)" : ""));
            }
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw InvalidInputException.invalid(field, what + " is at most " + maxLength + " characters (got "
                    + length + ")");
        }
        return value;
    }
}
