package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import java.util.Optional;

/** Lists backup sets in the data directory, newest first, with what their manifests say. */
public interface ListVectorBackupsUseCase {

    /**
     * Scans for backup sets.
     *
     * @param taskId     only this task's folder; wins over {@code globalOnly}
     * @param globalOnly only the global folder
     */
    BackupListing list(Optional<TaskId> taskId, boolean globalOnly);

    /**
     * The location of a backup folder named by a path, as the original's {@code backup_path}: the global folder or a
     * task's, absolute or relative to the data directory (a listing's {@code relative_path}) or to the working
     * directory.
     *
     * @param field the caller's name of the path
     * @throws io.datapipeline.core.domain.InvalidInputException naming {@code field} and the data directory for a path
     *         that is not one of its backup folders
     */
    BackupLocation locationOf(String path, String field);

    /**
     * A file of a backup set, for download: a data file, the manifest, the outcome record or the log. Names that
     * are not a set's file, or that lead out of the folder, are not found.
     *
     * @return the file, or empty
     */
    Optional<BackupFile> file(BackupLocation location, String fileName);

    /**
     * A file of a backup set.
     *
     * @param name   file name
     * @param size   bytes
     * @param path   absolute path (the adapter streams it)
     * @param sha256 the manifest's SHA-256 of a data file, or {@code null} (manifest, log, or a set without one)
     */
    record BackupFile(String name, long size, String path, String sha256) {
    }
}
