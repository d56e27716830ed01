package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.out.FileFolders;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folders in memory, behaving like the file system ({@code FileFoldersContract}): paths are {@code /folder/name},
 * a relative path is taken from {@code /cwd}, JSON is written as text and read back into maps and lists (core values
 * only {@code pipeline-wire} can render are kept as the objects given), names are checked the same way.
 */
public final class InMemoryFileFolders implements FileFolders {

    private record File(byte[] bytes, Object value, Instant modified) {
    }

    private final Map<String, Map<String, File>> folders = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryFileFolders(Clock clock) {
        this.clock = clock;
    }

    /** Puts a file there as a user would, and returns its path. */
    public synchronized String put(String folder, String name, String text) {
        write(folder, name, text.getBytes(StandardCharsets.UTF_8), null);
        return folder + "/" + name;
    }

    /** Makes an (empty) folder. */
    public synchronized InMemoryFileFolders folder(String folder) {
        folders.computeIfAbsent(folder, k -> new TreeMap<>());
        return this;
    }

    @Override
    public synchronized FileRef locate(String path, String field) {
        String abs = path.startsWith("/") ? path : "/cwd/" + path;
        int slash = abs.lastIndexOf('/');
        String folder = slash == 0 ? "/" : abs.substring(0, slash);
        String name = abs.substring(slash + 1);
        if (name.isEmpty() || !folders.getOrDefault(folder, Map.of()).containsKey(name)) {
            throw InvalidInputException.invalid(field, path + " is not a file");
        }
        return new FileRef(folder, name);
    }

    @Override
    public synchronized String folder(String path, String field, boolean create) {
        String abs = path.startsWith("/") ? path : "/cwd/" + path;
        abs = abs.length() > 1 && abs.endsWith("/") ? abs.substring(0, abs.length() - 1) : abs;
        if (folders.containsKey(abs)) {
            return abs;
        }
        int slash = abs.lastIndexOf('/');
        String parent = slash == 0 ? "/" : abs.substring(0, slash);
        if (folders.getOrDefault(parent, Map.of()).containsKey(abs.substring(slash + 1))) {
            throw InvalidInputException.invalid(field, path + " is not a directory");
        }
        if (!create) {
            throw InvalidInputException.invalid(field, path + " does not exist");
        }
        folders.put(abs, new TreeMap<>());
        return abs;
    }

    @Override
    public synchronized void rename(String folder, String from, String to) {
        checkName(from);
        checkName(to);
        File f = folders.getOrDefault(folder, new TreeMap<>()).remove(from);
        if (f == null) {
            throw new PipelineException("cannot rename " + from + " to " + to + " in " + folder + ": no such file");
        }
        folders.get(folder).put(to, f);
    }

    @Override
    public synchronized List<TaskWorkspace.FileInfo> list(String folder) {
        List<TaskWorkspace.FileInfo> out = new ArrayList<>();
        folders.getOrDefault(folder, Map.of()).forEach((n, f) -> out.add(new TaskWorkspace.FileInfo(n, f.bytes().length,
                f.modified())));
        return out;
    }

    @Override
    public synchronized Optional<String> readText(String folder, String fileName) {
        checkName(fileName);
        File f = folders.getOrDefault(folder, Map.of()).get(fileName);
        return f == null ? Optional.empty() : Optional.of(new String(f.bytes(), StandardCharsets.UTF_8));
    }

    @Override
    public synchronized Optional<Object> readJson(String folder, String fileName) {
        checkName(fileName);
        File f = folders.getOrDefault(folder, Map.of()).get(fileName);
        if (f == null) {
            return Optional.empty();
        }
        if (f.value() != null) {
            return Optional.of(f.value());
        }
        try {
            return Optional.ofNullable(FakeJson.parse(new String(f.bytes(), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new PipelineException(fileName + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void writeText(String folder, String fileName, String content) {
        write(folder, fileName, content.getBytes(StandardCharsets.UTF_8), null);
    }

    @Override
    public synchronized void writeJson(String folder, String fileName, Object document) {
        if (FakeJson.isPlain(document)) {
            write(folder, fileName, FakeJson.pretty(document).getBytes(StandardCharsets.UTF_8), null);
        } else {
            write(folder, fileName, String.valueOf(document).getBytes(StandardCharsets.UTF_8), document);
        }
    }

    private void write(String folder, String name, byte[] bytes, Object value) {
        checkName(name);
        folders.computeIfAbsent(folder, k -> new TreeMap<>()).put(name, new File(bytes, value, clock.instant()));
    }

    /** The file system's rule: a plain name, no separators, not {@code .} or {@code ..}, no NUL. */
    private static void checkName(String fileName) {
        if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(".") || fileName.equals("..") || fileName.indexOf('\0') >= 0) {
            throw InvalidInputException.invalid("file_name", "invalid file name '" + fileName + "'");
        }
    }
}
