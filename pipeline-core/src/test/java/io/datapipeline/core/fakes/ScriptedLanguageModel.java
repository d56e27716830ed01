package io.datapipeline.core.fakes;

import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A language model with fixed answers; records the prompts it was given. */
public final class ScriptedLanguageModel implements LanguageModel {

    private final List<Theme> themes;
    private final List<QuestionSqlPair> pairs;
    private final String repairedSql;
    private final List<String> prompts = new ArrayList<>();

    public ScriptedLanguageModel(List<Theme> themes, List<QuestionSqlPair> pairs, String repairedSql) {
        this.themes = List.copyOf(themes);
        this.pairs = List.copyOf(pairs);
        this.repairedSql = repairedSql;
    }

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
        return themes;
    }

    @Override
    public synchronized List<QuestionSqlPair> generatePairs(String systemPrompt, String userPrompt) {
        prompts.add(userPrompt);
        return pairs;
    }

    @Override
    public synchronized String repairSql(String systemPrompt, String userPrompt) {
        prompts.add(userPrompt);
        if (repairedSql == null) {
            throw new ModelAnswerException("no repair scripted");
        }
        return repairedSql;
    }

    @Override
    public synchronized CommentProposal proposeComments(String systemPrompt, String userPrompt) {
        prompts.add(userPrompt);
        return new CommentProposal("proposed table comment", Map.of());
    }
}
