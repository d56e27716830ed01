package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VectorManagementPolicyTest {

    private static final TaskId TASK = new TaskId("task_20250721_113010");
    private static final String IGNORED = "vector table parameters only apply to training_load; current step: %s; ignored";

    private final VectorManagementPolicy policy = new VectorManagementPolicy();

    /** Every combination of mode x step x backup x truncate, with the expected decision. */
    static Stream<Arguments> everyCombination() {
        List<Arguments> rows = new ArrayList<>();
        List<StepName> steps = new ArrayList<>();
        steps.add(null);
        steps.addAll(List.of(StepName.values()));
        for (ExecutionMode mode : ExecutionMode.values()) {
            for (StepName step : steps) {
                for (boolean backup : new boolean[] {false, true}) {
                    for (boolean truncate : new boolean[] {false, true}) {
                        if (mode == ExecutionMode.STEP && step == null || mode != ExecutionMode.STEP && step != null) {
                            continue; // invalid requests, covered separately
                        }
                        // a resume that runs training_load applies the flags as a complete run does
                        boolean applies = mode != ExecutionMode.STEP || step == StepName.TRAINING_LOAD;
                        boolean expectBackup = applies && (backup || truncate);
                        boolean expectTruncate = applies && truncate;
                        boolean expectWarning = !applies && (backup || truncate);
                        rows.add(Arguments.of(mode, step, backup, truncate, expectBackup, expectTruncate, expectWarning));
                    }
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} step={1} backup={2} truncate={3} -> backup={4} truncate={5} warning={6}")
    @MethodSource("everyCombination")
    void givenAnyCombination_whenDeciding_thenTheSeedRulesHold(ExecutionMode mode, StepName step, boolean backup,
            boolean truncate, boolean expectBackup, boolean expectTruncate, boolean expectWarning) {
        ExecutionRequest request = new ExecutionRequest(TASK, mode, step, backup, truncate, false);

        VectorManagementDecision decision = policy.decide(request);

        assertThat(decision.backup()).as("backup").isEqualTo(expectBackup);
        assertThat(decision.truncate()).as("truncate").isEqualTo(expectTruncate);
        List<String> vectorWarnings = decision.warnings().stream()
                .filter(w -> w.startsWith("vector table parameters only apply")).toList();
        if (expectWarning) {
            assertThat(vectorWarnings).containsExactly(String.format(IGNORED, step.wire()));
        } else {
            assertThat(vectorWarnings).isEmpty();
        }
    }

    @Test
    void givenANamedStep_whenTheModeIsLeftOut_thenItIsStepModeAndCompleteOrResumeWithAStepIsRefusedNamingBoth() {
        assertThat(ExecutionMode.resolve(null, StepName.TRAINING_LOAD, "execution_mode", "step_name"))
                .isEqualTo(ExecutionMode.STEP);
        assertThat(ExecutionMode.resolve(null, null, "execution_mode", "step_name")).isEqualTo(ExecutionMode.COMPLETE);
        assertThat(ExecutionMode.resolve("step", StepName.QA_GENERATION, "execution_mode", "step_name"))
                .isEqualTo(ExecutionMode.STEP);
        assertThatThrownBy(() -> ExecutionMode.resolve("complete", StepName.TRAINING_LOAD, "--execution-mode",
                "--step-name")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("--execution-mode");
                    assertThat(e.getMessage()).contains("--execution-mode complete", "--step-name training_load");
                });
        assertThatThrownBy(() -> new ExecutionRequest(TASK, ExecutionMode.COMPLETE, StepName.TRAINING_LOAD, false,
                false, false)).isInstanceOf(InvalidInputException.class).hasMessageContaining("execution_mode complete")
                .hasMessageContaining("step_name training_load");
        assertThatThrownBy(() -> new ExecutionRequest(TASK, ExecutionMode.RESUME, StepName.DDL_GENERATION, false,
                false, false)).isInstanceOf(InvalidInputException.class).hasMessageContaining("execution_mode resume");
    }

    @Test
    void givenAResumeThatDoesNotRunTrainingLoad_whenDecidingWithFlags_thenTheyAreIgnoredWithAWarning() {
        VectorManagementDecision decision = policy.decide(ExecutionRequest.resume(TASK).withVectorFlags(true, true),
                false);

        assertThat(decision.backup()).isFalse();
        assertThat(decision.truncate()).isFalse();
        assertThat(decision.warnings()).singleElement().asString().contains("not among the steps this resume runs");
    }

    @Nested
    class TheSeedRules {

        @Test
        void givenTruncateOnly_whenDeciding_thenBackupIsImplied() {
            VectorManagementDecision decision = policy.decide(
                    ExecutionRequest.step(TASK, StepName.TRAINING_LOAD).withVectorFlags(false, true));

            assertThat(decision.backup()).isTrue();
            assertThat(decision.truncate()).isTrue();
            assertThat(decision.warnings()).isEmpty();
        }

        @Test
        void givenBackupOnly_whenDeciding_thenNoTruncateIsImplied() {
            VectorManagementDecision decision = policy.decide(
                    ExecutionRequest.step(TASK, StepName.TRAINING_LOAD).withVectorFlags(true, false));

            assertThat(decision.backup()).isTrue();
            assertThat(decision.truncate()).isFalse();
        }

        @Test
        void givenDdlGenerationWithBackup_whenDeciding_thenFlagsAreIgnoredWithTheExactWarning() {
            VectorManagementDecision decision = policy.decide(
                    ExecutionRequest.step(TASK, StepName.DDL_GENERATION).withVectorFlags(true, false));

            assertThat(decision.active()).isFalse();
            assertThat(decision.warnings()).containsExactly(
                    "vector table parameters only apply to training_load; current step: ddl_generation; ignored");
        }

        @Test
        void givenNoFlags_whenDeciding_thenNothingHappensAndNothingIsWarned() {
            VectorManagementDecision decision = policy.decide(ExecutionRequest.complete(TASK));

            assertThat(decision.backup()).isFalse();
            assertThat(decision.truncate()).isFalse();
            assertThat(decision.skipTraining()).isFalse();
            assertThat(decision.warnings()).isEmpty();
        }
    }

    @Test
    void givenStepModeWithoutStepName_whenBuildingTheRequest_thenItIsInvalidAndNamesTheField() {
        assertThatThrownBy(() -> new ExecutionRequest(TASK, ExecutionMode.STEP, null, true, false, false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("step_name");
                    assertThat(e.isMissing()).isTrue();
                });
    }

    @Test
    void givenSkipTrainingOnAnotherStep_whenDeciding_thenItIsIgnoredWithAWarning() {
        VectorManagementDecision decision = policy.decide(
                ExecutionRequest.step(TASK, StepName.QA_GENERATION).withSkipTraining(true));

        assertThat(decision.skipTraining()).isFalse();
        assertThat(decision.warnings()).containsExactly(
                "skip_training only applies to training_load; current step: qa_generation; ignored");
    }

    @Test
    void givenCompleteModeWithTrainingLoadDisabled_whenDeciding_thenFlagsAreIgnoredLoudly() {
        VectorManagementDecision decision = policy.decide(
                ExecutionRequest.complete(TASK).withVectorFlags(true, true), false);

        assertThat(decision.active()).isFalse();
        assertThat(decision.warnings()).singleElement().asString().contains("training_load is disabled");
    }

    @Test
    void givenTruncateWithSkipTraining_whenDeciding_thenItIsKeptButTheEmptyStoreIsWarnedAbout() {
        VectorManagementDecision decision = policy.decide(
                ExecutionRequest.complete(TASK).withVectorFlags(false, true).withSkipTraining(true));

        assertThat(decision.truncate()).isTrue();
        assertThat(decision.backup()).isTrue();
        assertThat(decision.skipTraining()).isTrue();
        assertThat(decision.warnings()).singleElement().asString().contains("without reloading");
    }

    @Test
    void givenADecisionThatTruncatesWithoutBackup_whenConstructed_thenItIsRefused() {
        assertThatThrownBy(() -> new VectorManagementDecision(false, true, false, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Nested
    class ReloadOptionsRules {

        private final RetrievalGate gate = RetrievalGate.parse(java.util.List.of("ddl_hit@3=0.8"), null, "min_retrieval",
                "max_retrieval_drop");

        @Test
        void givenReplaceByDifferenceWithATruncate_whenDeciding_thenItIsKept() {
            VectorManagementDecision d = policy.decide(ExecutionRequest.step(TASK, StepName.TRAINING_LOAD)
                    .withVectorFlags(false, true).withReload(new ReloadOptions(true, gate)));

            assertThat(d.reload().replaceByDifference()).isTrue();
            assertThat(d.reload().gate()).isEqualTo(gate);
            assertThat(d.warnings()).isEmpty();
        }

        @Test
        void givenReplaceByDifferenceWithoutATruncate_whenDeciding_thenItIsIgnoredWithAWarning() {
            VectorManagementDecision d = policy.decide(ExecutionRequest.step(TASK, StepName.TRAINING_LOAD)
                    .withVectorFlags(true, false).withReload(new ReloadOptions(true, RetrievalGate.NONE)));

            assertThat(d.reload().replaceByDifference()).isFalse();
            assertThat(d.warnings()).containsExactly("replace_by_difference only applies with truncate_vector_tables; "
                    + "ignored");
        }

        @Test
        void givenAGateWithSkipTraining_whenDeciding_thenItIsIgnoredWithAWarning() {
            VectorManagementDecision d = policy.decide(ExecutionRequest.step(TASK, StepName.TRAINING_LOAD)
                    .withVectorFlags(true, false).withSkipTraining(true).withReload(new ReloadOptions(false, gate)));

            assertThat(d.reload().gate().active()).isFalse();
            assertThat(d.warnings()).anyMatch(w -> w.startsWith("min_retrieval and max_retrieval_drop with skip_training"));
        }

        @Test
        void givenReloadOptionsOnAnotherStep_whenDeciding_thenTheyAreIgnoredLikeTheOtherVectorParameters() {
            VectorManagementDecision d = policy.decide(ExecutionRequest.step(TASK, StepName.SQL_VALIDATION)
                    .withReload(new ReloadOptions(false, gate)));

            assertThat(d.reload()).isEqualTo(ReloadOptions.NONE);
            assertThat(d.warnings()).containsExactly(String.format(IGNORED, "sql_validation"));
        }
    }
}
