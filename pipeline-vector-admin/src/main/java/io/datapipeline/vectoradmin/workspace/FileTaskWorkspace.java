package io.datapipeline.vectoradmin.workspace;

import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.sets.Durable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.wire.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Task directories on disk, {@code <data-dir>/<task_id>/}: every write is atomic (temporary file, fsync,
 * rename), file names are checked so nothing leaves the directory, JSON is UTF-8 with non-ASCII kept.
 */
public final class FileTaskWorkspace implements TaskWorkspace {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String LOG = "data_pipeline.log";

    private final DataDirectory dataDir;

    public FileTaskWorkspace(DataDirectory dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public String directory(TaskId id) {
        return dir(id).toString();
    }

    private Path dir(TaskId id) {
        return dataDir.taskDir(id);
    }

    @Override
    public boolean exists(TaskId id) {
        return Files.isDirectory(dir(id));
    }

    @Override
    public void create(TaskId id) {
        try {
            Files.createDirectories(dir(id));
        } catch (IOException e) {
            throw new PipelineException("cannot create task directory " + dir(id) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteAll(TaskId id) {
        Path dir = dir(id);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new PipelineException("cannot delete task directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeBytes(TaskId id, String fileName, byte[] content) {
        write(id, fileName, content);
    }

    @Override
    public List<FileInfo> listFolder(TaskId id, String folder) {
        return listDir(dataDir.file(dir(id), folder));
    }

    @Override
    public List<String> folders(TaskId id) {
        List<String> out = new ArrayList<>();
        Path dir = dir(id);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw new PipelineException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Override
    public void moveToFolder(TaskId id, String folder, List<String> fileNames) {
        Path target = dataDir.file(dir(id), folder);
        try {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
                Durable.syncDirectory(dir(id));
            }
            for (String name : fileNames) {
                Path from = file(id, name);
                if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
                    throw new PipelineException("cannot move " + name + " into " + folder + ": it is no regular file");
                }
                Durable.move(from, dataDir.file(target, name));
            }
            Durable.syncDirectory(target);
            Durable.syncDirectory(dir(id));
        } catch (IOException e) {
            throw new PipelineException("cannot move files of task " + id + " into " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeJsonIn(TaskId id, String folder, String fileName, Object document) {
        Path target = dataDir.file(dir(id), folder);
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new PipelineException("task " + id + " has no folder " + folder);
        }
        try {
            Durable.write(dataDir.file(target, fileName), JSON.writeValueAsBytes(Wire.tree(document)));
        } catch (IOException e) {
            throw new PipelineException("cannot write " + folder + "/" + fileName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> locate(TaskId id, String folder, String fileName) {
        Path dir = folder == null || folder.isEmpty() ? dir(id) : dataDir.file(dir(id), folder);
        Path p = dataDir.file(dir, fileName);
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(p.toString()) : Optional.empty();
    }

    @Override
    public List<String> importFiles(TaskId id, String sourceDirectory, java.util.function.Predicate<String> accept,
            long maxBytes) {
        Path source = Path.of(sourceDirectory);
        if (!Files.isDirectory(source)) {
            throw InvalidInputException.invalid("data_path", sourceDirectory + " is not a directory");
        }
        List<String> copied = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(Comparator.comparing(p -> p.getFileName().toString()));
            for (Path f : sorted) {
                String name = f.getFileName().toString();
                if (!accept.test(name) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.size(f) > maxBytes) {
                    throw InvalidInputException.invalid("data_path", name + " is larger than " + (maxBytes >> 20) + " MB");
                }
                writeText(id, name, Files.readString(f, StandardCharsets.UTF_8));
                copied.add(name);
            }
        } catch (IOException e) {
            throw InvalidInputException.invalid("data_path", "cannot read " + sourceDirectory + ": " + e.getMessage());
        }
        return copied;
    }

    @Override
    public List<FileInfo> list(TaskId id) {
        return listDir(dir(id));
    }

    private List<FileInfo> listDir(Path dir) {
        List<FileInfo> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".tmp")) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    files.add(new FileInfo(name, a.size(), a.lastModifiedTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw new PipelineException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(FileInfo::name));
        return files;
    }

    @Override
    public Optional<byte[]> readBytes(TaskId id, String fileName) {
        Path p = file(id, fileName);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new PipelineException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> readText(TaskId id, String fileName) {
        Path p = file(id, fileName);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PipelineException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeText(TaskId id, String fileName, String content) {
        write(id, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void writeJson(TaskId id, String fileName, Object document) {
        try {
            write(id, fileName, JSON.writeValueAsBytes(Wire.tree(document)));
        } catch (JsonProcessingException e) {
            throw new PipelineException("cannot encode " + fileName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Object> readJson(TaskId id, String fileName) {
        Path p = file(id, fileName);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(p.toFile(), Object.class));
        } catch (IOException e) {
            throw new PipelineException(fileName + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(TaskId id, String fileName) {
        try {
            Files.deleteIfExists(file(id, fileName));
        } catch (IOException e) {
            throw new PipelineException("cannot delete " + fileName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rename(TaskId id, String from, String to) {
        try {
            Durable.move(file(id, from), file(id, to));
        } catch (IOException e) {
            throw new PipelineException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void appendLog(TaskId id, String line) {
        try {
            create(id);
            Files.writeString(file(id, LOG), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(TaskId id, String fileName, byte[] content) {
        try {
            create(id);
            Durable.write(file(id, fileName), content);
        } catch (IOException e) {
            throw new PipelineException("cannot write " + fileName + " of task " + id + ": " + e.getMessage(), e);
        }
    }

    private Path file(TaskId id, String fileName) {
        return dataDir.file(dir(id), fileName);
    }
}
