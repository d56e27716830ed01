package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Task files in memory. JSON documents are kept as the objects given. */
public final class InMemoryTaskWorkspace implements TaskWorkspace {

    private final Map<TaskId, Map<String, Object>> dirs = new LinkedHashMap<>();
    private final Map<TaskId, Map<String, Instant>> modified = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryTaskWorkspace(Clock clock) {
        this.clock = clock;
    }

    public InMemoryTaskWorkspace() {
        this(Clock.systemUTC());
    }

    @Override
    public String directory(TaskId id) {
        return "/memory/" + id.value();
    }

    /** Files "outside" to import from: directory name to file name to text. */
    private final Map<String, Map<String, String>> outside = new LinkedHashMap<>();

    /** Puts a file into a directory outside the data directory, for {@link #importFiles}. */
    public synchronized InMemoryTaskWorkspace outsideFile(String directory, String name, String text) {
        outside.computeIfAbsent(directory, k -> new LinkedHashMap<>()).put(name, text);
        return this;
    }

    @Override
    public synchronized List<String> importFiles(TaskId id, String sourceDirectory,
            java.util.function.Predicate<String> accept, long maxBytes) {
        Map<String, String> files = outside.get(sourceDirectory);
        if (files == null) {
            throw io.datapipeline.core.domain.InvalidInputException.invalid("data_path", sourceDirectory
                    + " is not a directory");
        }
        List<String> copied = new ArrayList<>();
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
            if (accept.test(f.getKey())) {
                if (f.getValue().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                    throw io.datapipeline.core.domain.InvalidInputException.invalid("data_path", f.getKey()
                            + " is too large");
                }
                put(id, f.getKey(), f.getValue());
                copied.add(f.getKey());
            }
        }
        return copied;
    }

    @Override
    public synchronized boolean exists(TaskId id) {
        return dirs.containsKey(id);
    }

    @Override
    public synchronized void create(TaskId id) {
        dirs.computeIfAbsent(id, k -> new LinkedHashMap<>());
        modified.computeIfAbsent(id, k -> new LinkedHashMap<>());
    }

    @Override
    public synchronized void deleteAll(TaskId id) {
        dirs.remove(id);
        modified.remove(id);
    }

    @Override
    public synchronized List<FileInfo> list(TaskId id) {
        List<FileInfo> files = new ArrayList<>();
        dir(id).forEach((name, content) -> files.add(new FileInfo(name, size(content), modified.get(id).get(name))));
        return files;
    }

    @Override
    public synchronized Optional<String> readText(TaskId id, String fileName) {
        Object content = dirs.getOrDefault(id, Map.of()).get(fileName);
        return content instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public synchronized void writeText(TaskId id, String fileName, String content) {
        put(id, fileName, content);
    }

    @Override
    public synchronized void writeJson(TaskId id, String fileName, Object document) {
        put(id, fileName, document);
    }

    @Override
    public synchronized Optional<Object> readJson(TaskId id, String fileName) {
        return Optional.ofNullable(dirs.getOrDefault(id, Map.of()).get(fileName));
    }

    @Override
    public synchronized void writeBytes(TaskId id, String fileName, byte[] content) {
        put(id, fileName, new String(content, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized List<FileInfo> listFolder(TaskId id, String folder) {
        return List.of();
    }

    @Override
    public synchronized Optional<String> locate(TaskId id, String folder, String fileName) {
        if (folder != null && !folder.isEmpty()) {
            return Optional.empty();
        }
        return dirs.getOrDefault(id, Map.of()).containsKey(fileName) ? Optional.of(directory(id) + "/" + fileName)
                : Optional.empty();
    }

    @Override
    public synchronized void delete(TaskId id, String fileName) {
        dir(id).remove(fileName);
    }

    @Override
    public synchronized void rename(TaskId id, String from, String to) {
        Object content = dir(id).remove(from);
        if (content == null) {
            throw new IllegalStateException("no file " + from);
        }
        put(id, to, content);
    }

    @Override
    public synchronized void appendLog(TaskId id, String line) {
        String old = readText(id, "data_pipeline.log").orElse("");
        put(id, "data_pipeline.log", old + line + "\n");
    }

    private Map<String, Object> dir(TaskId id) {
        Map<String, Object> d = dirs.get(id);
        if (d == null) {
            throw new IllegalStateException("no task directory " + id);
        }
        return d;
    }

    private void put(TaskId id, String name, Object content) {
        create(id);
        dirs.get(id).put(name, content);
        modified.get(id).put(name, clock.instant());
    }

    private static long size(Object content) {
        return content instanceof String s ? s.getBytes(StandardCharsets.UTF_8).length : String.valueOf(content).length();
    }
}
