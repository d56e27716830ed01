package io.datapipeline.core.port.in;

import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Instant;

/** Takes the global backup of one schedule slot, in exactly one of the instances that share the database. */
public interface ScheduledBackupUseCase {

    /**
     * Claims the slot and, when this instance won it, takes the backup (the configured format, compression and
     * retention) and records its outcome with the slot.
     */
    SlotOutcome runSlot(Instant slot);

    /** What became of one slot in this instance. */
    sealed interface SlotOutcome {
        /**
         * This instance took the slot's backup.
         *
         * @param report the backup's report
         */
        record Taken(Instant slot, VectorManagementReport report) implements SlotOutcome {
        }

        /** Another instance (or an earlier run of this one) claimed the slot. */
        record ClaimedElsewhere(Instant slot) implements SlotOutcome {
        }
    }
}
