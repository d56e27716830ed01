package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.FakeSqlValidator;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlValidationStepTest {

    private static final DatabaseUrl DB = DatabaseUrl.parse("postgresql://app@db:5432/shop", "db");
    private static final TaskId ID = new TaskId("task_1");
    private static final String PAIRS = "qs_shop_20250721_113000_pair.json";
    private static final String STAMP = "20250721_113010";

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(new SteppingClock(
            Instant.parse("2025-07-21T11:00:00Z")));
    private final List<Object> original = pairs();

    private static Map<String, Object> pair(String qKey, String q, String sqlKey, String sql) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(qKey, q);
        if (sqlKey != null) {
            m.put(sqlKey, sql);
        }
        return m;
    }

    /** Two valid pairs, one the database refuses, and two malformed items in between. */
    private static List<Object> pairs() {
        List<Object> a = new ArrayList<>();
        a.add(pair("question", "How many shops?", "sql", "SELECT count(*) FROM shop;"));
        a.add(pair("question", "Broken?", "sql", "SELECT broken FROM shop;"));
        a.add("not an object");
        a.add(pair("question", "No SQL", null, null));
        a.add(pair("Question", "Upper-case keys?", "SQL", "SELECT id FROM shop;"));
        return a;
    }

    private static Task task(DatabaseUrl db, boolean repair, boolean modify) {
        return new Task(ID, null, TaskStatus.IN_PROGRESS, new TaskParameters(db, "shops", true, repair, modify, true,
                true), "shop", "api", Instant.parse("2025-07-21T11:30:00Z"), null, null, null);
    }

    private StepOutcome run(Task task, Optional<LanguageModel> model) {
        ws.writeText(ID, "shop_detail.md", "## shop\nFields:\n- id (integer)\n");
        if (ws.readText(ID, PAIRS).isEmpty()) {
            ws.writeJson(ID, PAIRS, original);
        }
        return new SqlValidationStep(ws, new FakeSqlValidator(), model, clock).run(new StepContext(task, null, null,
                new TaskLog(ws, ID, clock), TransferProgress.NONE));
    }

    private String log() {
        return ws.readText(ID, "data_pipeline.log").orElse("");
    }

    @Test
    void givenARefusedSqlAndARepairThatPasses_whenRun_thenThePairIsRepairedInPlaceAndThePreviousFileIsKept() {
        ScriptedLanguageModel model = new ScriptedLanguageModel().thenSql("  SELECT id\nFROM shop  ");

        StepOutcome outcome = run(task(DB, true, true), Optional.of(model));

        assertThat(outcome.success()).isTrue();
        StepResult.SqlValidation r = (StepResult.SqlValidation) outcome.result();
        assertThat(r.inputFile()).isEqualTo(PAIRS);
        assertThat(List.of(r.totalSqls(), r.validSqls(), r.invalidSqls(), r.repairedSqls(), r.removedSqls()))
                .containsExactly(3, 2, 1, 1, 0);
        assertThat(r.malformedItems()).containsExactly(2, 3);
        assertThat(r.successRate()).isEqualTo(0.667);
        assertThat(r.fileModified()).isTrue();
        assertThat(r.backupFile()).isEqualTo(PAIRS + ".backup_" + STAMP);
        List<Object> expected = pairs();
        expected.set(1, pair("question", "Broken?", "sql", "SELECT id\nFROM shop;"));
        assertThat(ws.readJson(ID, PAIRS)).contains(expected);
        assertThat(ws.readJson(ID, r.backupFile())).contains(original);
        assertThat(model.prompts()).singleElement().asString().contains("Question: Broken?")
                .contains("SQL: SELECT broken FROM shop;").contains("Error: ERROR: column \"broken\" does not exist")
                .contains("## shop");
    }

    @Test
    void givenARun_whenItEnds_thenTheSummaryAndTheReportAreWrittenUnderTheRunsTimestamp() {
        run(task(DB, true, true), Optional.of(new ScriptedLanguageModel().thenSql("SELECT id FROM shop")));

        String summary = ws.readText(ID, "sql_validation_" + STAMP + "_summary.log").orElseThrow();
        assertThat(summary).startsWith("SQL validation report\n").contains("input_file: " + PAIRS + "\n")
                .contains("total_sqls: 3\n").contains("invalid_sqls: 1\n").contains("repaired_sqls: 1\n")
                .contains("malformed_items: [2, 3]\n").contains("Failed SQL (1):\n\n[1] Broken?\nSQL: SELECT broken FROM shop;\n")
                .contains("Repaired: SELECT id FROM shop;\n");
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).contains("sql_validation_" + STAMP + "_report.json");
        assertThat(log()).contains("[INFO] pipeline.sql_validation: validated 3 SQL: 2 valid, 1 invalid, 1 repaired");
    }

    @Test
    void givenARepairThatStillFails_whenRun_thenThePairIsRemovedAndTheMalformedItemsStayWhereTheyWere() {
        ScriptedLanguageModel model = new ScriptedLanguageModel().thenSql("SELECT broken_again FROM shop");

        StepResult.SqlValidation r = (StepResult.SqlValidation) run(task(DB, true, true), Optional.of(model)).result();

        assertThat(r.repairedSqls()).isZero();
        assertThat(r.removedSqls()).isEqualTo(1);
        List<Object> expected = pairs();
        expected.remove(1);
        assertThat(ws.readJson(ID, PAIRS)).contains(expected);
        assertThat(log()).contains("repair of item 1 still fails: ERROR: column \"broken\" does not exist");
    }

    @Test
    void givenTheModelCannotAnswer_whenRun_thenTheFailureIsLoggedAndThePairRemoved() {
        ScriptedLanguageModel model = new ScriptedLanguageModel().thenUnusable("sorry");

        StepResult.SqlValidation r = (StepResult.SqlValidation) run(task(DB, true, true), Optional.of(model)).result();

        assertThat(r.removedSqls()).isEqualTo(1);
        assertThat(log()).contains("[WARNING] pipeline.sql_validation: repair of item 1 failed: ").contains("sorry");
    }

    @Test
    void givenNoFileRewrite_whenRun_thenThePairsFileIsUnchangedAndNoBackupIsMade() {
        StepResult.SqlValidation r = (StepResult.SqlValidation) run(task(DB, false, false), Optional.empty()).result();

        assertThat(r.fileModified()).isFalse();
        assertThat(r.backupFile()).isNull();
        assertThat(r.removedSqls()).isZero();
        assertThat(r.invalidSqls()).isEqualTo(1);
        assertThat(ws.readJson(ID, PAIRS)).contains(original);
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).noneMatch(n -> n.contains(".backup_"));
    }

    @Test
    void givenRepairSwitchedOffOrNoModel_whenRun_thenNothingIsAskedAndTheFailureIsRemoved() {
        ScriptedLanguageModel model = new ScriptedLanguageModel(List.of(), List.of(), "SELECT 1");

        StepResult.SqlValidation off = (StepResult.SqlValidation) run(task(DB, false, true), Optional.of(model)).result();
        ws.writeJson(ID, PAIRS, original);
        StepResult.SqlValidation noModel = (StepResult.SqlValidation) run(task(DB, true, true), Optional.empty()).result();

        assertThat(model.prompts()).isEmpty();
        assertThat(off.removedSqls()).isEqualTo(1);
        assertThat(noModel.removedSqls()).isEqualTo(1);
        assertThat(log()).contains("[WARNING] pipeline.sql_validation: LLM repair is enabled but no language model is "
                + "configured");
    }

    @Test
    void givenOnlyValidSql_whenRun_thenTheFileIsNotRewrittenEvenWithRewriteOn() {
        ws.writeJson(ID, PAIRS, List.of(pair("question", "q", "sql", "SELECT 1")));

        StepResult.SqlValidation r = (StepResult.SqlValidation) run(task(DB, true, true), Optional.empty()).result();

        assertThat(r.successRate()).isEqualTo(1.0);
        assertThat(r.fileModified()).isFalse();
        assertThat(r.malformedItems()).isEmpty();
    }

    @Test
    void givenThreePairsFiles_whenRun_thenTheLastWrittenIsValidatedWhateverItsName() {
        ws.writeJson(ID, "qs_shop_20250101_000000_pair.json", List.of(pair("question", "old", "sql", "SELECT 1")));
        ws.writeJson(ID, PAIRS, List.of());
        ws.writeJson(ID, "qs_a_pair.json", List.of(pair("question", "newest", "sql", "SELECT 2")));

        StepResult.SqlValidation r = (StepResult.SqlValidation) run(task(DB, true, true), Optional.empty()).result();

        assertThat(r.inputFile()).isEqualTo("qs_a_pair.json");
        assertThat(r.totalSqls()).isEqualTo(1);
    }

    @Test
    void givenNoPairsFileNoArrayOrNoDatabase_whenRun_thenTheStepFailsSayingWhatToDo() {
        SqlValidationStep step = new SqlValidationStep(ws, new FakeSqlValidator(), Optional.empty(), clock);
        Task task = task(DB, true, true);
        StepContext ctx = new StepContext(task, null, null, new TaskLog(ws, ID, clock), TransferProgress.NONE);

        assertThatThrownBy(() -> step.run(ctx)).isInstanceOf(StepFailure.class).hasMessageContaining("run qa_generation first");
        ws.writeJson(ID, PAIRS, Map.of("question", "q"));
        assertThatThrownBy(() -> step.run(ctx)).isInstanceOf(StepFailure.class).hasMessageContaining("is not a JSON array");
        assertThatThrownBy(() -> step.run(new StepContext(task(null, true, true), null, null, new TaskLog(ws, ID, clock),
                TransferProgress.NONE))).isInstanceOf(StepFailure.class).hasMessageContaining("no business database");
        assertThat(step.enabledFor(task.parameters())).isTrue();
        assertThat(step.enabledFor(new TaskParameters(DB, "x", false, true, true, true, true))).isFalse();
    }
}
