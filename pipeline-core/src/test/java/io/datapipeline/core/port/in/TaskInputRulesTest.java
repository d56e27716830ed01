package io.datapipeline.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskParameters;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The commands and queries carry the column rules, so REST, CLI and library callers get the same 400/exit 2. */
class TaskInputRulesTest {

    private static final DatabaseUrl DB = DatabaseUrl.parse("postgresql://u@h/shop", "db_connection");

    private static CreateTaskCommand create(TaskParameters p, String name, String dbName) {
        return new CreateTaskCommand(p, name, dbName, null, "task", Optional.empty(), "api");
    }

    private static String field(Runnable r) {
        try {
            r.run();
        } catch (InvalidInputException e) {
            return e.field();
        }
        throw new AssertionError("no InvalidInputException");
    }

    @Test
    void givenTaskNamesAndDbNames_whenCreating_thenTheColumnSizesAreTheLimits() {
        TaskParameters p = TaskParameters.defaults(DB, "shops");

        assertThat(create(p, "n".repeat(255), "d".repeat(100)).taskName()).hasSize(255);
        assertThat(field(() -> create(p, "n".repeat(256), null))).isEqualTo("task_name");
        assertThat(field(() -> create(p, null, "d".repeat(101)))).isEqualTo("db_name");
    }

    @Test
    void givenControlCharacters_whenCreating_thenTheFieldIsNamed() {
        assertThat(field(() -> create(TaskParameters.defaults(DB, "x"), "a\u0000", null))).isEqualTo("task_name");
        assertThat(field(() -> create(TaskParameters.defaults(DB, "x"), null, "a\u0000"))).isEqualTo("db_name");
        assertThat(field(() -> create(TaskParameters.defaults(DB, "shops\u0000"), null, null)))
                .isEqualTo("business_context");
    }

    @Test
    void givenNoDbName_whenTheConnectionsDatabaseNameIsUnusable_thenDbConnectionIsNamed() {
        DatabaseUrl escaped = DatabaseUrl.parse("postgresql://u@h/sh%00op", "db_connection");

        assertThatThrownBy(() -> create(TaskParameters.defaults(escaped, "x"), null, null))
                .hasMessageStartingWith("the database name of db_connection (stored as db_name) contains a control "
                        + "character");
        assertThat(create(TaskParameters.defaults(escaped, "x"), null, "shop").dbName()).isEqualTo("shop");
    }

    @Test
    void givenQueryFilters_whenTheyHoldControlCharactersOrAreTooLong_thenTheFilterIsNamed() {
        assertThat(field(() -> new TaskFilter(null, false, "a\u0000", null, null, null, null, null)))
                .isEqualTo("task_name");
        assertThat(field(() -> new TaskFilter(null, false, null, "a\u0000", null, null, null, null)))
                .isEqualTo("db_name");
        assertThat(field(() -> new TaskFilter(null, false, null, "d".repeat(101), null, null, null, null)))
                .isEqualTo("db_name");
        assertThat(field(() -> new TaskFilter(null, false, null, null, "x\u0007", null, null, null)))
                .isEqualTo("created_by");
        assertThat(field(() -> TaskFilter.TimeRange.of(java.time.Instant.parse("2025-07-02T00:00:00Z"),
                java.time.Instant.parse("2025-07-01T00:00:00Z"), "started_time_start", "started_time_end")))
                .isEqualTo("started_time_start");
    }

    @Test
    void givenAnIdempotencyKeyWithAControlCharacter_whenExecuting_thenRefused() {
        var request = new io.datapipeline.core.domain.ExecutionRequest(io.datapipeline.core.domain.TaskId.parse(
                "task_20250721_113010"), io.datapipeline.core.domain.ExecutionMode.COMPLETE, null, false, false, false,
                null);

        assertThat(field(() -> new ExecuteTaskCommand(request, Optional.of("k\u0000")))).isEqualTo("Idempotency-Key");
    }
}
