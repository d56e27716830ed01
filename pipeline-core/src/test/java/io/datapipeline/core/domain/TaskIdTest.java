package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"task_20250721_113010", "manual_20250720_134836", "a", "A_b_9"})
    void givenAWellFormedId_whenParsed_thenItIsKept(String raw) {
        assertThat(TaskId.parse(raw).value()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc", "a/b", "a\\b", "task-1", "a b", "ta.sk", "über",
            "12345678901234567890123456789012345678901234567890123456789012345"})
    void givenAnIdThatCouldEscapeOrIsMalformed_whenParsed_thenItIsRejectedNamingTheField(String raw) {
        assertThatThrownBy(() -> TaskId.parse(raw))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("task_id"));
    }

    @Test
    void givenAnEmptyId_whenParsed_thenItIsReportedMissing() {
        assertThatThrownBy(() -> TaskId.parse(""))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.isMissing()).isTrue());
    }

    @Test
    void givenATime_whenMakingATimestampedId_thenItHasTheOriginalShape() {
        TaskId id = TaskId.timestamped("task", LocalDateTime.of(2025, 7, 21, 11, 30, 10));

        assertThat(id.value()).isEqualTo("task_20250721_113010");
        assertThat(id.withSuffix(2).value()).isEqualTo("task_20250721_113010_2");
    }
}
