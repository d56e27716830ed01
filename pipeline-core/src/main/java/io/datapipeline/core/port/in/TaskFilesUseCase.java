package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The files of a task: listing, download, upload, the table list. Names never leave the task directory. */
public interface TaskFilesUseCase {

    /** Files directly in the task directory, newest first; empty when there is no such task. */
    Optional<List<TaskFile>> list(TaskId id);

    /** Files of the task's {@code vector_bak/} folder, newest first. */
    List<TaskFile> listBackups(TaskId id);

    /**
     * The {@code file_bak_<YYYYMMDD_HHMMSS>/} folders a complete re-run moved the earlier run's files into, newest
     * first, each with its files.
     */
    List<FileBackup> listFileBackups(TaskId id);

    /** A file of the task directory, or of its {@code vector_bak/} when {@code inBackups}. */
    Optional<TaskFile> file(TaskId id, String fileName, boolean inBackups);

    /**
     * Stores an uploaded file (not {@code table_list.txt}: that has its own, validating, upload).
     *
     * @param mode {@code backup} (keep the old file as {@code <name>_bak<N>}), {@code replace} or {@code skip}
     */
    UploadResult upload(TaskId id, String fileName, byte[] content, String mode);

    /** Validates and stores a table list file (UTF-8, or GBK converted to UTF-8); every name is checked. */
    TableListInfo uploadTableList(TaskId id, String fileName, byte[] content);

    /** Writes a table list from names. */
    TableListInfo writeTableList(TaskId id, List<String> tables);

    /** What the task's table list holds. */
    Optional<TableListInfo> tableListInfo(TaskId id);

    /**
     * A file of a task.
     *
     * @param name     file name
     * @param size     bytes
     * @param modified last modification
     * @param location where to read it (an absolute path of the file system), for streaming it out
     */
    record TaskFile(String name, long size, Instant modified, String location) {
    }

    /**
     * The files of an earlier run, kept by a complete re-run.
     *
     * @param folder {@code file_bak_<YYYYMMDD_HHMMSS>} (with {@code _N} when two runs started in the same second)
     * @param files  its files, by name ({@code backup_info.json} lists what was moved)
     */
    record FileBackup(String folder, List<TaskFile> files) {
        public FileBackup {
            files = List.copyOf(files);
        }
    }

    /**
     * An upload's outcome.
     *
     * @param fileName    stored name
     * @param size        bytes
     * @param skipped     mode {@code skip} and the file existed
     * @param backupName  where the previous version went, or {@code null}
     */
    record UploadResult(String fileName, long size, boolean skipped, String backupName) {
    }

    /**
     * A table list.
     *
     * @param fileName file name
     * @param size     bytes
     * @param list     the parsed names
     * @param modified last modification (ISO-8601)
     */
    record TableListInfo(String fileName, long size, TableList list, String modified) {
    }
}
