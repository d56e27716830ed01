package io.datapipeline.core.port.out;

import java.util.List;
import java.util.Map;

/**
 * A chat model that answers in JSON. The adapter sends the prompt, parses the answer leniently into
 * these shapes (a {@code ```json} fence is stripped, unknown keys ignored) and retries a malformed answer;
 * when it still cannot parse, it throws {@link ModelAnswerException} with the model's text.
 */
public interface LanguageModel {

    /** Human description of the endpoint and model, never with a key. */
    String describe();

    /**
     * This model with its calls reported to {@code observer} (usage, retries, waits); calls through the view share
     * everything else with this model (its endpoint, its limit of calls in flight). A model that reports nothing
     * returns itself.
     */
    default LanguageModel observedBy(ModelCallObserver observer) {
        return this;
    }

    /** Answer shape {@code {"themes": [{"name", "description", "tables": [...]}]}}. */
    List<Theme> proposeThemes(String systemPrompt, String userPrompt);

    /** Answer shape {@code {"pairs": [{"question", "sql"}]}}. */
    List<QuestionSqlPair> generatePairs(String systemPrompt, String userPrompt);

    /** Answer shape {@code {"sql": "..."}}. */
    String repairSql(String systemPrompt, String userPrompt);

    /** Answer shape {@code {"table_comment": "...", "columns": {"col": "comment"}}}. */
    CommentProposal proposeComments(String systemPrompt, String userPrompt);

    /**
     * An analysis theme.
     *
     * @param name        short name
     * @param description what it analyses
     * @param tables      tables it uses
     */
    record Theme(String name, String description, List<String> tables) {
        public Theme {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    /**
     * A proposed table comment and column comments.
     *
     * @param tableComment the table comment, or {@code null}
     * @param columns      column name to comment
     */
    record CommentProposal(String tableComment, Map<String, String> columns) {
        public CommentProposal {
            columns = columns == null ? Map.of() : Map.copyOf(columns);
        }
    }

    /** The model's answer could not be used, even after retries. The message contains the (trimmed) answer. */
    final class ModelAnswerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ModelAnswerException(String message) {
            super(message);
        }

        public ModelAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
