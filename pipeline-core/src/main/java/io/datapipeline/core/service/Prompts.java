package io.datapipeline.core.service;

import io.datapipeline.core.port.out.SchemaInspector;
import java.util.List;
import java.util.Map;

/** The instructions given to the language model; each asks for exactly one JSON shape. */
final class Prompts {

    /**
     * The version of these instructions, recorded with every unit checkpoint: a resumed run asks again for the units
     * an older version produced. Change it whenever a prompt changes.
     */
    static final String VERSION = "2";

    static final String COMMENTS_SYSTEM = "You document database tables for analysts. Propose a short table comment "
            + "and a short comment for every column that lacks one, from the names, types and sample rows. "
            + "Answer with JSON only: {\"table_comment\": \"...\", \"columns\": {\"<column>\": \"<comment>\"}}.";

    static final String THEMES_SYSTEM = "You are a data analyst. From the table documentation, propose analysis "
            + "themes a business user would ask about. Answer with JSON only: "
            + "{\"themes\": [{\"name\": \"...\", \"description\": \"...\", \"tables\": [\"table\", ...]}]}.";

    static final String PAIRS_SYSTEM = "You write PostgreSQL for analysts. For the theme, write questions a business "
            + "user would ask and one SELECT statement answering each, using only the documented tables and columns "
            + "(schema-qualify tables outside public). Answer with JSON only: "
            + "{\"pairs\": [{\"question\": \"...\", \"sql\": \"SELECT ...;\"}]}.";

    static final String REPAIR_SYSTEM = "You fix PostgreSQL queries. Given the question, the failing SQL, the error "
            + "and the table documentation, return a corrected SELECT that answers the question. Answer with JSON "
            + "only: {\"sql\": \"SELECT ...;\"}.";

    static final String QUESTION_SYSTEM = "You explain SQL to business users. Write the question this SQL answers. "
            + "Answer with JSON only: {\"pairs\": [{\"question\": \"...\", \"sql\": \"<the SQL unchanged>\"}]}.";

    private Prompts() {
    }

    /** The user prompt asking for a table's missing comments. */
    static String comments(SchemaInspector.TableDescription d, List<Map<String, String>> samples,
            String businessContext) {
        StringBuilder user = new StringBuilder("Business context: ").append(businessContext)
                .append("\nTable: ").append(DdlRenderer.display(d.table()));
        if (d.comment() != null) {
            user.append(" (").append(d.comment()).append(')');
        }
        user.append("\nColumns:\n");
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            user.append("- ").append(c.name()).append(' ').append(c.type());
            if (c.comment() != null) {
                user.append(" -- ").append(c.comment());
            }
            user.append('\n');
        }
        user.append("Sample rows:\n");
        samples.stream().limit(5).forEach(r -> user.append(r).append('\n'));
        return user.toString();
    }

    /** The user prompt asking for the analysis themes. */
    static String themes(String businessContext, int themeCount, String documents) {
        return "Business context: " + businessContext + "\nPropose " + themeCount + " themes.\n\nTable documentation:\n"
                + documents;
    }

    /** The user prompt asking for one theme's question-SQL pairs. */
    static String pairs(String businessContext, String name, String description, List<String> tables,
            int questions, String documents) {
        return "Business context: " + businessContext + "\nTheme: " + name + " - " + description + "\nTables: "
                + tables + "\nWrite " + questions + " question-SQL pairs.\n\nTable documentation:\n" + documents;
    }
}
