package io.datapipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.ModelCallObserver;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.llm.testing.FakeModelServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiChatModelTest {

    private static final String KEY = "sk-test-SECRET-123";
    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatModel model() {
        return new OpenAiChatModel(ModelEndpoint.of(server.baseUrl(), "test-model", KEY)
                .withTimeouts(Duration.ofSeconds(5), 2, Duration.ofMillis(10)), 1);
    }

    @Test
    void givenAFencedJsonAnswerWithExtraKeys_whenAskingForThemes_thenTheyAreParsedAndTheKeyIsSent() {
        server.answerChat(body -> "Sure! Here you go:\n```json\n{\"themes\": [{\"name\": \"Revenue\", \"description\": "
                + "\"money\", \"tables\": [\"sales_order\"], \"extra\": 1}], \"note\": \"ignored\"}\n```");

        List<LanguageModel.Theme> themes = model().proposeThemes("system", "user");

        assertThat(themes).containsExactly(new LanguageModel.Theme("Revenue", "money", List.of("sales_order")));
        FakeModelServer.Request r = server.requests().get(0);
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.body().path("model").asText()).isEqualTo("test-model");
        assertThat(FakeModelServer.system(r.body())).isEqualTo("system");
    }

    @Test
    void givenAMalformedAnswerFirst_whenAskingForPairs_thenItIsAskedAgainAndTheSecondAnswerIsUsed() {
        AtomicInteger calls = new AtomicInteger();
        server.answerChat(body -> calls.incrementAndGet() == 1 ? "I cannot answer in JSON, sorry"
                : "{\"pairs\": [{\"question\": \"How many?\", \"sql\": \"SELECT 1\"},]}");

        List<QuestionSqlPair> pairs = model().generatePairs("s", "u");

        assertThat(pairs).containsExactly(new QuestionSqlPair("How many?", "SELECT 1"));
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void givenAnswersThatNeverFit_whenAskingForSql_thenTheErrorCarriesTheTrimmedAnswer() {
        server.answerChat(body -> "{\"query\": \"SELECT 2\"}");

        assertThatThrownBy(() -> model().repairSql("s", "u")).isInstanceOf(LanguageModel.ModelAnswerException.class)
                .hasMessageContaining("after 2 attempts").hasMessageContaining("{\"query\": \"SELECT 2\"}");
    }

    @Test
    void givenTransientServerErrors_whenCalling_thenItRetriesWithBackOffAndSucceeds() {
        server.failNext(2, 503).answerChat(body -> "{\"table_comment\": \"Shops\", \"columns\": {\"city\": \"City\"}}");

        LanguageModel.CommentProposal p = model().proposeComments("s", "u");

        assertThat(p.tableComment()).isEqualTo("Shops");
        assertThat(p.columns()).containsEntry("city", "City");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void givenAnAuthenticationFailure_whenCalling_thenTheErrorNamesTheEndpointButNeverTheKey() {
        server.failNext(1, 401);

        assertThatThrownBy(() -> model().proposeThemes("s", "u")).isInstanceOf(ModelCallException.class)
                .hasMessageContaining(server.baseUrl() + "/chat/completions").hasMessageContaining("HTTP 401")
                .hasMessageContaining("API key").satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        assertThat(server.requests()).hasSize(1);
        assertThat(model().describe()).doesNotContain(KEY);
        assertThat(ModelEndpoint.of(server.baseUrl(), "m", KEY).toString()).doesNotContain(KEY);
    }

    @Test
    void givenAnUnreachableEndpoint_whenCalling_thenItFailsAfterTheRetriesNamingTheUrl() {
        OpenAiChatModel unreachable = new OpenAiChatModel(ModelEndpoint.of("http://127.0.0.1:1/v1", "m", KEY)
                .withTimeouts(Duration.ofSeconds(2), 1, Duration.ofMillis(5)), 0);

        assertThatThrownBy(() -> unreachable.proposeThemes("s", "u")).isInstanceOf(ModelCallException.class)
                .hasMessageContaining("http://127.0.0.1:1/v1/chat/completions").hasMessageContaining("2 attempts");
    }

    /** Adds up what the calls report, as the core's meter does. */
    private static final class Meter implements ModelCallObserver {
        long calls;
        long prompt;
        long completion;
        final List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> waits = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public synchronized void answered(long p, long c) {
            calls++;
            prompt += p;
            completion += c;
        }

        @Override
        public void retrying(String reason) {
            retries.add(reason);
        }

        @Override
        public void waiting(Duration wait, String reason) {
            waits.add(reason + " " + wait.toMillis());
        }
    }

    @Test
    void givenAnswersWithUsage_whenCalledThroughAnObservedView_thenTheTokensAndARetriedAnswerAreReported() {
        AtomicInteger calls = new AtomicInteger();
        server.answerChat(body -> calls.incrementAndGet() == 1 ? "not json" : "{\"sql\": \"SELECT 1\"}");
        Meter meter = new Meter();

        assertThat(model().observedBy(meter).repairSql("system", "user")).isEqualTo("SELECT 1");

        assertThat(meter.calls).isEqualTo(2);
        assertThat(meter.prompt).isEqualTo(server.promptTokensServed()).isPositive();
        assertThat(meter.completion).isEqualTo(server.completionTokensServed()).isPositive();
        assertThat(meter.retries).singleElement().asString().contains("could not be used");
    }

    @Test
    void givenARateLimitWithRetryAfter_whenCalled_thenTheCallWaitsThatLongIsToldAndThenSucceeds() {
        server.rateLimitNext(1, 1).answerChat(body -> "{\"sql\": \"SELECT 2\"}");
        Meter meter = new Meter();
        long t0 = System.nanoTime();

        assertThat(model().observedBy(meter).repairSql("s", "u")).isEqualTo("SELECT 2");

        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(950);
        assertThat(meter.retries).containsExactly("HTTP 429 (rate limited)");
        assertThat(meter.waits).singleElement().asString().startsWith("rate limited by " + server.baseUrl());
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void givenARateLimitAskingForMoreThanTenMinutes_whenCalled_thenItFailsAtOnceSayingSo() {
        server.rateLimitNext(1, 3600);

        assertThatThrownBy(() -> model().repairSql("s", "u")).isInstanceOf(ModelCallException.class)
                .hasMessageContaining("asks to wait 3600 s (Retry-After)").hasMessageContaining("try again later");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void givenOneModelForTheProcess_whenManyCallersUseItsViews_thenTheEndpointNeverHoldsMoreThanItsLimit()
            throws Exception {
        server.chatLatency(Duration.ofMillis(150)).answerChat(body -> "{\"sql\": \"SELECT 3\"}");
        OpenAiChatModel shared = new OpenAiChatModel(ModelEndpoint.of(server.baseUrl(), "test-model", KEY)
                .withTimeouts(Duration.ofSeconds(5), 0, Duration.ofMillis(10)), 0, 3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                LanguageModel view = shared.observedBy(new Meter());
                answers.add(pool.submit(() -> view.repairSql("s", "u")));
            }
            for (java.util.concurrent.Future<String> a : answers) {
                assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("SELECT 3");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.maxChatsInFlight()).isEqualTo(3);
    }
}
