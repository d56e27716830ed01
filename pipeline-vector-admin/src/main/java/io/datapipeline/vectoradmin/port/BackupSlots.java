package io.datapipeline.vectoradmin.port;

import java.time.Instant;

/**
 * The claims of scheduled backups, shared by every instance that uses one database: whoever claims a slot first
 * takes that slot's backup, the others skip it.
 */
public interface BackupSlots {

    /**
     * Claims a slot for this instance.
     *
     * @return true when this instance claimed it; false when another instance (or an earlier run of this one) did
     */
    boolean claim(Instant slot, String instance);

    /** Records how the slot's backup ended. */
    void finish(Instant slot, String backupTimestamp, String outcome);
}
