package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.SchemaInspectorContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SchemaInspector;

/** The fake, given what PostgreSQL reports for the contract's schema, honours the same contract. */
class FakeSchemaInspectorTest extends SchemaInspectorContract {

    @Override
    protected DatabaseUrl database() {
        return DatabaseUrl.parse("postgresql://app@db:5432/shop", "db");
    }

    @Override
    protected SchemaInspector inspector() {
        FakeSchemaInspector fake = new FakeSchemaInspector();
        tablesWithRows().forEach(t -> fake.add(t.getKey(), t.getValue()));
        return fake;
    }
}
