package io.datapipeline.core.port.out;

import java.util.Objects;

/**
 * A natural-language question and the SQL that answers it, the unit of the pairs file.
 *
 * @param question the question
 * @param sql      the SQL
 */
public record QuestionSqlPair(String question, String sql) {

    public QuestionSqlPair {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
    }
}
