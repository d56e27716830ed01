package io.datapipeline.vectoradmin.fakes;

import io.datapipeline.vectoradmin.port.BackupSlots;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Slot claims in memory, behaving like {@code PgBackupSlots} ({@code BackupSlotsContract}). */
public final class InMemoryBackupSlots implements BackupSlots {

    /**
     * A claimed slot.
     *
     * @param instance        who claimed it
     * @param backupTimestamp the set its backup wrote, once finished
     * @param outcome         how it ended, once finished
     */
    public record Claim(String instance, String backupTimestamp, String outcome) {
    }

    private final Map<Instant, Claim> claims = new LinkedHashMap<>();

    @Override
    public synchronized boolean claim(Instant slot, String instance) {
        return claims.putIfAbsent(slot, new Claim(instance, null, null)) == null;
    }

    @Override
    public synchronized void finish(Instant slot, String backupTimestamp, String outcome) {
        claims.computeIfPresent(slot, (s, c) -> new Claim(c.instance(), backupTimestamp, outcome));
    }

    /** The claims so far, by slot. */
    public synchronized Map<Instant, Claim> claims() {
        return Map.copyOf(claims);
    }
}
