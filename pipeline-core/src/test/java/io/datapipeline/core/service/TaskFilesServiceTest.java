package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.port.in.TaskFilesUseCase.TableListInfo;
import io.datapipeline.core.port.in.TaskFilesUseCase.TaskFile;
import io.datapipeline.core.port.in.TaskFilesUseCase.UploadResult;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

class TaskFilesServiceTest {

    private static final TaskId ID = new TaskId("task_1");
    private static final TaskId NOPE = new TaskId("task_nope");

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(new SteppingClock(
            Instant.parse("2025-07-21T11:00:00Z")));
    private final TaskFilesService files = new TaskFilesService(repo, ws, clock);

    @BeforeEach
    void setUp() {
        repo.insert(new Task(ID, null, TaskStatus.PENDING, TaskParameters.defaults(DatabaseUrl.parse(
                "postgresql://app@db/shop", "db"), "shops"), "shop", "api", clock.instant(), null, null, null));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void expectInvalid(ThrowingConsumer<Void> call, String field, String message) {
        assertThatThrownBy(() -> call.accept(null)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void givenFilesWrittenOneAfterAnother_whenListed_thenTheNewestComesFirstWithSizeAndLocation() {
        ws.writeText(ID, "a.md", "first");
        ws.writeText(ID, "b.ddl", "second!");

        List<TaskFile> listed = files.list(ID).orElseThrow();

        assertThat(listed).extracting(TaskFile::name).containsExactly("b.ddl", "a.md");
        assertThat(listed.get(0).size()).isEqualTo(7);
        assertThat(listed.get(0).modified()).isAfter(listed.get(1).modified());
        assertThat(listed.get(0).location()).isEqualTo(ws.locate(ID, "", "b.ddl").orElseThrow());
        assertThat(files.list(NOPE)).isEmpty();
    }

    @Test
    void givenBackupFiles_whenListedOrFetched_thenTheyComeFromTheBackupFolderOnly() {
        ws.putInFolder(ID, "vector_bak", "langchain_pg_embedding_20250721_113010.csv", new byte[] {1, 2});
        ws.putInFolder(ID, "vector_bak", "backup_manifest_20250721_113010.json", new byte[] {3});
        ws.writeText(ID, "shop.ddl", "x");

        assertThat(files.listBackups(ID)).extracting(TaskFile::name).containsExactly(
                "backup_manifest_20250721_113010.json", "langchain_pg_embedding_20250721_113010.csv");
        assertThat(files.file(ID, "langchain_pg_embedding_20250721_113010.csv", true)).hasValueSatisfying(f -> {
            assertThat(f.size()).isEqualTo(2);
            assertThat(f.location()).contains("vector_bak");
        });
        assertThat(files.file(ID, "langchain_pg_embedding_20250721_113010.csv", false)).isEmpty();
        assertThat(files.file(ID, "shop.ddl", true)).isEmpty();
        assertThat(files.file(ID, "shop.ddl", false)).hasValueSatisfying(f -> assertThat(f.size()).isEqualTo(1));
        assertThatThrownBy(() -> files.listBackups(NOPE)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenNamesThatAreNoPlainFileNames_whenAFileIsAskedFor_thenTheyAreRefusedBeforeTheWorkspaceIsAsked() {
        for (String bad : List.of("../x.md", "a/b.md", "..", ".hidden.md", "a:b.md", "a|b.md", "tab\t.md",
                "x".repeat(256))) {
            expectInvalid(v -> files.file(ID, bad, false), "file_name", "invalid file name");
        }
        assertThatThrownBy(() -> files.file(ID, " ", false)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.isMissing()).isTrue());
        assertThat(files.file(ID, "x".repeat(255), false)).isEmpty();
        assertThatThrownBy(() -> files.file(NOPE, "a.md", false)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenAnExistingFile_whenUploadedAgain_thenBackupModeKeepsNumberedCopiesReplaceOverwritesAndSkipKeeps() {
        files.upload(ID, "notes.md", utf8("v1"), null);

        UploadResult backup1 = files.upload(ID, "notes.md", utf8("v2"), "backup");
        UploadResult backup2 = files.upload(ID, "notes.md", utf8("v3"), null);
        UploadResult replaced = files.upload(ID, "notes.md", utf8("v4"), "replace");
        UploadResult skipped = files.upload(ID, "notes.md", utf8("v5"), "skip");

        assertThat(backup1).isEqualTo(new UploadResult("notes.md", 2, false, "notes.md_bak1"));
        assertThat(backup2.backupName()).isEqualTo("notes.md_bak2");
        assertThat(replaced).isEqualTo(new UploadResult("notes.md", 2, false, null));
        assertThat(skipped).isEqualTo(new UploadResult("notes.md", 2, true, null));
        assertThat(ws.readText(ID, "notes.md")).contains("v4");
        assertThat(ws.readText(ID, "notes.md_bak1")).contains("v1");
        assertThat(ws.readText(ID, "notes.md_bak2")).contains("v2");
        assertThat(ws.readText(ID, "data_pipeline.log").orElseThrow())
                .contains("[INFO] pipeline.task: file uploaded: notes.md (2 bytes)");
    }

    @Test
    void givenUploadsThatBreakTheRules_whenUploaded_thenEachIsRefusedNamingTheProblem() {
        expectInvalid(v -> files.upload(ID, "table_list.txt", utf8("shop"), null), "file", "upload-table-list");
        expectInvalid(v -> files.upload(ID, "run.sh", utf8("rm -rf /"), null), "file", "file type not allowed");
        expectInvalid(v -> files.upload(ID, "empty.md", new byte[0], null), "file", "the file is empty");
        expectInvalid(v -> files.upload(ID, "big.csv", new byte[(int) TaskFilesService.MAX_UPLOAD_BYTES + 1], null),
                "file", "larger than 10 MB");
        expectInvalid(v -> files.upload(ID, "a.md", utf8("x"), "merge"), "overwrite_mode", "backup, replace or skip");
        expectInvalid(v -> files.upload(ID, "../a.md", utf8("x"), null), "file_name", "invalid file name");
        assertThatThrownBy(() -> files.upload(NOPE, "a.md", utf8("x"), null)).isInstanceOf(NotFoundException.class);
        assertThat(ws.list(ID)).isEmpty();
        assertThat(files.upload(ID, "UPPER.SQL", utf8("SELECT 1;"), null).skipped()).isFalse();
    }

    @Test
    void givenATableListInUtf8OrGbk_whenUploaded_thenItIsStoredAsUtf8AndItsNamesAreParsed() {
        TableListInfo utf8 = files.uploadTableList(ID, "tables.txt", utf8("# mine\nshop\nsales.\"Region\"\n"));
        TableListInfo gbk = files.uploadTableList(ID, "TABLES.TXT", "\"商店\"\ncity\n".getBytes(Charset.forName("GBK")));

        assertThat(utf8.list().tables()).containsExactly(new TableName(null, "shop"), new TableName("sales", "Region"));
        assertThat(gbk.fileName()).isEqualTo("table_list.txt");
        assertThat(gbk.list().tables()).containsExactly(new TableName(null, "商店"), new TableName(null, "city"));
        assertThat(ws.readText(ID, "table_list.txt")).contains("\"商店\"\ncity\n");
        assertThat(gbk.size()).isEqualTo(utf8("\"商店\"\ncity\n").length);
        assertThat(ws.readText(ID, "data_pipeline.log").orElseThrow()).contains("table list uploaded (TABLES.TXT)");
    }

    @Test
    void givenATableListThatBreaksTheRules_whenUploaded_thenItIsRefusedAndTheOldListStays() {
        files.uploadTableList(ID, "t.txt", utf8("shop"));

        expectInvalid(v -> files.uploadTableList(ID, "t.csv", utf8("shop")), "file", "must be a .txt file");
        expectInvalid(v -> files.uploadTableList(ID, "t.txt", new byte[0]), "file", "is empty");
        expectInvalid(v -> files.uploadTableList(ID, "t.txt", new byte[(int) TaskFilesService.MAX_TABLE_LIST_BYTES + 1]),
                "file", "larger than 2 MB");
        expectInvalid(v -> files.uploadTableList(ID, "t.txt", new byte[] {(byte) 0xff, (byte) 0xff, 'a'}), "file",
                "neither UTF-8 nor GBK");
        expectInvalid(v -> files.uploadTableList(ID, "t.txt", utf8("shop\n1bad\n")), "table_list", "1bad");
        assertThat(files.tableListInfo(ID).orElseThrow().list().tables()).containsExactly(new TableName(null, "shop"));
    }

    @Test
    void givenNames_whenTheTableListIsWritten_thenTheyAreDedupedRenderedWithAHeaderAndReadBack() {
        TableListInfo info = files.writeTableList(ID, List.of(" Shop ", "shop", "sales.\"Odd Name\""));

        assertThat(info.list().tables()).containsExactly(new TableName(null, "shop"), new TableName("sales", "Odd Name"));
        assertThat(ws.readText(ID, "table_list.txt")).contains("# Table list\n# Generated: 2025-07-21T11:30:10\n"
                + "# Tables: 2\n\nshop\nsales.\"Odd Name\"\n");
        assertThat(files.tableListInfo(ID)).hasValueSatisfying(i -> {
            assertThat(i.fileName()).isEqualTo("table_list.txt");
            assertThat(i.modified()).isNotBlank();
        });
    }

    @Test
    void givenBadNamesNoNamesOrTooMany_whenTheTableListIsWritten_thenItIsRefusedForTheTablesField() {
        List<String> tooMany = IntStream.rangeClosed(0, 1000).mapToObj(i -> "t" + i).collect(Collectors.toList());
        List<String> withNull = new ArrayList<>(List.of("shop"));
        withNull.add(null);

        expectInvalid(v -> files.writeTableList(ID, List.of("shop", "1bad", "a.b.c")), "tables", "1bad: ");
        expectInvalid(v -> files.writeTableList(ID, List.of()), "tables", "give 1 to 1000");
        expectInvalid(v -> files.writeTableList(ID, tooMany), "tables", "give 1 to 1000");
        expectInvalid(v -> files.writeTableList(ID, withNull), "tables", "null: ");
        assertThat(files.tableListInfo(ID)).isEmpty();
        assertThatThrownBy(() -> files.tableListInfo(NOPE)).isInstanceOf(NotFoundException.class);
    }
}
