package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.FakeSqlValidator;
import io.datapipeline.core.fakes.InMemoryFileFolders;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.in.ValidateSqlCommand;
import io.datapipeline.core.port.in.ValidateSqlUseCase.Validation;
import io.datapipeline.core.port.out.LanguageModel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code pipeline sql validate}: the step's validation on a file of the caller's, with its reports beside it. */
class ValidateSqlServiceTest {

    private static final DatabaseUrl DB = DatabaseUrl.parse("postgresql://app:s3cret@db:5432/shop", "db_connection");
    private static final String DIR = "/home/me/training";
    private static final String PAIRS = "[{\"question\": \"How many shops?\", \"sql\": \"SELECT count(*) FROM shop\"},"
            + " {\"question\": \"Broken?\", \"sql\": \"SELECT broken FROM shop\"}]";

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryFileFolders files = new InMemoryFileFolders(clock);

    private Validation validate(Optional<LanguageModel> model, boolean modify, boolean repair) {
        String path = files.put(DIR, "my_pairs.json", PAIRS);
        return new ValidateSqlService(files, new FakeSqlValidator(), model, clock).validate(new ValidateSqlCommand(DB,
                path, modify, repair));
    }

    @Test
    void givenAFileWithARefusedSql_whenValidatedWithoutChanges_thenTheReportsAreBesideItAndTheFileIsUntouched() {
        Validation v = validate(Optional.empty(), false, false);

        StepResult.SqlValidation s = v.report().summary();
        assertThat(v.folder()).isEqualTo(DIR);
        assertThat(List.of(s.totalSqls(), s.validSqls(), s.invalidSqls(), s.repairedSqls(), s.removedSqls()))
                .containsExactly(2, 1, 1, 0, 0);
        assertThat(v.hasUnrepairedFailures()).isTrue();
        assertThat(v.report().failures()).singleElement().satisfies(f -> assertThat(f.index()).isEqualTo(1));
        assertThat(files.readText(DIR, "sql_validation_20250721_113010_summary.log")).get().asString()
                .contains("invalid_sqls: 1").contains("Broken?");
        assertThat(files.readJson(DIR, "sql_validation_20250721_113010_report.json")).isPresent();
        assertThat(files.readText(DIR, "my_pairs.json")).contains(PAIRS);
        assertThat(s.fileModified()).isFalse();
    }

    @Test
    void givenModifyAndARepairThatPasses_whenValidated_thenTheFileIsRewrittenAndThePreviousVersionKept() {
        ScriptedLanguageModel model = new ScriptedLanguageModel().thenSql("SELECT id FROM shop");
        files.put(DIR, "shop_detail.md", "## shop\n- id (integer)\n");

        Validation v = validate(Optional.of(model), true, true);

        assertThat(v.hasUnrepairedFailures()).isFalse();
        assertThat(v.report().summary().repairedSqls()).isEqualTo(1);
        assertThat(v.report().summary().backupFile()).isEqualTo("my_pairs.json.backup_20250721_113010");
        assertThat(files.readJson(DIR, "my_pairs.json")).contains(List.of(
                Map.of("question", "How many shops?", "sql", "SELECT count(*) FROM shop"),
                Map.of("question", "Broken?", "sql", "SELECT id FROM shop;")));
        assertThat(files.readText(DIR, "my_pairs.json.backup_20250721_113010").orElseThrow()).contains("SELECT broken");
        assertThat(model.prompts()).singleElement().asString().contains("## shop").contains("SELECT broken FROM shop");
    }

    @Test
    void givenModifyWithoutRepair_whenValidated_thenTheRefusedPairIsRemoved() {
        Validation v = validate(Optional.empty(), true, false);

        assertThat(v.report().summary().removedSqls()).isEqualTo(1);
        assertThat(files.readJson(DIR, "my_pairs.json")).contains(List.of(
                Map.of("question", "How many shops?", "sql", "SELECT count(*) FROM shop")));
    }

    @Test
    void givenRepairWithoutAModelOrAFileThatIsNoArray_whenValidated_thenRefusedNamingTheField() {
        assertThatThrownBy(() -> validate(Optional.empty(), false, true)).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("enable_llm_repair");
        String object = files.put(DIR, "object.json", "{\"question\": \"q\"}");
        assertThatThrownBy(() -> new ValidateSqlService(files, new FakeSqlValidator(), Optional.empty(), clock)
                .validate(new ValidateSqlCommand(DB, object, false, false))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a JSON array")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("input_file");
        assertThatThrownBy(() -> new ValidateSqlService(files, new FakeSqlValidator(), Optional.empty(), clock)
                .validate(new ValidateSqlCommand(DB, DIR + "/missing.json", false, false)))
                .isInstanceOf(InvalidInputException.class);
    }
}
