package io.datapipeline.postgres.business;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.contract.SqlValidatorContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SqlValidator;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL's EXPLAIN honours the same contract as the fake, on a business database of its own. */
@ExtendWith(PostgresExtension.class)
class PgSqlValidatorIT extends SqlValidatorContract {

    private static TestDatabase business;
    private static DatabaseUrl url;
    private static BusinessDatabases databases;

    @BeforeAll
    static void init(TestDatabase database) {
        business = database.sibling("validated");
        business.execute(SCHEMA.toArray(String[]::new));
        url = DatabaseUrl.parse(business.jdbcUrlWithCredentials(), "db");
        databases = new BusinessDatabases(3);
    }

    @AfterAll
    static void close() {
        databases.close();
    }

    @Override
    protected DatabaseUrl database() {
        return url;
    }

    @Override
    protected SqlValidator validator() {
        return new PgSqlValidator(databases);
    }

    @Test
    void givenWritingStatements_whenValidated_thenNoneOfThemChangedTheDatabase() {
        new PgSqlValidator(databases).validate(url, List.of("DELETE FROM orders", "SELECT 1; DELETE FROM orders",
                "UPDATE orders SET total = 0"), Duration.ofSeconds(5), 2);

        assertThat(business.queryLong("SELECT count(*) FROM orders")).isEqualTo(2);
        assertThat(business.queryLong("SELECT count(*) FROM orders WHERE total = 0")).isZero();
    }
}
