package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.TaskFilesUseCase;
import io.datapipeline.core.vector.Sizes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Files of a task: list, download (also backup files), uploads, the table list. */
@Controller("/api/v0/data_pipeline/tasks/{task_id}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class FileController {

    private final TaskFilesUseCase files;
    private final io.datapipeline.core.port.in.ListVectorBackupsUseCase backups;

    public FileController(TaskFilesUseCase files, io.datapipeline.core.port.in.ListVectorBackupsUseCase backups) {
        this.files = files;
        this.backups = backups;
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/files", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> list(@PathVariable("task_id") String taskId) {
        TaskId id = TaskId.parse(taskId);
        List<TaskFilesUseCase.TaskFile> list = files.list(id).orElseThrow(() -> new NotFoundException("task " + id
                + " does not exist"));
        List<TaskFilesUseCase.TaskFile> backups = files.listBackups(id);
        long total = list.stream().mapToLong(TaskFilesUseCase.TaskFile::size).sum();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        data.put("files", describe(list));
        data.put("backup_files", describe(backups));
        List<Object> earlier = new ArrayList<>();
        for (TaskFilesUseCase.FileBackup b : files.listFileBackups(id)) {
            Map<String, Object> fb = new LinkedHashMap<>();
            fb.put("folder", b.folder());
            fb.put("files", describe(b.files()));
            earlier.add(fb);
        }
        data.put("file_backups", earlier);
        Map<String, Object> dir = new LinkedHashMap<>();
        dir.put("total_files", list.size());
        dir.put("total_size", total);
        dir.put("total_size_formatted", Sizes.human(total));
        data.put("directory_info", dir);
        return Envelope.ok(data, list.size() + " file(s)");
    }

    private static List<Object> describe(List<TaskFilesUseCase.TaskFile> list) {
        List<Object> out = new ArrayList<>();
        for (TaskFilesUseCase.TaskFile f : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file_name", f.name());
            m.put("file_type", type(f.name()));
            m.put("file_size", f.size());
            m.put("file_size_formatted", Sizes.human(f.size()));
            m.put("modified_at", f.modified().toString());
            out.add(m);
        }
        return out;
    }

    private static String type(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".ddl")) {
            return "ddl";
        }
        if (n.endsWith(".sql")) {
            return "sql";
        }
        if (n.endsWith(".md")) {
            return "markdown";
        }
        if (n.endsWith(".json")) {
            return "json";
        }
        if (n.endsWith(".txt")) {
            return "text";
        }
        if (n.endsWith(".log")) {
            return "log";
        }
        if (n.endsWith(".csv")) {
            return "csv";
        }
        return "other";
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/files/{file_name}", produces = MediaType.APPLICATION_OCTET_STREAM)
    public HttpResponse<SystemFile> download(@PathVariable("task_id") String taskId,
            @PathVariable("file_name") String fileName) {
        return send(TaskId.parse(taskId), fileName, false);
    }

    /** A file of the task's backup folder, addressed by name only. */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/files/vector_bak/{file_name}", produces = MediaType.APPLICATION_OCTET_STREAM)
    public HttpResponse<SystemFile> downloadBackup(@PathVariable("task_id") String taskId,
            @PathVariable("file_name") String fileName) {
        return send(TaskId.parse(taskId), fileName, true);
    }

    private HttpResponse<SystemFile> send(TaskId id, String fileName, boolean backup) {
        if (backup) {
            java.util.Optional<io.micronaut.http.MutableHttpResponse<SystemFile>> set = BackupDownloads.find(backups,
                    io.datapipeline.core.vector.BackupLocation.ofTask(id), fileName);
            if (set.isPresent()) {
                return set.get();
            }
        }
        TaskFilesUseCase.TaskFile f = files.file(id, fileName, backup).orElseThrow(() -> new NotFoundException("no file "
                + fileName + (backup ? " in vector_bak/" : "") + " in task " + id));
        return HttpResponse.ok(new SystemFile(new java.io.File(f.location())).attach(f.name()));
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/upload-table-list", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> uploadTableList(HttpRequest<?> request,
            @PathVariable("task_id") String taskId, @Nullable @Part("file") CompletedFileUpload file) throws IOException {
        TaskId id = TaskId.parse(taskId);
        requireMultipart(request);
        if (file == null || file.getFilename() == null || file.getFilename().isBlank()) {
            throw InvalidInputException.missing("file", "send the table list as multipart field 'file'");
        }
        TaskFilesUseCase.TableListInfo info = files.uploadTableList(id, file.getFilename(), file.getBytes());
        Map<String, Object> data = tableList(id, info);
        data.put("uploaded_name", file.getFilename());
        return Envelope.ok(data, "table list uploaded: " + info.list().tables().size() + " table(s)");
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/table-list", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> writeTableList(HttpRequest<?> request,
            @PathVariable("task_id") String taskId, @Nullable @Body String body) {
        TaskId id = TaskId.parse(taskId);
        JsonBody in = JsonBody.parse(request, body, Set.of("tables"));
        List<String> tables = in.strings("tables", true);
        if (tables == null || tables.isEmpty()) {
            throw InvalidInputException.missing("tables", "tables (an array of names or a comma-separated string) is required");
        }
        TaskFilesUseCase.TableListInfo info = files.writeTableList(id, tables);
        Map<String, Object> data = tableList(id, info);
        data.put("original_count", tables.size());
        return Envelope.ok(data, "table list written: " + info.list().tables().size() + " table(s)");
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/table-list-info", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> tableListInfo(@PathVariable("task_id") String taskId) {
        TaskId id = TaskId.parse(taskId);
        Map<String, Object> data = files.tableListInfo(id).map(info -> {
            Map<String, Object> m = tableList(id, info);
            m.put("has_file", true);
            return m;
        }).orElseGet(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", id.value());
            m.put("has_file", false);
            m.put("file_name", "table_list.txt");
            return m;
        });
        return Envelope.ok(data, Boolean.TRUE.equals(data.get("has_file")) ? "table list found" : "no table list yet");
    }

    private static Map<String, Object> tableList(TaskId id, TaskFilesUseCase.TableListInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", id.value());
        m.put("file_name", info.fileName());
        m.put("file_size", info.size());
        m.put("file_size_formatted", Sizes.human(info.size()));
        m.put("modified_at", info.modified());
        m.put("table_count", info.list().tables().size());
        m.put("table_names", info.list().tables().stream().map(TableName::display).toList());
        m.put("invalid_entries", info.list().invalid());
        return m;
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/files", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> upload(HttpRequest<?> request, @PathVariable("task_id") String taskId,
            @Nullable @Part("file") CompletedFileUpload file, @Nullable @Part("overwrite_mode") String mode)
            throws IOException {
        TaskId id = TaskId.parse(taskId);
        requireMultipart(request);
        if (file == null || file.getFilename() == null || file.getFilename().isBlank()) {
            throw InvalidInputException.missing("file", "send the file as multipart field 'file'");
        }
        TaskFilesUseCase.UploadResult r = files.upload(id, file.getFilename(), file.getBytes(), mode);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        Map<String, Object> up = new LinkedHashMap<>();
        up.put("filename", r.fileName());
        up.put("size", r.size());
        up.put("size_formatted", Sizes.human(r.size()));
        up.put("overwrite_mode", mode == null ? "backup" : mode);
        up.put("skipped", r.skipped());
        data.put("uploaded_file", up);
        if (r.backupName() != null) {
            data.put("backup_info", Map.of("had_existing_file", true, "backup_filename", r.backupName()));
        }
        return Envelope.status(HttpStatus.OK, data,
                r.skipped() ? "file exists; skipped" : "file uploaded");
    }

    private static void requireMultipart(HttpRequest<?> request) {
        boolean multipart = request.getContentType().map(t -> t.getName().equals(MediaType.MULTIPART_FORM_DATA))
                .orElse(false);
        if (!multipart) {
            throw InvalidInputException.invalid("Content-Type", "send the file as multipart/form-data");
        }
    }
}
