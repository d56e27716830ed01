package io.datapipeline.vectoradmin.fakes;

import io.datapipeline.vectoradmin.contract.BackupSlotsContract;
import io.datapipeline.vectoradmin.port.BackupSlots;

/** The fake honours the same contract as the PostgreSQL slots. */
class InMemoryBackupSlotsTest extends BackupSlotsContract {

    @Override
    protected BackupSlots freshSlots() {
        return new InMemoryBackupSlots();
    }
}
