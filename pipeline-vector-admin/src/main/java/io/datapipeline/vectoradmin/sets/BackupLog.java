package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.vector.Sizes;
import io.datapipeline.core.vector.TableBackupResult;
import io.datapipeline.core.vector.TruncateResult;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human log of one backup set, in the original tool's layout, with a true duration. */
public final class BackupLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private BackupLog() {
    }

    static String render(LocalDateTime time, String taskId, double durationSeconds, List<String> tableOrder,
            Map<String, TableBackupResult> backups, boolean truncateRequested, Map<String, TruncateResult> truncates,
            List<String> errors) {
        StringBuilder s = new StringBuilder();
        s.append("=== Vector Table Backup Log ===\n");
        s.append("Backup Time: ").append(TIME.format(time)).append('\n');
        s.append("Task ID: ").append(taskId == null ? "global" : taskId).append('\n');
        s.append("Duration: ").append(String.format(Locale.ROOT, "%.2fs", durationSeconds)).append("\n\n");
        s.append("Tables Backup Status:\n");
        for (String table : tableOrder) {
            TableBackupResult r = backups.get(table);
            if (r == null) {
                continue;
            }
            if (r.success()) {
                s.append("✓ ").append(table).append(": ").append(r.rowCount()).append(" rows -> ")
                        .append(r.backupFile()).append(" (").append(Sizes.human(r.fileBytes())).append(")\n");
            } else {
                s.append("✗ ").append(table).append(": FAILED - ").append(r.error()).append('\n');
            }
        }
        s.append("\nTruncate Status:\n");
        if (!truncateRequested || truncates.isEmpty()) {
            s.append("- Not performed\n");
        } else {
            for (String table : tableOrder) {
                TruncateResult r = truncates.get(table);
                if (r == null) {
                    continue;
                }
                if (r.success()) {
                    s.append("✓ ").append(table).append(": TRUNCATED (").append(r.rowsBefore()).append(" rows removed)\n");
                } else {
                    s.append("✗ ").append(table).append(": FAILED - ").append(r.error()).append('\n');
                }
            }
        }
        if (!errors.isEmpty()) {
            s.append("\nErrors: ").append(String.join("; ", errors)).append('\n');
        }
        return s.toString();
    }
}
