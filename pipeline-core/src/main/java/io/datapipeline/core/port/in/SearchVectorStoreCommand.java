package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.Printable;
import java.util.List;

/**
 * One question to search, as the assistant would.
 *
 * @param collection {@code ddl}, {@code documentation} or {@code sql}
 * @param question   the user's question, embedded by the configured model
 * @param k          how many rows, 1 to {@value #MAX_K}
 */
public record SearchVectorStoreCommand(String collection, String question, int k) {

    /** The collections an assistant searches. */
    public static final List<String> COLLECTIONS = List.of("ddl", "documentation", "sql");
    public static final int DEFAULT_K = 5;
    public static final int MAX_K = 100;
    public static final int MAX_QUESTION = 10_000;

    public SearchVectorStoreCommand {
        if (collection == null || !COLLECTIONS.contains(collection)) {
            throw InvalidInputException.invalid("collection", "collection must be one of " + String.join(", ",
                    COLLECTIONS) + (collection == null ? "" : ", not '" + Printable.of(collection) + "'"));
        }
        if (question == null || question.isBlank()) {
            throw InvalidInputException.missing("question", "give the question to search for");
        }
        if (question.length() > MAX_QUESTION) {
            throw InvalidInputException.invalid("question", "the question has " + question.length()
                    + " characters; at most " + MAX_QUESTION + " are accepted");
        }
        if (k < 1 || k > MAX_K) {
            throw InvalidInputException.invalid("k", "k must be between 1 and " + MAX_K + ", not " + k);
        }
    }
}
