-- Scheduled backups: one row per schedule slot. The instance whose INSERT creates the row takes that slot's
-- backup; every other instance of the same database sees the row and skips the slot.
CREATE TABLE IF NOT EXISTS pipeline_backup_slots (
    slot             timestamptz PRIMARY KEY,
    instance         text        NOT NULL,
    claimed_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    backup_timestamp text,
    outcome          text
);
