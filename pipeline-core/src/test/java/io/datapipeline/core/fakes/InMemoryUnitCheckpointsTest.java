package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.UnitCheckpointsContract;
import io.datapipeline.core.port.out.UnitCheckpoints;

/** The fake honours the same contract as the file-based store. */
class InMemoryUnitCheckpointsTest extends UnitCheckpointsContract {

    @Override
    protected UnitCheckpoints freshStore() {
        return new InMemoryUnitCheckpoints();
    }
}
