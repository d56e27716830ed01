package io.datapipeline.postgres.business;

import io.datapipeline.core.contract.SchemaInspectorContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL catalog reader honours the same contract as the fake, on a business database of its own. */
@ExtendWith(PostgresExtension.class)
class PgSchemaInspectorIT extends SchemaInspectorContract {

    private static DatabaseUrl business;
    private static BusinessDatabases databases;

    @BeforeAll
    static void init(TestDatabase database) {
        TestDatabase db = database.sibling("business");
        db.execute(SCHEMA.toArray(String[]::new));
        business = DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db");
        databases = new BusinessDatabases(2);
    }

    @AfterAll
    static void close() {
        databases.close();
    }

    @Override
    protected DatabaseUrl database() {
        return business;
    }

    @Override
    protected SchemaInspector inspector() {
        return new PgSchemaInspector(databases);
    }
}
