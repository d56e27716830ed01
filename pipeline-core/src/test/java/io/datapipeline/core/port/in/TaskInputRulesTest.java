package io.datapipeline.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
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
        assertThat(field(() -> new TaskQuery(null, "a\u0000", null, null, null, null, false, 0, 10)))
                .isEqualTo("task_name");
        assertThat(field(() -> new TaskQuery(null, null, "a\u0000", null, null, null, false, 0, 10)))
                .isEqualTo("db_name");
        assertThat(field(() -> new TaskQuery(null, null, "d".repeat(101), null, null, null, false, 0, 10)))
                .isEqualTo("db_name");
    }

    @Test
    void givenAnIdempotencyKeyWithAControlCharacter_whenExecuting_thenRefused() {
        var request = new io.datapipeline.core.domain.ExecutionRequest(io.datapipeline.core.domain.TaskId.parse(
                "task_20250721_113010"), io.datapipeline.core.domain.ExecutionMode.COMPLETE, null, false, false, false,
                null);

        assertThat(field(() -> new ExecuteTaskCommand(request, Optional.of("k\u0000")))).isEqualTo("Idempotency-Key");
    }
}
