package io.datapipeline.core.vector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of listing backup sets: locations with their sets (newest first) and a summary, in the
 * original's shape.
 *
 * @param locations locations that hold at least one set
 * @param scanTime  ISO-8601 time of the scan
 */
public record BackupListing(List<Location> locations, String scanTime) {

    public BackupListing {
        locations = List.copyOf(locations);
    }

    /**
     * One folder holding backup sets.
     *
     * @param type         {@code global} or {@code task}
     * @param taskId       the task id for task folders, else {@code null}
     * @param relativePath folder relative to the data directory
     * @param backups      sets, newest first
     */
    public record Location(String type, String taskId, String relativePath, List<BackupSetInfo> backups) {

        public Location {
            backups = List.copyOf(backups);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            if (taskId != null) {
                m.put("task_id", taskId);
            }
            m.put("relative_path", relativePath);
            List<Object> sets = new ArrayList<>();
            for (BackupSetInfo set : backups) {
                sets.add(set.toMap());
            }
            m.put("backups", sets);
            return m;
        }
    }

    public int totalBackupSets() {
        return locations.stream().mapToInt(l -> l.backups().size()).sum();
    }

    /** {@code {backup_locations: [...], summary: {...}}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> locs = new ArrayList<>();
        for (Location l : locations) {
            locs.add(l.toMap());
        }
        m.put("backup_locations", locs);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_locations", locations.size());
        summary.put("total_backup_sets", totalBackupSets());
        summary.put("global_backups", locations.stream().filter(l -> l.type().equals("global"))
                .mapToInt(l -> l.backups().size()).sum());
        summary.put("task_backups", locations.stream().filter(l -> l.type().equals("task"))
                .mapToInt(l -> l.backups().size()).sum());
        summary.put("scan_time", scanTime);
        m.put("summary", summary);
        return m;
    }
}
