package io.datapipeline.core.retrieval;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which table a training row is about. The pair's own tables come from the database's plan; the rows it is compared
 * with are our own texts: a DDL row is one {@code CREATE TABLE} statement (its name is read from it), a
 * documentation row is about every table it names as a word.
 */
public final class TrainingTables {

    private static final Pattern CREATE = Pattern.compile("(?is)\\bcreate\\s+(?:(?:global|local)\\s+)?"
            + "(?:(?:temporary|temp|unlogged)\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?((?:\"[^\"]+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)"
            + "(?:\\s*\\.\\s*(?:\"[^\"]+\"|[\\p{L}_][\\p{L}\\p{N}_$]*))?)");

    private TrainingTables() {
    }

    /** The table a DDL text creates ({@code schema.table} or {@code table}, lower case), if it creates one. */
    public static Optional<String> createdBy(String ddl) {
        Matcher m = CREATE.matcher(ddl);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1).replace("\"", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT));
    }

    /** The table's name without its schema. */
    public static String bare(String table) {
        int dot = table.lastIndexOf('.');
        return dot < 0 ? table : table.substring(dot + 1);
    }

    /** Same table: equal names, compared without the schema when one of them has none. */
    public static boolean same(String a, String b) {
        if (a.contains(".") && b.contains(".")) {
            return a.equalsIgnoreCase(b);
        }
        return bare(a).equalsIgnoreCase(bare(b));
    }

    /** Whether a text names the table (its name without schema, not inside a longer identifier, any case). */
    public static boolean mentions(String text, String table) {
        String name = bare(table);
        // word characters of identifiers only: Chinese text right next to a name ("bss_company表") still names it
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(name) + "(?![A-Za-z0-9_$])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
        return m.find();
    }
}
