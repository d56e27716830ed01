package io.datapipeline.core.port.out;

import io.datapipeline.core.domain.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a task, in {@code <data-dir>/<task_id>/}. Every write is atomic (temporary file, fsync,
 * rename), so a reader never sees half a file; names are checked so nothing escapes the directory.
 */
public interface TaskWorkspace {

    /** The task's directory, for messages and reports (it may not exist yet). */
    String directory(TaskId id);

    boolean exists(TaskId id);

    /** Creates the directory if missing. */
    void create(TaskId id);

    /** Removes the directory and everything in it. */
    void deleteAll(TaskId id);

    /** Regular files directly in the task directory, by name. */
    List<FileInfo> list(TaskId id);

    Optional<String> readText(TaskId id, String fileName);

    /** Writes a text file atomically, replacing any previous version. */
    void writeText(TaskId id, String fileName, String content);

    /** Writes a JSON document (maps, lists, strings, numbers, booleans, nulls) atomically, pretty-printed. */
    void writeJson(TaskId id, String fileName, Object document);

    /** Reads a JSON document into maps and lists. */
    Optional<Object> readJson(TaskId id, String fileName);

    /** Writes bytes atomically (uploads). */
    void writeBytes(TaskId id, String fileName, byte[] content);

    /** Reads a file's bytes; empty when it does not exist. */
    Optional<byte[]> readBytes(TaskId id, String fileName);

    /** Regular files of a sub-folder of the task directory ({@code vector_bak}, {@code file_bak_<ts>}). */
    List<FileInfo> listFolder(TaskId id, String folder);

    /** The sub-folders of the task directory, by name (hidden ones, starting with a dot, left out). */
    List<String> folders(TaskId id);

    /**
     * Moves regular files of the task directory into a sub-folder (created if missing), each with an atomic rename;
     * the folder's entries are synced before it returns.
     *
     * @throws io.datapipeline.core.domain.PipelineException when a file cannot be moved (those moved before stay moved)
     */
    void moveToFolder(TaskId id, String folder, List<String> fileNames);

    /** Writes a JSON document atomically into an existing sub-folder of the task directory. */
    void writeJsonIn(TaskId id, String folder, String fileName, Object document);

    /**
     * Where an existing regular file of the task directory ({@code folder} empty) or one of its sub-folders is, as
     * an absolute path of the file system, for streaming it out; empty when there is no such file. Names are
     * checked.
     */
    Optional<String> locate(TaskId id, String folder, String fileName);

    /**
     * Copies the regular files of a directory (not its sub-directories, not links) whose names {@code accept}
     * takes into the task directory.
     *
     * @param sourceDirectory a directory of the file system
     * @param maxBytes        largest file accepted
     * @return the names copied
     * @throws io.datapipeline.core.domain.InvalidInputException (field {@code data_path}) when the directory
     *         cannot be read or a file is too large
     */
    List<String> importFiles(TaskId id, String sourceDirectory, java.util.function.Predicate<String> accept,
            long maxBytes);

    /** Deletes one file if present. */
    void delete(TaskId id, String fileName);

    /** Renames a file inside the task directory, replacing the target. */
    void rename(TaskId id, String from, String to);

    /** Appends one line to the task's {@code data_pipeline.log}. */
    void appendLog(TaskId id, String line);

    /**
     * A file of the task directory.
     *
     * @param name     file name
     * @param size     bytes
     * @param modified last modification
     */
    record FileInfo(String name, long size, Instant modified) {
    }

    /** A parsed JSON object (convenience for callers that expect an object at the top). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object json) {
        return json instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
