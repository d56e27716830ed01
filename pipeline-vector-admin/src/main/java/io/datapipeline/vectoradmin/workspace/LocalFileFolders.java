package io.datapipeline.vectoradmin.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.out.FileFolders;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.vectoradmin.sets.Durable;
import io.datapipeline.wire.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Folders of the file system outside the data directory, for files a caller names: writes go through a temporary
 * file, fsync and rename (as the task workspace's), names are plain names, JSON is UTF-8 with non-ASCII kept.
 */
public final class LocalFileFolders implements FileFolders {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public FileRef locate(String path, String field) {
        Path p;
        try {
            p = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw InvalidInputException.invalid(field, field + " is not a usable path: " + e.getReason());
        }
        if (!Files.isRegularFile(p) || p.getParent() == null) {
            throw InvalidInputException.invalid(field, path + " is not a file" + (Files.isDirectory(p)
                    ? " (it is a directory)" : ""));
        }
        if (!Files.isReadable(p)) {
            throw InvalidInputException.invalid(field, path + " cannot be read");
        }
        return new FileRef(p.getParent().toString(), p.getFileName().toString());
    }

    @Override
    public String folder(String path, String field, boolean create) {
        Path p;
        try {
            p = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw InvalidInputException.invalid(field, field + " is not a usable path: " + e.getReason());
        }
        if (Files.isDirectory(p)) {
            return p.toString();
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw InvalidInputException.invalid(field, path + " is not a directory");
        }
        if (!create) {
            throw InvalidInputException.invalid(field, path + " does not exist");
        }
        try {
            Files.createDirectories(p);
            Durable.syncDirectory(p.getParent());
            return p.toString();
        } catch (IOException e) {
            throw InvalidInputException.invalid(field, "cannot create " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void rename(String folder, String from, String to) {
        try {
            Durable.move(file(folder, from), file(folder, to));
            Durable.syncDirectory(Path.of(folder));
        } catch (IOException e) {
            throw new PipelineException("cannot rename " + from + " to " + to + " in " + folder + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<TaskWorkspace.FileInfo> list(String folder) {
        List<TaskWorkspace.FileInfo> files = new ArrayList<>();
        Path dir = Path.of(folder);
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
                    files.add(new TaskWorkspace.FileInfo(name, a.size(), a.lastModifiedTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw new PipelineException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(TaskWorkspace.FileInfo::name));
        return files;
    }

    @Override
    public Optional<String> readText(String folder, String fileName) {
        Path p = file(folder, fileName);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PipelineException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Object> readJson(String folder, String fileName) {
        Path p = file(folder, fileName);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(p.toFile(), Object.class));
        } catch (IOException e) {
            throw new PipelineException(fileName + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void writeText(String folder, String fileName, String content) {
        write(folder, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void writeJson(String folder, String fileName, Object document) {
        try {
            write(folder, fileName, JSON.writeValueAsBytes(Wire.tree(document)));
        } catch (JsonProcessingException e) {
            throw new PipelineException("cannot encode " + fileName + ": " + e.getMessage(), e);
        }
    }

    private void write(String folder, String fileName, byte[] content) {
        Path p = file(folder, fileName);
        try {
            Durable.write(p, content);
        } catch (IOException e) {
            throw new PipelineException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /** A plain name inside the folder: no separators, not {@code .} or {@code ..}, no NUL. */
    private static Path file(String folder, String fileName) {
        if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(".") || fileName.equals("..") || fileName.indexOf('\0') >= 0) {
            throw InvalidInputException.invalid("file_name", "invalid file name '" + fileName + "'");
        }
        return Path.of(folder).resolve(fileName);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
