package io.datapipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.ModelCallObserver;
import io.datapipeline.core.port.out.QuestionSqlPair;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible chat model ({@code POST {base}/chat/completions}): OpenAI, DeepSeek, Qwen
 * (DashScope compatible mode), vLLM, Ollama's {@code /v1}… The answer must be JSON; an answer that cannot
 * be read is asked for again, then reported with the model's (trimmed) text. One instance is one endpoint: its
 * {@link EndpointLimiter} bounds the requests in flight for every caller, and the views {@link #observedBy} hands out
 * share it. Each answer's {@code usage} (prompt and completion tokens) is told to the view's observer.
 */
public final class OpenAiChatModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatModel.class);

    private final ModelEndpoint endpoint;
    private final JsonHttp http;
    private final int answerRetries;
    private final ModelCallObserver observer;

    /**
     * With {@link io.datapipeline.core.domain.GenerationOptions#DEFAULT_CONCURRENCY} requests in flight at most.
     *
     * @param endpoint      the chat endpoint
     * @param answerRetries how many times a malformed answer is asked for again
     */
    public OpenAiChatModel(ModelEndpoint endpoint, int answerRetries) {
        this(endpoint, answerRetries, io.datapipeline.core.domain.GenerationOptions.DEFAULT_CONCURRENCY);
    }

    /** @param concurrency requests in flight at most, for every caller ({@code PIPELINE_LLM_CONCURRENCY}) */
    public OpenAiChatModel(ModelEndpoint endpoint, int answerRetries, int concurrency) {
        this(endpoint, new JsonHttp(endpoint, new EndpointLimiter(concurrency)), answerRetries, ModelCallObserver.NONE);
    }

    private OpenAiChatModel(ModelEndpoint endpoint, JsonHttp http, int answerRetries, ModelCallObserver observer) {
        this.endpoint = endpoint;
        this.http = http;
        this.answerRetries = answerRetries;
        this.observer = observer;
    }

    @Override
    public LanguageModel observedBy(ModelCallObserver o) {
        return new OpenAiChatModel(endpoint, http, answerRetries, o);
    }

    /** The endpoint's limiter (tests). */
    EndpointLimiter limiter() {
        return http.limiter();
    }

    @Override
    public String describe() {
        return "OpenAI-compatible chat model " + endpoint.describe();
    }

    @Override
    public List<Theme> proposeThemes(String systemPrompt, String userPrompt) {
        return ask(systemPrompt, userPrompt, ModelAnswers::themes, "themes");
    }

    @Override
    public List<QuestionSqlPair> generatePairs(String systemPrompt, String userPrompt) {
        return ask(systemPrompt, userPrompt, ModelAnswers::pairs, "question-SQL pairs");
    }

    @Override
    public String repairSql(String systemPrompt, String userPrompt) {
        return ask(systemPrompt, userPrompt, ModelAnswers::sql, "repaired SQL");
    }

    @Override
    public CommentProposal proposeComments(String systemPrompt, String userPrompt) {
        return ask(systemPrompt, userPrompt, ModelAnswers::comments, "comments");
    }

    private <T> T ask(String system, String user, Function<String, T> parse, String what) {
        String answer = null;
        IllegalArgumentException problem = null;
        for (int attempt = 0; attempt <= answerRetries; attempt++) {
            answer = complete(system, user);
            try {
                return parse.apply(answer);
            } catch (IllegalArgumentException e) {
                problem = e;
                LOG.warn("model answer for {} could not be used ({}); attempt {} of {}", what, e.getMessage(),
                        attempt + 1, answerRetries + 1);
                if (attempt < answerRetries) {
                    observer.retrying("the answer for " + what + " could not be used");
                }
            }
        }
        throw new ModelAnswerException("the model's answer for " + what + " could not be used after "
                + (answerRetries + 1) + " attempts (" + problem.getMessage() + "); last answer: "
                + JsonHttp.trim(answer), problem);
    }

    /** One chat completion; returns the assistant's text. */
    String complete(String system, String user) {
        Map<String, Object> body = Map.of("model", endpoint.model(), "temperature", 0.2, "messages", List.of(
                Map.of("role", "system", "content", system), Map.of("role", "user", "content", user)));
        JsonNode response = http.post("/chat/completions", body, observer);
        JsonNode usage = response.path("usage");
        observer.answered(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
        JsonNode content = response.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new ModelCallException("model endpoint " + endpoint.baseUrl()
                    + "/chat/completions answered without choices[0].message.content: " + JsonHttp.trim(response.toString()));
        }
        return content.asText();
    }
}
