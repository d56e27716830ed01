package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.LanguageModelContract;
import io.datapipeline.core.port.out.LanguageModel;
import java.util.List;

/** The scripted fake honours the same contract as a chat model behind the OpenAI-compatible adapter. */
class ScriptedLanguageModelTest extends LanguageModelContract {

    private ScriptedLanguageModel model;

    @Override
    protected LanguageModel answering(List<Answer> answers) {
        model = new ScriptedLanguageModel();
        for (Answer a : answers) {
            if (a instanceof Themes t) {
                model.thenThemes(t.themes());
            } else if (a instanceof Pairs p) {
                model.thenPairs(p.pairs());
            } else if (a instanceof Sql s) {
                model.thenSql(s.sql());
            } else if (a instanceof Comments c) {
                model.thenComments(c.proposal());
            } else {
                model.thenUnusable(((Unusable) a).text());
            }
        }
        return model;
    }

    @Override
    protected List<String> userPromptsSent() {
        return model.prompts();
    }
}
