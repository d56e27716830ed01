package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    public Path directory(TaskId id) {
        return Path.of("/memory", id.value());
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
    public Optional<Path> locate(TaskId id, String folder, String fileName) {
        return Optional.empty();
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
