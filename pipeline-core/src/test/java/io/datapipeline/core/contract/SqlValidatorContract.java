package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SqlValidator;
import io.datapipeline.core.port.out.SqlValidator.SqlCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SqlValidator} must do, run against the fake and PostgreSQL: one result per statement, in order;
 * a statement the database cannot plan is invalid with the database's message; text holding more than one
 * statement is refused; nothing is executed. The invalid statements here name a column that does not exist,
 * {@code broken} (the fake's convention for "the database would refuse this").
 */
public abstract class SqlValidatorContract {

    /** The business database (the real adapter's test runs these statements; the fake needs none). */
    public static final List<String> SCHEMA = List.of(
            "CREATE TABLE orders (id integer PRIMARY KEY, total numeric, city text)",
            "INSERT INTO orders VALUES (1, 9.5, 'Oslo'), (2, 20, 'Rome')");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The business database holding {@link #SCHEMA}. */
    protected abstract DatabaseUrl database();

    protected abstract SqlValidator validator();

    private SqlValidator validator;

    @BeforeEach
    void setUpValidator() {
        validator = validator();
    }

    @Test
    void givenStatements_whenValidatedConcurrently_thenThereIsOneResultPerStatementInTheGivenOrder() {
        List<String> sql = List.of("SELECT id, total FROM orders WHERE city = 'Oslo'", "SELECT broken FROM orders",
                "SELECT count(*) FROM orders;", "SELECT city, sum(total) FROM orders GROUP BY city ORDER BY 2 DESC");

        List<SqlCheck> checks = validator.validate(database(), sql, TIMEOUT, 3);

        assertThat(checks).extracting(SqlCheck::sql).containsExactlyElementsOf(sql);
        assertThat(checks).extracting(SqlCheck::valid).containsExactly(true, false, true, true);
        assertThat(checks).filteredOn(SqlCheck::valid).allSatisfy(c -> assertThat(c.error()).isNull());
        assertThat(checks.get(1).error()).contains("column \"broken\" does not exist");
        assertThat(checks).allSatisfy(c -> assertThat(c.duration()).isGreaterThanOrEqualTo(0));
    }

    @Test
    void givenValidStatements_whenValidated_thenEachSaysWhichTablesItsPlanReads() {
        List<String> sql = List.of("SELECT o.id FROM orders o WHERE o.total > 1",
                "SELECT a.city FROM orders a JOIN public.orders b ON a.id = b.id", "SELECT 1", "SELECT broken FROM orders");

        List<SqlCheck> checks = validator.validate(database(), sql, TIMEOUT, 2);

        assertThat(checks.get(0).tables()).containsExactly("public.orders");
        assertThat(checks.get(1).tables()).containsExactly("public.orders");
        assertThat(checks.get(2).tables()).isEmpty();
        assertThat(checks.get(3).tables()).isEmpty();
    }

    @Test
    void givenNoStatements_whenValidated_thenThereAreNoResults() {
        assertThat(validator.validate(database(), List.of(), TIMEOUT, 5)).isEmpty();
    }

    @Test
    void givenTwoStatementsInOneText_whenValidated_thenTheTextIsInvalidAsMoreThanOneStatement() {
        List<SqlCheck> checks = validator.validate(database(), List.of("SELECT 1; DELETE FROM orders",
                "SELECT 1;  "), TIMEOUT, 1);

        assertThat(checks.get(0).valid()).isFalse();
        assertThat(checks.get(0).error()).contains("more than one statement");
        assertThat(checks.get(1).valid()).as("a trailing semicolon ends the one statement").isTrue();
    }

    @Test
    void givenAStatementThatWouldRunLongerThanTheTimeout_whenValidated_thenItIsValidBecauseItIsOnlyExplained() {
        List<SqlCheck> checks = validator.validate(database(), List.of("SELECT pg_sleep(30), id FROM orders"),
                Duration.ofMillis(500), 1);

        assertThat(checks).singleElement().satisfies(c -> assertThat(c.valid()).isTrue());
    }
}
