package io.datapipeline.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.core.contract.LanguageModelContract;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.llm.testing.FakeModelServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The OpenAI-compatible chat adapter, on a local model server, honours the same contract as the scripted fake. */
class OpenAiChatModelContractTest extends LanguageModelContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected LanguageModel answering(List<Answer> answers) {
        Deque<String> texts = new ArrayDeque<>();
        answers.forEach(a -> texts.add(text(a)));
        server.answerChat(body -> {
            synchronized (texts) {
                return texts.isEmpty() ? "{}" : texts.poll();
            }
        });
        // no second asking after an unusable answer: one answer per call, as the contract scripts them
        return new OpenAiChatModel(ModelEndpoint.of(server.baseUrl(), "test-model", "sk-test")
                .withTimeouts(Duration.ofSeconds(5), 0, Duration.ofMillis(1)), 0);
    }

    @Override
    protected List<String> userPromptsSent() {
        return server.requests().stream().map(r -> FakeModelServer.user(r.body())).toList();
    }

    /** The model's text for an answer: JSON in the shape the prompts ask for. */
    private static String text(Answer answer) {
        ObjectNode root = JSON.createObjectNode();
        if (answer instanceof Themes t) {
            ArrayNode themes = root.putArray("themes");
            for (LanguageModel.Theme theme : t.themes()) {
                ObjectNode n = themes.addObject().put("name", theme.name()).put("description", theme.description());
                theme.tables().forEach(n.putArray("tables")::add);
            }
        } else if (answer instanceof Pairs p) {
            ArrayNode pairs = root.putArray("pairs");
            for (QuestionSqlPair pair : p.pairs()) {
                pairs.addObject().put("question", pair.question()).put("sql", pair.sql());
            }
        } else if (answer instanceof Sql s) {
            root.put("sql", s.sql());
        } else if (answer instanceof Comments c) {
            root.put("table_comment", c.proposal().tableComment());
            ObjectNode columns = root.putObject("columns");
            c.proposal().columns().forEach(columns::put);
        } else {
            return ((Unusable) answer).text();
        }
        return root.toString();
    }
}
