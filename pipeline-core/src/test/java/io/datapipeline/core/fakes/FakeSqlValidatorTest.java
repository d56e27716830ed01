package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.SqlValidatorContract;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.port.out.SqlValidator;

/** The fake honours the same contract as PostgreSQL's EXPLAIN. */
class FakeSqlValidatorTest extends SqlValidatorContract {

    @Override
    protected DatabaseUrl database() {
        return DatabaseUrl.parse("postgresql://app@db:5432/shop", "db");
    }

    @Override
    protected SqlValidator validator() {
        return new FakeSqlValidator();
    }
}
