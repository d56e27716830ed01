package io.datapipeline.core.fakes;

import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A language model with scripted answers; records the user prompts it was given. Queued answers
 * ({@link #thenThemes}, {@link #thenPairs}, {@link #thenSql}, {@link #thenComments}, {@link #thenUnusable}) are
 * given one per call, in order, whatever was asked; an answer of another shape than the call wants, or one without
 * themes or pairs, is unusable, as with a real model ({@code LanguageModelContract}). With the queue empty, the
 * fixed answers of the constructor are given.
 */
public final class ScriptedLanguageModel implements LanguageModel {

    private final List<Theme> themes;
    private final List<QuestionSqlPair> pairs;
    private final String repairedSql;
    private final Deque<Object> queue = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();

    /** Text that is no usable answer. */
    private record Unusable(String text) {
    }

    /** Answers from the queue only. */
    public ScriptedLanguageModel() {
        this(List.of(), List.of(), null);
    }

    /** The same answers every time (after the queue is used up); {@code repairedSql} null means no repair. */
    public ScriptedLanguageModel(List<Theme> themes, List<QuestionSqlPair> pairs, String repairedSql) {
        this.themes = List.copyOf(themes);
        this.pairs = List.copyOf(pairs);
        this.repairedSql = repairedSql;
    }

    public synchronized ScriptedLanguageModel thenThemes(List<Theme> answer) {
        queue.add(new Themes(List.copyOf(answer)));
        return this;
    }

    public synchronized ScriptedLanguageModel thenPairs(List<QuestionSqlPair> answer) {
        queue.add(new Pairs(List.copyOf(answer)));
        return this;
    }

    public synchronized ScriptedLanguageModel thenSql(String answer) {
        queue.add(new Sql(answer));
        return this;
    }

    public synchronized ScriptedLanguageModel thenComments(CommentProposal answer) {
        queue.add(answer);
        return this;
    }

    /** The next call gets text the adapter cannot use: it fails with {@link ModelAnswerException} quoting it. */
    public synchronized ScriptedLanguageModel thenUnusable(String text) {
        queue.add(new Unusable(text));
        return this;
    }

    private record Themes(List<Theme> themes) {
    }

    private record Pairs(List<QuestionSqlPair> pairs) {
    }

    private record Sql(String sql) {
    }

    /** User prompts, in the order the calls came. */
    public synchronized List<String> prompts() {
        return List.copyOf(prompts);
    }

    @Override
    public String describe() {
        return "scripted model";
    }

    @Override
    public synchronized List<Theme> proposeThemes(String systemPrompt, String userPrompt) {
        prompts.add(userPrompt);
        Themes t = next(Themes.class, "themes");
        List<Theme> answer = t == null ? themes : t.themes();
        if (answer.isEmpty()) {
            throw unusable("themes", "{\"themes\": []}");
        }
        return answer;
    }

    @Override
    public synchronized List<QuestionSqlPair> generatePairs(String systemPrompt, String userPrompt) {
        prompts.add(userPrompt);
        Pairs p = next(Pairs.class, "question-SQL pairs");
        List<QuestionSqlPair> answer = p == null ? pairs : p.pairs();
        if (answer.isEmpty()) {
            throw unusable("question-SQL pairs", "{\"pairs\": []}");
        }
        return answer;
    }

    @Override
    public synchronized String repairSql(String systemPrompt, String userPrompt) {
        prompts.add(userPrompt);
        Sql s = next(Sql.class, "repaired SQL");
        String answer = s == null ? repairedSql : s.sql();
        if (answer == null || answer.isBlank()) {
            throw unusable("repaired SQL", "no repair scripted");
        }
        return answer;
    }

    @Override
    public synchronized CommentProposal proposeComments(String systemPrompt, String userPrompt) {
        prompts.add(userPrompt);
        CommentProposal c = next(CommentProposal.class, "comments");
        return c == null ? new CommentProposal("proposed table comment", Map.of()) : c;
    }

    /** The next queued answer if it has the wanted shape; null when the queue is empty; unusable otherwise. */
    private <T> T next(Class<T> shape, String what) {
        Object answer = queue.poll();
        if (answer == null) {
            return null;
        }
        if (answer instanceof Unusable u) {
            throw unusable(what, u.text());
        }
        if (!shape.isInstance(answer)) {
            throw unusable(what, String.valueOf(answer));
        }
        return shape.cast(answer);
    }

    private static ModelAnswerException unusable(String what, String answer) {
        return new ModelAnswerException("the model's answer for " + what + " could not be used; last answer: " + answer);
    }
}
