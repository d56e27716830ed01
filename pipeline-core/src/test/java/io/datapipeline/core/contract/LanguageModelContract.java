package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.LanguageModel.CommentProposal;
import io.datapipeline.core.port.out.LanguageModel.ModelAnswerException;
import io.datapipeline.core.port.out.LanguageModel.Theme;
import io.datapipeline.core.port.out.QuestionSqlPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LanguageModel} must do, run against the scripted fake and the OpenAI-compatible adapter (on a
 * local model server): each call sends its prompt and turns the model's next answer into the call's shape; an
 * answer it cannot use is a {@link ModelAnswerException} quoting the answer, never an empty result.
 */
public abstract class LanguageModelContract {

    /** What the model answers to one call, in the shape of one of the four questions, or unusable text. */
    public sealed interface Answer {
    }

    public record Themes(List<Theme> themes) implements Answer {
    }

    public record Pairs(List<QuestionSqlPair> pairs) implements Answer {
    }

    public record Sql(String sql) implements Answer {
    }

    public record Comments(CommentProposal proposal) implements Answer {
    }

    /** Text that is no JSON answer at all. */
    public record Unusable(String text) implements Answer {
    }

    /**
     * A model whose endpoint gives these answers, one per call, in order (and nothing usable after them). A
     * real adapter is configured not to ask again after an unusable answer, so each call uses one answer.
     */
    protected abstract LanguageModel answering(List<Answer> answers);

    /** The user prompts the model was sent, in order. */
    protected abstract List<String> userPromptsSent();

    private static final List<Theme> THEMES = List.of(new Theme("Revenue", "money per day", List.of("orders", "shops")),
            new Theme("Customers", "who buys", List.of("customers")));
    private static final List<QuestionSqlPair> PAIRS = List.of(new QuestionSqlPair("How many shops?",
            "SELECT count(*) FROM shops"), new QuestionSqlPair("收入最高的城市？", "SELECT city FROM orders\nGROUP BY city\n"
                    + "ORDER BY sum(total) DESC LIMIT 1"));

    @Test
    void givenOneAnswerOfEachShape_whenTheFourQuestionsAreAsked_thenEachGetsItsAnswerAndEveryPromptIsSent() {
        LanguageModel model = answering(List.of(new Themes(THEMES), new Pairs(PAIRS), new Sql("SELECT id FROM shops"),
                new Comments(new CommentProposal("Shops of the chain", Map.of("city", "City of the shop")))));

        assertThat(model.proposeThemes("system", "themes please")).isEqualTo(THEMES);
        assertThat(model.generatePairs("system", "pairs please")).isEqualTo(PAIRS);
        assertThat(model.repairSql("system", "repair please")).isEqualTo("SELECT id FROM shops");
        assertThat(model.proposeComments("system", "comments please"))
                .isEqualTo(new CommentProposal("Shops of the chain", Map.of("city", "City of the shop")));
        assertThat(userPromptsSent()).containsExactly("themes please", "pairs please", "repair please",
                "comments please");
        assertThat(model.describe()).isNotBlank();
    }

    @Test
    void givenTwoAnswersToTheSameQuestion_whenAskedTwice_thenTheAnswersComeInOrder() {
        List<QuestionSqlPair> second = List.of(new QuestionSqlPair("Oldest order?", "SELECT min(id) FROM orders"));
        LanguageModel model = answering(List.of(new Pairs(PAIRS), new Pairs(second)));

        assertThat(model.generatePairs("s", "first theme")).isEqualTo(PAIRS);
        assertThat(model.generatePairs("s", "second theme")).isEqualTo(second);
        assertThat(userPromptsSent()).containsExactly("first theme", "second theme");
    }

    @Test
    void givenCommentsForColumnsOnly_whenAsked_thenThereIsNoTableComment() {
        LanguageModel model = answering(List.of(new Comments(new CommentProposal(null, Map.of("city", "City")))));

        assertThat(model.proposeComments("s", "u")).isEqualTo(new CommentProposal(null, Map.of("city", "City")));
    }

    @Test
    void givenAnAnswerThatIsNoJson_whenAsked_thenModelAnswerExceptionQuotesIt() {
        LanguageModel model = answering(List.of(new Unusable("I am sorry, I cannot answer that")));

        assertThatThrownBy(() -> model.repairSql("s", "u")).isInstanceOf(ModelAnswerException.class)
                .hasMessageContaining("I am sorry, I cannot answer that");
    }

    @Test
    void givenAnAnswerOfAnotherShape_whenAsked_thenItIsNotUsable() {
        LanguageModel model = answering(List.of(new Sql("SELECT 1"), new Themes(THEMES)));

        assertThatThrownBy(() -> model.generatePairs("s", "u")).isInstanceOf(ModelAnswerException.class);
        assertThatThrownBy(() -> model.repairSql("s", "u")).isInstanceOf(ModelAnswerException.class);
    }

    @Test
    void givenAnswersWithoutThemesOrPairs_whenAsked_thenTheyAreNotUsableRatherThanEmpty() {
        LanguageModel model = answering(List.of(new Themes(List.of()), new Pairs(List.of())));

        assertThatThrownBy(() -> model.proposeThemes("s", "u")).isInstanceOf(ModelAnswerException.class);
        assertThatThrownBy(() -> model.generatePairs("s", "u")).isInstanceOf(ModelAnswerException.class);
    }
}
