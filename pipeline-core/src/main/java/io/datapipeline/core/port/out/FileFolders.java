package io.datapipeline.core.port.out;

import java.util.List;
import java.util.Optional;

/**
 * Files in a folder the caller names outside the data directory ({@code pipeline sql validate --input-file}): the
 * named file is read, and reports and a rewritten version are written beside it, each write atomic (temporary file,
 * fsync, rename) so a reader never sees half a file. Names are checked so nothing leaves the folder.
 */
public interface FileFolders {

    /**
     * The absolute folder and the name of an existing regular file.
     *
     * @param path  the file as the caller gave it (relative to the working directory, or absolute)
     * @param field the input field, named when there is no such file
     * @throws io.datapipeline.core.domain.InvalidInputException when {@code path} is no regular file
     */
    FileRef locate(String path, String field);

    /**
     * The absolute path of a folder the caller names ({@code pipeline ddl generate --output-dir}).
     *
     * @param create create it (and its parents) when it does not exist
     * @throws io.datapipeline.core.domain.InvalidInputException naming {@code field} when the path is no folder, does
     *         not exist and is not to be created, or cannot be created
     */
    String folder(String path, String field, boolean create);

    /** Renames a file of the folder atomically, replacing the target. */
    void rename(String folder, String from, String to);

    /** Regular files directly in the folder, by name. */
    List<TaskWorkspace.FileInfo> list(String folder);

    Optional<String> readText(String folder, String fileName);

    /** Reads a JSON document into maps and lists; empty when there is no such file. */
    Optional<Object> readJson(String folder, String fileName);

    /** Writes a text file atomically, replacing any previous version. */
    void writeText(String folder, String fileName, String content);

    /** Writes a JSON document (maps, lists, core values with a wire shape) atomically, pretty-printed. */
    void writeJson(String folder, String fileName, Object document);

    /**
     * A located file.
     *
     * @param folder absolute folder
     * @param name   file name
     */
    record FileRef(String folder, String name) {
    }
}
