package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.vector.BackupLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory: {@code <dir>/<task_id>/} per task, {@code <dir>/vector_bak/} for global backup
 * sets. Every path handed out resolves inside it; a location is never taken from a caller as a path.
 */
public final class DataDirectory {

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * Free space for this process on the file system of the data directory (of its nearest existing ancestor when it
     * does not exist yet), in bytes.
     */
    public long usableSpace() {
        Path p = root;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return Files.getFileStore(p == null ? Path.of(".").toAbsolutePath() : p).getUsableSpace();
        } catch (java.io.IOException e) {
            throw new PipelineException("cannot read the free space of " + root + ": " + e.getMessage(), e);
        }
    }

    /** The task's directory (may not exist). */
    public Path taskDir(TaskId id) {
        return inside(root.resolve(id.value()));
    }

    /**
     * The folder of a backup location (may not exist). A folder that exists but resolves, through a symbolic
     * link, outside the data directory is refused.
     */
    public Path locationDir(BackupLocation location) {
        Path dir = inside(root.resolve(location.relativePath()));
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(dir)) {
            checkReal(dir);
        }
        return dir;
    }

    /**
     * The folder of a backup location, created if needed (for a task location also the task's directory: the
     * id is valid, and a named backup before a manual change is a normal habit).
     */
    public Path prepareLocation(BackupLocation location) {
        if (location.taskId().isPresent() && !staysInside(taskDir(location.taskId().get()))) {
            throw InvalidInputException.invalid("task_id", taskDir(location.taskId().get())
                    + " resolves outside the data directory " + root);
        }
        Path dir = locationDir(location);
        try {
            java.util.List<Path> created = new java.util.ArrayList<>();
            for (Path p = dir; p != null && !Files.exists(p) && p.startsWith(root); p = p.getParent()) {
                created.add(p);
            }
            Files.createDirectories(dir);
            // a new folder survives a power loss only once its parent's entry for it is synced
            for (Path p : created) {
                Durable.syncDirectory(p.getParent());
            }
        } catch (IOException e) {
            throw new PipelineException("cannot create backup folder " + dir + ": " + e.getMessage(), e);
        }
        return checkReal(dir);
    }

    /**
     * The backup location a path names (the original's {@code backup_path}): the global folder or a task's folder,
     * given absolute, relative to the data directory (as a listing's {@code relative_path}), or relative to the working
     * directory; through links it must lead to the same folder. Anything else is refused naming the data directory.
     *
     * @param field the caller's name of the path, named in the error
     */
    public BackupLocation locationOf(String raw, String field) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw InvalidInputException.missing(field, field + " is required");
        }
        java.util.List<Path> candidates = new java.util.ArrayList<>();
        try {
            if (v.indexOf('\0') < 0) {
                Path given = Path.of(v);
                candidates.add(given.isAbsolute() ? given : root.resolve(given));
                if (!given.isAbsolute()) {
                    candidates.add(given.toAbsolutePath());
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            candidates.clear();
        }
        for (Path c : candidates) {
            java.util.Optional<BackupLocation> location = locationAt(c.normalize(), root)
                    .or(() -> realLocationAt(c));
            if (location.isPresent()) {
                locationDir(location.get());
                return location.get();
            }
        }
        throw InvalidInputException.invalid(field, field + " '" + io.datapipeline.core.domain.Printable.of(v)
                + "' is not a backup folder of the data directory " + root + ": give vector_bak (the global folder) or "
                + "<task_id>/vector_bak, relative to the data directory or absolute (a relative_path of "
                + "/vector/restore/list), or use task_id");
    }

    /** The location whose folder {@code p} is, when {@code p} lies in {@code base} as one. */
    private static java.util.Optional<BackupLocation> locationAt(Path p, Path base) {
        if (!p.startsWith(base)) {
            return java.util.Optional.empty();
        }
        Path rel = base.relativize(p);
        if (rel.getNameCount() == 1 && rel.toString().equals(BackupLocation.FOLDER)) {
            return java.util.Optional.of(BackupLocation.global());
        }
        if (rel.getNameCount() == 2 && rel.getName(1).toString().equals(BackupLocation.FOLDER)
                && TaskId.isValid(rel.getName(0).toString())) {
            return java.util.Optional.of(BackupLocation.ofTask(new TaskId(rel.getName(0).toString())));
        }
        return java.util.Optional.empty();
    }

    /** The same through links: an existing folder whose real path is a location's in the real data directory. */
    private java.util.Optional<BackupLocation> realLocationAt(Path p) {
        try {
            return Files.isDirectory(p) ? locationAt(p.toRealPath(), root.toRealPath()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Resolves a file name inside a directory of the data directory, refusing separators and dot names. */
    public Path file(Path dir, String fileName) {
        if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(".") || fileName.equals("..") || fileName.indexOf('\0') >= 0) {
            throw InvalidInputException.invalid("file_name", "invalid file name '" + fileName + "'");
        }
        return inside(dir.resolve(fileName));
    }

    private Path inside(Path p) {
        Path n = p.toAbsolutePath().normalize();
        if (!n.startsWith(root)) {
            throw InvalidInputException.invalid("path", "path escapes the data directory");
        }
        return n;
    }

    /** False when {@code p} exists and resolves, through symbolic links, outside the data directory. */
    public boolean staysInside(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try {
            return p.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            // a dangling link leads nowhere inside
            return !Files.isSymbolicLink(p);
        }
    }

    /** Refuses a location that resolves (through symbolic links) outside the data directory. */
    private Path checkReal(Path dir) {
        try {
            Path realRoot = root.toRealPath();
            if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
                throw InvalidInputException.invalid("path", dir + " is a link that leads nowhere");
            }
            Path real = dir.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw InvalidInputException.invalid("path", dir + " resolves outside the data directory " + realRoot);
            }
            return dir;
        } catch (IOException e) {
            throw new PipelineException("cannot resolve " + dir + ": " + e.getMessage(), e);
        }
    }

}
