package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.core.port.in.ScheduledBackupUseCase;
import io.datapipeline.vectoradmin.port.BackupSlots;
import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled backups across instances: a slot's row in the database is claimed before anything else, so of
 * several servers on one database exactly one takes each slot's backup; the set's manifest names the instance and
 * the slot, so the listing shows who took it.
 */
public final class ScheduledBackups implements ScheduledBackupUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);

    private final VectorAdminService vectorAdmin;
    private final BackupSlots slots;
    private final String instance;
    private final Duration lockWait;

    /**
     * @param instance this process's name (the listing's {@code instance})
     * @param lockWait how long the backup waits for the store lock (another vector operation running)
     */
    public ScheduledBackups(VectorAdminService vectorAdmin, BackupSlots slots, String instance, Duration lockWait) {
        this.vectorAdmin = vectorAdmin;
        this.slots = slots;
        this.instance = instance;
        this.lockWait = lockWait;
    }

    @Override
    public SlotOutcome runSlot(Instant slot) {
        if (!slots.claim(slot, instance)) {
            LOG.info("scheduled backup of slot {} is taken by another instance", slot);
            return new SlotOutcome.ClaimedElsewhere(slot);
        }
        LOG.info("scheduled backup of slot {} claimed by {}", slot, instance);
        VectorManagementReport report;
        try {
            report = vectorAdmin.scheduledBackup(slot.toString(), lockWait);
        } catch (RuntimeException e) {
            slots.finish(slot, null, "failed: " + Failures.message(e));
            throw e;
        }
        slots.finish(slot, report.timestamp(), report.success() ? "complete"
                : "failed: " + String.join("; ", report.errors()));
        return new SlotOutcome.Taken(slot, report);
    }
}
