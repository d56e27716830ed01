package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.BackupTimestamp;
import java.util.List;
import java.util.Set;

/**
 * The files found for one stamp in a backup folder, whatever state the set is in.
 *
 * @param timestamp the stamp
 * @param names     file names with this stamp
 */
record SetFiles(BackupTimestamp timestamp, Set<String> names, BackupFileNames fileNames) {

    SetFiles {
        names = Set.copyOf(names);
    }

    boolean has(String name) {
        return names.contains(name);
    }

    boolean hasManifest() {
        return has(fileNames.manifest(timestamp));
    }

    boolean hasOutcome() {
        return has(fileNames.outcome(timestamp));
    }

    boolean reserved() {
        return has(fileNames.reservation(timestamp));
    }

    boolean hasTemporaryFiles() {
        return names.stream().anyMatch(n -> n.endsWith(BackupFileNames.TMP));
    }

    /** Data files of the configured tables that are not (yet) in place. */
    List<String> missingDataFiles() {
        return fileNames.dataFiles(timestamp).stream().filter(f -> !has(f)).toList();
    }

    /** True when some data file of the set is in place. */
    boolean hasAnyDataFile() {
        return fileNames.dataFiles(timestamp).stream().anyMatch(this::has);
    }
}
