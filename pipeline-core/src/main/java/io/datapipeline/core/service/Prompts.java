package io.datapipeline.core.service;

/** The instructions given to the language model; each asks for exactly one JSON shape. */
final class Prompts {

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
}
