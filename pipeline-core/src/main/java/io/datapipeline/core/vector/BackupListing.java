package io.datapipeline.core.vector;

import java.util.List;

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

    }

    public int totalBackupSets() {
        return locations.stream().mapToInt(l -> l.backups().size()).sum();
    }

}
