package io.datapipeline.postgres.task;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.vectoradmin.port.BackupSlots;
import io.datapipeline.postgres.connection.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Slot claims in {@code pipeline_backup_slots}: the INSERT that creates a slot's row wins it. */
public final class PgBackupSlots implements BackupSlots {

    private final PgConnections connections;

    /** @param connections the metadata database (its migrations create the table) */
    public PgBackupSlots(PgConnections connections) {
        this.connections = connections;
    }

    @Override
    public boolean claim(Instant slot, String instance) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_backup_slots (slot, instance) "
                        + "VALUES (?, ?) ON CONFLICT (slot) DO NOTHING")) {
            ps.setTimestamp(1, Timestamp.from(slot));
            ps.setString(2, instance);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PipelineException("cannot claim backup slot " + slot + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void finish(Instant slot, String backupTimestamp, String outcome) {
        try (Connection c = connections.pooled();
                PreparedStatement ps = c.prepareStatement("UPDATE pipeline_backup_slots SET finished_at = now(), "
                        + "backup_timestamp = ?, outcome = ? WHERE slot = ?")) {
            ps.setString(1, backupTimestamp);
            ps.setString(2, outcome);
            ps.setTimestamp(3, Timestamp.from(slot));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PipelineException("cannot record backup slot " + slot + ": " + e.getMessage(), e);
        }
    }
}
