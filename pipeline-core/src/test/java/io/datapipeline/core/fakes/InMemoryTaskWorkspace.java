package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Task files in memory, behaving like the file-system workspace ({@code TaskWorkspaceContract}): files are
 * bytes, JSON documents are written as JSON text and read back into maps and lists, listings are sorted by
 * name, names are checked the same way. Core values (results, reports) that only {@code pipeline-wire} can render
 * are kept as the objects given and read back as such; their text is only a stand-in.
 */
public final class InMemoryTaskWorkspace implements TaskWorkspace {

    private static final String LOG = "data_pipeline.log";

    /** One file: its bytes, the core value it was written from (or {@code null}), its modification time. */
    private record File(byte[] bytes, Object value, Instant modified) {
    }

    private final Map<TaskId, Map<String, File>> dirs = new LinkedHashMap<>();
    private final Map<TaskId, Map<String, Map<String, File>>> folders = new LinkedHashMap<>();
    /** Files "outside" to import from: directory name to file name to text. */
    private final Map<String, Map<String, String>> outside = new LinkedHashMap<>();
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

    /** Makes an (empty) directory outside the data directory, for {@link #importFiles}. */
    public synchronized InMemoryTaskWorkspace outsideDirectory(String directory) {
        outside.computeIfAbsent(directory, k -> new LinkedHashMap<>());
        return this;
    }

    /** Puts a file into a directory outside the data directory, for {@link #importFiles}. */
    public synchronized InMemoryTaskWorkspace outsideFile(String directory, String name, String text) {
        outside.computeIfAbsent(directory, k -> new LinkedHashMap<>()).put(name, text);
        return this;
    }

    /** Puts a file into a sub-folder of the task directory, as other parts write them (backup sets in vector_bak/). */
    public synchronized InMemoryTaskWorkspace putInFolder(TaskId id, String folder, String name, byte[] content) {
        checkName(folder);
        checkName(name);
        create(id);
        folders.get(id).computeIfAbsent(folder, k -> new TreeMap<>()).put(name, new File(content.clone(), null,
                clock.instant()));
        return this;
    }

    @Override
    public synchronized List<String> importFiles(TaskId id, String sourceDirectory, Predicate<String> accept,
            long maxBytes) {
        Map<String, String> files = outside.get(sourceDirectory);
        if (files == null) {
            throw InvalidInputException.invalid("data_path", sourceDirectory + " is not a directory");
        }
        List<String> copied = new ArrayList<>();
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
            if (accept.test(f.getKey())) {
                if (f.getValue().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                    throw InvalidInputException.invalid("data_path", f.getKey() + " is larger than "
                            + (maxBytes >> 20) + " MB");
                }
                writeText(id, f.getKey(), f.getValue());
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
        dirs.computeIfAbsent(id, k -> new TreeMap<>());
        folders.computeIfAbsent(id, k -> new TreeMap<>());
    }

    @Override
    public synchronized void deleteAll(TaskId id) {
        dirs.remove(id);
        folders.remove(id);
    }

    @Override
    public synchronized List<FileInfo> list(TaskId id) {
        return infos(dirs.getOrDefault(id, Map.of()));
    }

    private static List<FileInfo> infos(Map<String, File> files) {
        List<FileInfo> out = new ArrayList<>();
        files.forEach((name, f) -> {
            // as on disk: dot files and the temporary files of atomic writes are not listed
            if (!name.startsWith(".") && !name.endsWith(".tmp")) {
                out.add(new FileInfo(name, f.bytes().length, f.modified()));
            }
        });
        out.sort(Comparator.comparing(FileInfo::name));
        return out;
    }

    @Override
    public synchronized Optional<String> readText(TaskId id, String fileName) {
        checkName(fileName);
        File f = dirs.getOrDefault(id, Map.of()).get(fileName);
        if (f == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(f.bytes())).toString());
        } catch (CharacterCodingException e) {
            throw new PipelineException("cannot read " + directory(id) + "/" + fileName + ": " + e, e);
        }
    }

    @Override
    public synchronized void writeText(TaskId id, String fileName, String content) {
        put(id, fileName, content.getBytes(StandardCharsets.UTF_8), null);
    }

    @Override
    public synchronized void writeJson(TaskId id, String fileName, Object document) {
        if (FakeJson.isPlain(document)) {
            put(id, fileName, FakeJson.pretty(document).getBytes(StandardCharsets.UTF_8), null);
        } else {
            put(id, fileName, String.valueOf(document).getBytes(StandardCharsets.UTF_8), document);
        }
    }

    @Override
    public synchronized Optional<Object> readJson(TaskId id, String fileName) {
        checkName(fileName);
        File f = dirs.getOrDefault(id, Map.of()).get(fileName);
        if (f == null) {
            return Optional.empty();
        }
        if (f.value() != null) {
            return Optional.of(f.value());
        }
        try {
            return Optional.ofNullable(FakeJson.parse(readText(id, fileName).orElseThrow()));
        } catch (IllegalArgumentException e) {
            throw new PipelineException(fileName + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void writeBytes(TaskId id, String fileName, byte[] content) {
        put(id, fileName, content.clone(), null);
    }

    @Override
    public synchronized Optional<byte[]> readBytes(TaskId id, String fileName) {
        checkName(fileName);
        File f = dirs.getOrDefault(id, Map.of()).get(fileName);
        return f == null ? Optional.empty() : Optional.of(f.bytes().clone());
    }

    @Override
    public synchronized List<FileInfo> listFolder(TaskId id, String folder) {
        checkName(folder);
        return infos(folders.getOrDefault(id, Map.of()).getOrDefault(folder, Map.of()));
    }

    @Override
    public synchronized List<String> folders(TaskId id) {
        return folders.getOrDefault(id, Map.of()).keySet().stream().filter(n -> !n.startsWith(".")).sorted().toList();
    }

    @Override
    public synchronized void moveToFolder(TaskId id, String folder, List<String> fileNames) {
        checkName(folder);
        create(id);
        Map<String, File> target = folders.get(id).computeIfAbsent(folder, k -> new TreeMap<>());
        for (String name : fileNames) {
            checkName(name);
            File f = dirs.get(id).remove(name);
            if (f == null) {
                throw new PipelineException("cannot move " + name + " into " + folder + ": it is no regular file");
            }
            target.put(name, f);
        }
    }

    @Override
    public synchronized void writeJsonIn(TaskId id, String folder, String fileName, Object document) {
        checkName(folder);
        checkName(fileName);
        Map<String, File> target = folders.getOrDefault(id, Map.of()).get(folder);
        if (target == null) {
            throw new PipelineException("task " + id + " has no folder " + folder);
        }
        target.put(fileName, new File(FakeJson.pretty(document).getBytes(StandardCharsets.UTF_8), null,
                clock.instant()));
    }

    @Override
    public synchronized Optional<String> locate(TaskId id, String folder, String fileName) {
        boolean top = folder == null || folder.isEmpty();
        if (!top) {
            checkName(folder);
        }
        checkName(fileName);
        Map<String, File> files = top ? dirs.getOrDefault(id, Map.of())
                : folders.getOrDefault(id, Map.of()).getOrDefault(folder, Map.of());
        return files.containsKey(fileName) ? Optional.of(directory(id) + (top ? "" : "/" + folder) + "/" + fileName)
                : Optional.empty();
    }

    @Override
    public synchronized void delete(TaskId id, String fileName) {
        checkName(fileName);
        dirs.getOrDefault(id, new TreeMap<>()).remove(fileName);
    }

    @Override
    public synchronized void rename(TaskId id, String from, String to) {
        checkName(from);
        checkName(to);
        File f = dirs.getOrDefault(id, new TreeMap<>()).remove(from);
        if (f == null) {
            throw new PipelineException("cannot rename " + from + " to " + to + ": " + directory(id) + "/" + from
                    + " does not exist");
        }
        dirs.get(id).put(to, f);
    }

    @Override
    public synchronized void appendLog(TaskId id, String line) {
        String old = readText(id, LOG).orElse("");
        put(id, LOG, (old + line + "\n").getBytes(StandardCharsets.UTF_8), null);
    }

    private void put(TaskId id, String name, byte[] bytes, Object value) {
        checkName(name);
        create(id);
        dirs.get(id).put(name, new File(bytes, value, clock.instant()));
    }

    /** The file-system workspace's rule: a plain name, no separators, not {@code .} or {@code ..}, no NUL. */
    private static void checkName(String fileName) {
        if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(".") || fileName.equals("..") || fileName.indexOf('\0') >= 0) {
            throw InvalidInputException.invalid("file_name", "invalid file name '" + fileName + "'");
        }
    }
}
