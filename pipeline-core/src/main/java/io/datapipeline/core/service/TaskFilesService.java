package io.datapipeline.core.service;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TableList;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.TaskFilesUseCase;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Files of a task: list, download, upload (checked names and sizes), and the table list. */
public final class TaskFilesService implements TaskFilesUseCase {

    public static final String TABLE_LIST = "table_list.txt";
    public static final long MAX_UPLOAD_BYTES = 10L * 1024 * 1024;
    public static final long MAX_TABLE_LIST_BYTES = 2L * 1024 * 1024;
    private static final Set<String> EXTENSIONS = Set.of(".ddl", ".md", ".txt", ".json", ".sql", ".csv");

    private final TaskRepository repository;
    private final TaskWorkspace workspace;
    private final Clock clock;

    public TaskFilesService(TaskRepository repository, TaskWorkspace workspace, Clock clock) {
        this.repository = repository;
        this.workspace = workspace;
        this.clock = clock;
    }

    @Override
    public Optional<List<TaskFile>> list(TaskId id) {
        if (repository.find(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(newestFirst(id, "", workspace.list(id)));
    }

    @Override
    public List<TaskFile> listBackups(TaskId id) {
        requireTask(id);
        return newestFirst(id, "vector_bak", workspace.listFolder(id, "vector_bak"));
    }

    @Override
    public List<FileBackup> listFileBackups(TaskId id) {
        requireTask(id);
        List<FileBackup> out = new ArrayList<>();
        for (String folder : workspace.folders(id)) {
            if (folder.startsWith(PreviousOutputs.PREFIX)) {
                List<TaskFile> files = new ArrayList<>();
                for (TaskWorkspace.FileInfo f : workspace.listFolder(id, folder)) {
                    files.add(new TaskFile(f.name(), f.size(), f.modified(), workspace.locate(id, folder, f.name())
                            .orElse(null)));
                }
                out.add(new FileBackup(folder, files));
            }
        }
        // the folder names carry their time: newest first
        out.sort(Comparator.comparing(FileBackup::folder).reversed());
        return out;
    }

    private List<TaskFile> newestFirst(TaskId id, String folder, List<TaskWorkspace.FileInfo> files) {
        List<TaskWorkspace.FileInfo> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(TaskWorkspace.FileInfo::modified).reversed()
                .thenComparing(TaskWorkspace.FileInfo::name));
        List<TaskFile> out = new ArrayList<>();
        for (TaskWorkspace.FileInfo f : sorted) {
            out.add(new TaskFile(f.name(), f.size(), f.modified(), workspace.locate(id, folder, f.name()).orElse(null)));
        }
        return out;
    }

    @Override
    public Optional<TaskFile> file(TaskId id, String fileName, boolean inBackups) {
        requireTask(id);
        checkName(fileName);
        String folder = inBackups ? "vector_bak" : "";
        Optional<String> location = workspace.locate(id, folder, fileName);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        List<TaskWorkspace.FileInfo> in = inBackups ? workspace.listFolder(id, folder) : workspace.list(id);
        return in.stream().filter(f -> f.name().equals(fileName)).findFirst()
                .map(f -> new TaskFile(f.name(), f.size(), f.modified(), location.get()));
    }

    @Override
    public UploadResult upload(TaskId id, String fileName, byte[] content, String mode) {
        requireTask(id);
        checkName(fileName);
        if (fileName.equals(TABLE_LIST)) {
            throw InvalidInputException.invalid("file", "table_list.txt can only be replaced through upload-table-list "
                    + "or table-list, which validate it");
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (EXTENSIONS.stream().noneMatch(lower::endsWith)) {
            throw InvalidInputException.invalid("file", "file type not allowed: use one of " + EXTENSIONS);
        }
        if (content.length == 0) {
            throw InvalidInputException.invalid("file", "the file is empty");
        }
        if (content.length > MAX_UPLOAD_BYTES) {
            throw InvalidInputException.invalid("file", "the file is larger than 10 MB");
        }
        String m = mode == null ? "backup" : mode;
        if (!Set.of("backup", "replace", "skip").contains(m)) {
            throw InvalidInputException.invalid("overwrite_mode", "overwrite_mode must be backup, replace or skip");
        }
        boolean exists = workspace.locate(id, "", fileName).isPresent();
        String backup = null;
        if (exists && m.equals("skip")) {
            return new UploadResult(fileName, content.length, true, null);
        }
        if (exists && m.equals("backup")) {
            int n = 1;
            while (workspace.locate(id, "", fileName + "_bak" + n).isPresent()) {
                n++;
            }
            backup = fileName + "_bak" + n;
            workspace.rename(id, fileName, backup);
        }
        workspace.writeBytes(id, fileName, content);
        new TaskLog(workspace, id, clock).info("task", "file uploaded: " + fileName + " (" + content.length + " bytes)");
        return new UploadResult(fileName, content.length, false, backup);
    }

    @Override
    public TableListInfo uploadTableList(TaskId id, String fileName, byte[] content) {
        requireTask(id);
        if (fileName == null || !fileName.toLowerCase(Locale.ROOT).endsWith(".txt")) {
            throw InvalidInputException.invalid("file", "the table list must be a .txt file");
        }
        if (content.length == 0) {
            throw InvalidInputException.invalid("file", "the table list is empty");
        }
        if (content.length > MAX_TABLE_LIST_BYTES) {
            throw InvalidInputException.invalid("file", "the table list is larger than 2 MB");
        }
        String text = decode(content);
        TableList.requireValid(text);
        workspace.writeText(id, TABLE_LIST, text);
        new TaskLog(workspace, id, clock).info("task", "table list uploaded (" + fileName + ")");
        return tableListInfo(id).orElseThrow();
    }

    @Override
    public TableListInfo writeTableList(TaskId id, List<String> tables) {
        requireTask(id);
        List<TableName> names = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String t : tables) {
            try {
                TableName n = TableList.parseName(t == null ? "" : t.strip());
                if (!names.contains(n)) {
                    names.add(n);
                }
            } catch (InvalidInputException e) {
                invalid.add(t + ": " + e.getMessage());
            }
        }
        if (!invalid.isEmpty()) {
            throw InvalidInputException.invalid("tables", "invalid table names: " + String.join("; ", invalid));
        }
        if (names.isEmpty() || names.size() > TableList.MAX_TABLES) {
            throw InvalidInputException.invalid("tables", "give 1 to " + TableList.MAX_TABLES + " table names");
        }
        workspace.writeText(id, TABLE_LIST, TableList.render(names, LocalDateTime.now(clock).withNano(0).toString()));
        return tableListInfo(id).orElseThrow();
    }

    @Override
    public Optional<TableListInfo> tableListInfo(TaskId id) {
        requireTask(id);
        Optional<String> text = workspace.readText(id, TABLE_LIST);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        TaskWorkspace.FileInfo info = workspace.list(id).stream().filter(f -> f.name().equals(TABLE_LIST)).findFirst()
                .orElseThrow();
        return Optional.of(new TableListInfo(TABLE_LIST, info.size(), TableList.parse(text.get()),
                info.modified().toString()));
    }

    private void requireTask(TaskId id) {
        if (repository.find(id).isEmpty()) {
            throw new NotFoundException("task " + id + " does not exist");
        }
    }

    /** A plain file name: no separators, no dots-only names, no control or reserved characters, ≤ 255. */
    static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.missing("file_name", "a file name is required");
        }
        if (name.length() > 255 || name.equals(".") || name.equals("..") || name.startsWith(".")
                || name.chars().anyMatch(c -> c < 0x20 || "/\\<>:\"|?*".indexOf(c) >= 0)) {
            throw InvalidInputException.invalid("file_name", "invalid file name '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "': no path separators, no leading dot, no control or <>:\"|?* characters, at most 255");
        }
    }

    private static String decode(byte[] content) {
        for (Charset cs : List.of(StandardCharsets.UTF_8, Charset.forName("GBK"))) {
            try {
                return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
            } catch (CharacterCodingException e) {
                // try the next encoding
            }
        }
        throw InvalidInputException.invalid("file", "the table list is neither UTF-8 nor GBK text");
    }
}
