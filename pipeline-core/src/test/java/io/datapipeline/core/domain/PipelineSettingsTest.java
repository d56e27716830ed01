package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {

    private static PipelineSettings from(Map<String, String> values) {
        return PipelineSettings.from(k -> Optional.ofNullable(values.get(k)), d -> "/abs/" + d);
    }

    @Test
    void givenNothing_whenRead_thenDefaultsAndNoDatabase() {
        PipelineSettings s = from(Map.of());

        assertThat(s.vectorDatabase()).isEmpty();
        assertThat(s.dataDirectory()).isEqualTo("/abs/data");
        assertThat(s.executionThreads()).isEqualTo(2);
        assertThat(s.writerWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.chat()).isEqualTo(PipelineSettings.ChatModel.NONE);
        assertThat(s.apiTokens().enabled()).isFalse();
        assertThatThrownBy(s::requireVectorDatabase).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PIPELINE_DB_URL")
                .satisfies(e -> assertThat(((InvalidInputException) e).isMissing()).isTrue());
    }

    @Test
    void givenEverySetting_whenRead_thenEachLandsInItsField() {
        PipelineSettings s = from(Map.ofEntries(Map.entry("PIPELINE_DB_URL", "postgresql://u:pw@db:5433/vec"),
                Map.entry("PIPELINE_DB_USER", "other"), Map.entry("PIPELINE_DATA_DIR", "d"),
                Map.entry("PIPELINE_LLM_BASE_URL", "http://llm"), Map.entry("PIPELINE_LLM_MODEL", "m"),
                Map.entry("PIPELINE_LLM_API_KEY", "sk-chat"), Map.entry("PIPELINE_EMBEDDING_PROVIDER", "ollama"),
                Map.entry("PIPELINE_EMBEDDING_DIMENSION", "768"), Map.entry("PIPELINE_API_TOKEN", "tok"),
                Map.entry("PIPELINE_EXECUTION_THREADS", "4"), Map.entry("PIPELINE_WRITER_WAIT_SECONDS", "5")));

        DatabaseUrl db = s.requireVectorDatabase();
        assertThat(db.user()).contains("other");
        assertThat(db.password()).contains("pw");
        assertThat(db.port()).isEqualTo(5433);
        assertThat(s.dataDirectory()).isEqualTo("/abs/d");
        assertThat(s.chat()).isEqualTo(new PipelineSettings.ChatModel("http://llm", "m", "sk-chat"));
        assertThat(s.embedding().provider()).isEqualTo("ollama");
        assertThat(s.embedding().dimension()).isEqualTo("768");
        assertThat(s.apiTokens().scopeOf("tok")).contains(ApiScope.ADMIN);
        assertThat(s.executionThreads()).isEqualTo(4);
        assertThat(s.writerWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void givenBlankValues_whenRead_thenTheyCountAsAbsent() {
        PipelineSettings s = from(Map.of("PIPELINE_DB_URL", "  ", "PIPELINE_DATA_DIR", "", "PIPELINE_API_TOKEN", " "));

        assertThat(s.vectorDatabase()).isEmpty();
        assertThat(s.dataDirectory()).isEqualTo("/abs/data");
        assertThat(s.apiTokens().enabled()).isFalse();
    }

    @Test
    void givenANonNumberOrZero_whenRead_thenTheErrorNamesTheSettingAndTheValue() {
        for (String bad : new String[] {"two", "0", "-3", "1.5"}) {
            assertThatThrownBy(() -> from(Map.of("PIPELINE_EXECUTION_THREADS", bad)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("PIPELINE_EXECUTION_THREADS").hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> from(Map.of("PIPELINE_WRITER_WAIT_SECONDS", "soon")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIPELINE_WRITER_WAIT_SECONDS");
    }

    @Test
    void givenSecrets_whenPrinted_thenNoneAppears() {
        PipelineSettings s = from(Map.of("PIPELINE_DB_URL", "postgresql://u:db-secret@db/vec",
                "PIPELINE_LLM_API_KEY", "sk-chat-secret", "PIPELINE_EMBEDDING_API_KEY", "sk-emb-secret",
                "PIPELINE_API_TOKEN", "token-secret", "PIPELINE_API_TOKENS", "scoped-secret:read"));

        String text = s.toString();
        assertThat(text).doesNotContain("db-secret", "sk-chat-secret", "sk-emb-secret", "token-secret", "scoped-secret")
                .contains("***").contains("ApiTokens{READ=1, ADMIN=1}");
    }

    @Test
    void givenALibraryUser_whenBuiltInCode_thenOnlyDatabaseAndDirectoryAreNeeded() {
        DatabaseUrl db = DatabaseUrl.parse("postgresql://u@h/vec", "db");
        PipelineSettings s = PipelineSettings.of(db, "/data")
                .withEmbedding(PipelineSettings.Embedding.offline(16));

        assertThat(s.requireVectorDatabase()).isEqualTo(db);
        assertThat(s.embedding().provider()).isEqualTo("offline");
        assertThat(s.embedding().dimension()).isEqualTo("16");
        assertThat(s.withDataDirectory("/other").dataDirectory()).isEqualTo("/other");
        assertThatThrownBy(() -> new PipelineSettings(Optional.of(db), "/d", null, null, null, 0, null, null))
                .isInstanceOf(InvalidInputException.class);
        Function<String, Optional<String>> none = k -> Optional.empty();
        assertThat(PipelineSettings.from(none, d -> d).dataDirectory()).isEqualTo(PipelineSettings.DEFAULT_DATA_DIR);
    }

    @Test
    void givenNoGenerationSettings_whenRead_thenFourCallsAtOnceAndTheOriginalsKnobs() {
        PipelineSettings.Generation g = from(Map.of()).generation();

        assertThat(g.llmConcurrency()).isEqualTo(4);
        assertThat(g.defaults()).isEqualTo(GenerationOptions.DEFAULTS);
        assertThat(g.defaults().tables()).isEqualTo(new GenerationOptions.Tables(4, 5, 20, 5000, 20));
        assertThat(g.defaults().themes()).isEqualTo(new GenerationOptions.Themes(4, 5, 10, true));
    }

    @Test
    void givenTheConcurrencyAndKnobs_whenRead_thenTheConcurrencyIsEveryTasksDefaultUnlessAKnobSaysOtherwise() {
        PipelineSettings.Generation g = from(Map.of("PIPELINE_LLM_CONCURRENCY", "8", "PIPELINE_MAX_CONCURRENT_THEMES",
                "2", "PIPELINE_THEME_COUNT", "7", "PIPELINE_QUESTIONS_PER_THEME", "3",
                "PIPELINE_CONTINUE_ON_THEME_ERROR", "FALSE", "PIPELINE_SAMPLE_DATA_LIMIT", "50",
                "PIPELINE_ENUM_MAX_DISTINCT_VALUES", "0", "PIPELINE_ENUM_DETECTION_SAMPLE_LIMIT", "100",
                "PIPELINE_MAX_TABLE_FAILURES", "0")).generation();

        assertThat(g.llmConcurrency()).isEqualTo(8);
        assertThat(g.defaults().tables()).isEqualTo(new GenerationOptions.Tables(8, 0, 50, 100, 0));
        assertThat(g.defaults().themes()).isEqualTo(new GenerationOptions.Themes(2, 7, 3, false));
    }

    @Test
    void givenBadGenerationSettings_whenRead_thenEachIsRefusedNamingItsVariable() {
        assertThatThrownBy(() -> from(Map.of("PIPELINE_LLM_CONCURRENCY", "0"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PIPELINE_LLM_CONCURRENCY");
        assertThatThrownBy(() -> from(Map.of("PIPELINE_LLM_CONCURRENCY", "65"))).hasMessageContaining("from 1 to 64");
        assertThatThrownBy(() -> from(Map.of("PIPELINE_THEME_COUNT", "five")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIPELINE_THEME_COUNT must be a whole");
        assertThatThrownBy(() -> from(Map.of("PIPELINE_THEME_COUNT", "0")))
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("PIPELINE_THEME_COUNT"))
                .hasMessageContaining("theme_count must be a whole number from 1 to 100, not 0");
        assertThatThrownBy(() -> from(Map.of("PIPELINE_CONTINUE_ON_THEME_ERROR", "yes")))
                .hasMessageContaining("PIPELINE_CONTINUE_ON_THEME_ERROR must be true or false, not 'yes'");
    }

    @Test
    void givenChoices_whenAppliedToOptions_thenOnlyTheChosenValuesChangeAndARangeErrorNamesTheField() {
        GenerationOptions o = GenerationOptions.DEFAULTS.with(GenerationOptions.Choices.builder().themeCount(8)
                .continueOnThemeError(false).build());

        assertThat(o.themes()).isEqualTo(new GenerationOptions.Themes(4, 8, 10, false));
        assertThat(o.tables()).isEqualTo(GenerationOptions.DEFAULTS.tables());
        assertThat(GenerationOptions.Choices.NONE.isEmpty()).isTrue();
        assertThat(GenerationOptions.Choices.builder().sampleDataLimit(3).build().isEmpty()).isFalse();
        assertThatThrownBy(() -> GenerationOptions.DEFAULTS.with(GenerationOptions.Choices.builder()
                .maxConcurrentTables(65).build())).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("max_concurrent_tables"));
        assertThatThrownBy(() -> GenerationOptions.DEFAULTS.with(GenerationOptions.Choices.builder()
                .maxTableFailures(-1).build())).hasMessageContaining("max_table_failures must be a whole number from 0");
    }

    @org.junit.jupiter.api.Test
    void givenSizes_whenParsed_thenUnitsArePowersOf1024AndGarbageIsRefusedNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThat(PipelineSettings.parseSize("0", "X")).isZero();
        org.assertj.core.api.Assertions.assertThat(PipelineSettings.parseSize("512MB", "X")).isEqualTo(512L << 20);
        org.assertj.core.api.Assertions.assertThat(PipelineSettings.parseSize(" 2 GiB ", "X")).isEqualTo(2L << 30);
        org.assertj.core.api.Assertions.assertThat(PipelineSettings.parseSize("1gb", "X")).isEqualTo(1L << 30);
        org.assertj.core.api.Assertions.assertThat(PipelineSettings.parseSize("4096", "X")).isEqualTo(4096);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PipelineSettings.parseSize("lots", "PIPELINE_X"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIPELINE_X")
                .hasMessageContaining("512MB");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PipelineSettings.parseSize("-1", "PIPELINE_X"))
                .isInstanceOf(InvalidInputException.class);
        org.assertj.core.api.Assertions.assertThat(PipelineSettings.from(k -> java.util.Optional.empty(), d -> d)
                .backups().minFreeBytes()).isEqualTo(1L << 30);
        org.assertj.core.api.Assertions.assertThat(PipelineSettings.from(k -> k.equals(
                PipelineSettings.BACKUP_MIN_FREE_SPACE) ? java.util.Optional.of("0") : java.util.Optional.empty(),
                d -> d).backups().minFreeBytes()).isZero();
    }
}
