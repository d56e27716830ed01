package io.datapipeline.rest.wiring;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineSettings;
import io.datapipeline.core.domain.Printable;
import io.datapipeline.core.port.in.ScheduledBackupUseCase;
import io.micronaut.scheduling.cron.CronExpression;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduled backups of {@code PIPELINE_BACKUP_SCHEDULE}: a cron expression (five fields, minute first, or
 * six with seconds first), evaluated in the server's time zone. At each fire time the slot is claimed in the
 * database; of several servers on one database exactly one takes it. A slot missed while a backup still runs is
 * skipped, not made up.
 */
final class BackupScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    private final CronExpression cron;
    private final ScheduledBackupUseCase backups;
    private final Thread thread;
    private volatile boolean stopped;

    private BackupScheduler(CronExpression cron, ScheduledBackupUseCase backups) {
        this.cron = cron;
        this.backups = backups;
        this.thread = new Thread(this::loop, "pipeline-backup-schedule");
        this.thread.setDaemon(true);
    }

    /** The cron expression, checked; a clear error naming the setting when it is not one. */
    static CronExpression parse(String raw) {
        String v = raw.trim();
        String six = v.split("\\s+").length == 5 ? "0 " + v : v;
        try {
            CronExpression c = CronExpression.create(six);
            c.nextTimeAfter(ZonedDateTime.now());
            return c;
        } catch (RuntimeException e) {
            throw InvalidInputException.invalid(PipelineSettings.BACKUP_SCHEDULE, PipelineSettings.BACKUP_SCHEDULE
                    + " must be a cron expression (minute hour day-of-month month day-of-week, or with seconds "
                    + "first), not '" + Printable.of(raw) + "': " + e.getMessage());
        }
    }

    /** Starts the schedule when one is configured. */
    static Optional<BackupScheduler> start(Optional<String> schedule, java.util.function.Supplier<ScheduledBackupUseCase>
            backups) {
        if (schedule.isEmpty()) {
            return Optional.empty();
        }
        BackupScheduler s = new BackupScheduler(parse(schedule.get()), backups.get());
        s.thread.start();
        LOG.info("scheduled backups: '{}' (next {})", schedule.get(), s.cron.nextTimeAfter(ZonedDateTime.now()));
        return Optional.of(s);
    }

    private void loop() {
        while (!stopped) {
            ZonedDateTime next = cron.nextTimeAfter(ZonedDateTime.now());
            try {
                long wait = java.time.Duration.between(ZonedDateTime.now(), next).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) {
                return;
            }
            try {
                ScheduledBackupUseCase.SlotOutcome o = backups.runSlot(next.toInstant());
                if (o instanceof ScheduledBackupUseCase.SlotOutcome.Taken t && !t.report().success()) {
                    LOG.error("scheduled backup of slot {} failed: {}", next, t.report().errors());
                }
            } catch (RuntimeException e) {
                LOG.error("scheduled backup of slot {} failed: {}", next, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
