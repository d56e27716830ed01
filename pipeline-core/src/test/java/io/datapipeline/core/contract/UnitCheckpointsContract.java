package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.UnitCheckpoints;
import io.datapipeline.core.port.out.UnitCheckpoints.Checkpoint;
import io.datapipeline.core.port.out.UnitCheckpoints.Inputs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UnitCheckpoints} must do, run against the in-memory fake and the file-based store: a saved record
 * comes back equal (every kind of output, non-ASCII text included), per task, step and unit; saving again replaces;
 * clearing a step forgets its records only.
 */
public abstract class UnitCheckpointsContract {

    protected static final TaskId TASK = new TaskId("task_20250721_113010");
    protected static final TaskId OTHER = new TaskId("task_20250721_113011");
    private static final Inputs INPUTS = new Inputs("ab".repeat(32), "1", "fake-model at http://127.0.0.1:1/v1");
    private static final Instant AT = Instant.parse("2025-07-21T11:30:10Z");

    /** A store with no records. */
    protected abstract UnitCheckpoints freshStore();

    private UnitCheckpoints store;

    @BeforeEach
    void setUpStore() {
        store = freshStore();
    }

    private static Checkpoint documents(String unit, String digest) {
        return new Checkpoint(StepName.DDL_GENERATION, unit, new Inputs(digest, "1", "m"), new UnitCheckpoints.Documents(
                List.of(new UnitCheckpoints.OutputFile(unit + ".ddl", "01".repeat(32)),
                        new UnitCheckpoints.OutputFile(unit + "_detail.md", "02".repeat(32))), 3), AT);
    }

    @Test
    void givenNoRecords_whenAsked_thenNothingIsFound() {
        assertThat(store.find(TASK, StepName.DDL_GENERATION, "shop")).isEmpty();
        assertThat(store.list(TASK, StepName.DDL_GENERATION)).isEmpty();
        assertThat(store.clear(TASK, StepName.DDL_GENERATION)).isZero();
    }

    @Test
    void givenRecordsOfEachKind_whenSaved_thenTheyComeBackEqualByTaskStepAndUnit() {
        Checkpoint table = documents("sales.Region", "cd".repeat(32));
        Checkpoint themes = new Checkpoint(StepName.QA_GENERATION, "themes", INPUTS, new UnitCheckpoints.Themes(List.of(
                new LanguageModel.Theme("营收分析", "每日营收", List.of("orders", "sales.\"Region\"")),
                new LanguageModel.Theme("Customers", "", List.of()))), AT);
        Checkpoint pairs = new Checkpoint(StepName.QA_GENERATION, "theme_01", INPUTS, new UnitCheckpoints.Pairs(List.of(
                new QuestionSqlPair("收入最高的城市？", "SELECT city FROM orders\nGROUP BY city;"),
                new QuestionSqlPair("Quote \"it\"", "SELECT 'a''b';"))), AT);

        store.save(TASK, table);
        store.save(TASK, themes);
        store.save(TASK, pairs);

        assertThat(store.find(TASK, StepName.DDL_GENERATION, "sales.Region")).contains(table);
        assertThat(store.find(TASK, StepName.QA_GENERATION, "themes")).contains(themes);
        assertThat(store.find(TASK, StepName.QA_GENERATION, "theme_01")).contains(pairs);
        assertThat(store.list(TASK, StepName.QA_GENERATION)).containsExactly(pairs, themes);
        assertThat(store.find(OTHER, StepName.DDL_GENERATION, "sales.Region")).as("another task").isEmpty();
        assertThat(store.find(TASK, StepName.QA_GENERATION, "sales.Region")).as("another step").isEmpty();
    }

    @Test
    void givenARecord_whenSavedAgain_thenTheNewOneReplacesIt() {
        store.save(TASK, documents("shop", "aa".repeat(32)));
        Checkpoint newer = documents("shop", "bb".repeat(32));

        store.save(TASK, newer);

        assertThat(store.find(TASK, StepName.DDL_GENERATION, "shop")).contains(newer);
        assertThat(store.list(TASK, StepName.DDL_GENERATION)).containsExactly(newer);
    }

    @Test
    void givenRecordsOfTwoStepsAndTasks_whenOneStepIsCleared_thenOnlyItsRecordsAreGone() {
        store.save(TASK, documents("shop", "aa".repeat(32)));
        store.save(TASK, documents("orders", "aa".repeat(32)));
        store.save(OTHER, documents("shop", "aa".repeat(32)));
        store.save(TASK, new Checkpoint(StepName.QA_GENERATION, "themes", INPUTS, new UnitCheckpoints.Themes(List.of()),
                AT));

        assertThat(store.clear(TASK, StepName.DDL_GENERATION)).isEqualTo(2);

        assertThat(store.list(TASK, StepName.DDL_GENERATION)).isEmpty();
        assertThat(store.list(OTHER, StepName.DDL_GENERATION)).hasSize(1);
        assertThat(store.list(TASK, StepName.QA_GENERATION)).hasSize(1);
    }

    @Test
    void givenAUnitNameThatCouldLeaveTheFolder_whenARecordIsMade_thenItIsRefused() {
        assertThatThrownBy(() -> documents("../escape", "aa".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> documents(".hidden", "aa".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
