package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * What every {@link TaskWorkspace} must do, run against the in-memory fake and the file-system workspace: files
 * by plain name, replaced whole, listed by name; JSON written as text and read back into maps and lists; no name
 * that could leave the task directory is accepted.
 */
public abstract class TaskWorkspaceContract {

    protected static final TaskId ID = new TaskId("task_20250721_113010");
    protected static final TaskId OTHER = new TaskId("task_20250721_113011");

    /** A workspace with no task directories. */
    protected abstract TaskWorkspace freshWorkspace();

    /** A directory outside the data directory holding these UTF-8 text files, for {@link TaskWorkspace#importFiles}. */
    protected abstract String outsideDirectory(Map<String, String> files);

    /**
     * Puts a file into a sub-folder of the task directory the way the parts that own such folders do (the backup
     * sets write {@code vector_bak/} themselves; the port only lists and locates them).
     */
    protected abstract void putInFolder(TaskId id, String folder, String name, byte[] content);

    private TaskWorkspace ws;

    @BeforeEach
    void setUpWorkspace() {
        ws = freshWorkspace();
    }

    @Test
    void givenNoTaskDirectory_whenAsked_thenItDoesNotExistAndHoldsNothing() {
        assertThat(ws.exists(ID)).isFalse();
        assertThat(ws.list(ID)).isEmpty();
        assertThat(ws.listFolder(ID, "vector_bak")).isEmpty();
        assertThat(ws.readText(ID, "table_list.txt")).isEmpty();
        assertThat(ws.readJson(ID, "task_result.json")).isEmpty();
        assertThat(ws.locate(ID, "", "table_list.txt")).isEmpty();
        assertThat(ws.directory(ID)).endsWith(ID.value());
        assertThat(ws.exists(ID)).as("asking creates nothing").isFalse();
    }

    @Test
    void givenCreate_whenCalledTwice_thenTheDirectoryExistsEmptyAndOtherTasksAreUntouched() {
        ws.create(ID);
        ws.create(ID);

        assertThat(ws.exists(ID)).isTrue();
        assertThat(ws.list(ID)).isEmpty();
        assertThat(ws.exists(OTHER)).isFalse();
    }

    @Test
    void givenATextFileWrittenTwice_whenRead_thenTheLastVersionIsReadAndListedOnceWithItsUtf8Size() {
        ws.writeText(ID, "shop_detail.md", "first version");
        String second = "## shop（商店）\nzweite Fassung: ü\n";
        ws.writeText(ID, "shop_detail.md", second);

        assertThat(ws.exists(ID)).as("a write creates the directory").isTrue();
        assertThat(ws.readText(ID, "shop_detail.md")).contains(second);
        assertThat(ws.list(ID)).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("shop_detail.md");
            assertThat(f.size()).isEqualTo(second.getBytes(StandardCharsets.UTF_8).length);
            assertThat(f.modified()).isNotNull();
        });
        assertThat(ws.readText(OTHER, "shop_detail.md")).isEmpty();
    }

    @Test
    void givenFilesWrittenInAnyOrder_whenListed_thenTheyComeSortedByName() {
        ws.writeText(ID, "b.ddl", "b");
        ws.writeText(ID, "a.md", "a");
        ws.writeText(ID, "C.txt", "c");
        ws.writeBytes(ID, "a_pair.json", "[]".getBytes(StandardCharsets.UTF_8));

        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name)
                .containsExactly("C.txt", "a.md", "a_pair.json", "b.ddl");
    }

    @Test
    void givenAJsonDocument_whenWrittenAndRead_thenItComesBackAsMapsAndListsInDocumentOrder() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("question", "有多少公司？ \"quoted\"\nnext line");
        doc.put("count", 3);
        doc.put("ratio", 0.5);
        doc.put("ok", true);
        doc.put("nothing", null);
        doc.put("items", Arrays.asList(1, "two", Map.of("k", "v"), List.of()));
        doc.put("empty", Map.of());

        ws.writeJson(ID, "qs_shop_20250721_113010_pair.json", doc);

        Object back = ws.readJson(ID, "qs_shop_20250721_113010_pair.json").orElseThrow();
        assertThat(back).isEqualTo(doc);
        assertThat(new ArrayList<Object>(((Map<?, ?>) back).keySet())).containsExactly("question", "count", "ratio", "ok", "nothing", "items",
                "empty");
        String text = ws.readText(ID, "qs_shop_20250721_113010_pair.json").orElseThrow();
        assertThat(text).as("UTF-8 with non-ASCII kept").contains("有多少公司？");
        ws.writeText(ID, "copy.json", text);
        assertThat(ws.readJson(ID, "copy.json")).as("what readText gives is the JSON text").contains(doc);
    }

    @Test
    void givenJsonTextWrittenAsTextOrBytes_whenReadAsJson_thenItIsParsedAndTextThatIsNoJsonIsAnError() {
        ws.writeBytes(ID, "upload_pair.json", "[{\"question\": \"q\", \"sql\": \"SELECT 1\"}]"
                .getBytes(StandardCharsets.UTF_8));
        ws.writeText(ID, "numbers.json", "{\"small\": 7, \"big\": 12345678901, \"real\": 2.5}");
        ws.writeText(ID, "broken.json", "{\"question\": ");

        assertThat(ws.readJson(ID, "upload_pair.json")).contains(List.of(Map.of("question", "q", "sql", "SELECT 1")));
        assertThat(ws.readJson(ID, "numbers.json")).contains(Map.of("small", 7, "big", 12345678901L, "real", 2.5));
        assertThatThrownBy(() -> ws.readJson(ID, "broken.json")).isInstanceOf(PipelineException.class)
                .hasMessageContaining("broken.json");
    }

    @Test
    void givenBytes_whenWritten_thenTheSizeIsTheByteCountAndTheFileIsLocatedInsideTheTaskDirectory() {
        byte[] content = {(byte) 0xff, 0, 1, (byte) 0x80, '\n'};

        ws.writeBytes(ID, "upload.csv", content);

        assertThat(ws.list(ID)).singleElement().satisfies(f -> assertThat(f.size()).isEqualTo(content.length));
        assertThat(ws.locate(ID, "", "upload.csv")).hasValueSatisfying(path -> assertThat(path)
                .startsWith(ws.directory(ID)).endsWith("upload.csv"));
        assertThat(ws.locate(ID, null, "upload.csv")).isEqualTo(ws.locate(ID, "", "upload.csv"));
        assertThat(ws.locate(ID, "", "missing.csv")).isEmpty();
    }

    @Test
    void givenTwoFiles_whenOneIsRenamedOntoTheOther_thenOnlyTheNewNameRemainsWithTheMovedContent() {
        ws.writeText(ID, "pairs.json", "new");
        ws.writeText(ID, "pairs.json_bak1", "old");

        ws.rename(ID, "pairs.json", "pairs.json_bak1");

        assertThat(ws.readText(ID, "pairs.json_bak1")).contains("new");
        assertThat(ws.readText(ID, "pairs.json")).isEmpty();
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).containsExactly("pairs.json_bak1");
        assertThatThrownBy(() -> ws.rename(ID, "nothing.json", "x.json")).isInstanceOf(PipelineException.class);
    }

    @Test
    void givenAFile_whenDeletedTwice_thenItIsGoneAndTheSecondDeleteIsHarmless() {
        ws.writeText(ID, "stale.ddl", "x");
        ws.writeText(ID, "kept.ddl", "y");

        ws.delete(ID, "stale.ddl");
        ws.delete(ID, "stale.ddl");
        ws.delete(OTHER, "stale.ddl");

        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).containsExactly("kept.ddl");
    }

    @Test
    void givenLogLines_whenAppended_thenTheLogHoldsThemInOrderEachEndingInANewline() {
        ws.appendLog(ID, "2025-07-21 11:30:10 [INFO] pipeline.task: one");
        ws.appendLog(ID, "2025-07-21 11:30:11 [ERROR] pipeline.task: two");

        assertThat(ws.exists(ID)).isTrue();
        assertThat(ws.readText(ID, "data_pipeline.log")).contains("2025-07-21 11:30:10 [INFO] pipeline.task: one\n"
                + "2025-07-21 11:30:11 [ERROR] pipeline.task: two\n");
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).containsExactly("data_pipeline.log");
    }

    @Test
    void givenATaskDirectoryWithFilesAndAFolder_whenDeletedAll_thenNothingOfItIsLeft() {
        ws.writeText(ID, "a.md", "a");
        putInFolder(ID, "vector_bak", "set.csv", new byte[] {1});
        ws.writeText(OTHER, "b.md", "b");

        ws.deleteAll(ID);
        ws.deleteAll(ID);

        assertThat(ws.exists(ID)).isFalse();
        assertThat(ws.list(ID)).isEmpty();
        assertThat(ws.listFolder(ID, "vector_bak")).isEmpty();
        assertThat(ws.readText(ID, "a.md")).isEmpty();
        assertThat(ws.readText(OTHER, "b.md")).contains("b");
    }

    @Test
    void givenFilesInASubFolder_whenListedAndLocated_thenTheyAreFoundThereAndNotInTheTaskDirectory() {
        ws.writeText(ID, "shop.ddl", "x");
        putInFolder(ID, "vector_bak", "langchain_pg_embedding_20250721_113010.csv", new byte[] {1, 2, 3});

        assertThat(ws.listFolder(ID, "vector_bak")).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("langchain_pg_embedding_20250721_113010.csv");
            assertThat(f.size()).isEqualTo(3);
        });
        assertThat(ws.locate(ID, "vector_bak", "langchain_pg_embedding_20250721_113010.csv"))
                .hasValueSatisfying(p -> assertThat(p).startsWith(ws.directory(ID)).contains("vector_bak"));
        assertThat(ws.locate(ID, "", "langchain_pg_embedding_20250721_113010.csv")).isEmpty();
        assertThat(ws.list(ID)).as("a folder is no file").extracting(TaskWorkspace.FileInfo::name)
                .containsExactly("shop.ddl");
        assertThat(ws.listFolder(ID, "other_folder")).isEmpty();
    }

    @Test
    void givenNamesThatCouldLeaveTheTaskDirectory_whenUsed_thenEveryOperationRefusesThemAsInvalidFileNames() {
        ws.writeText(ID, "ok.md", "x");
        List<String> names = List.of("../escape.md", "sub/x.md", "..", ".", "", "a\\b.md", "nul\0.md");
        List<ThrowingConsumer<String>> operations = new ArrayList<>(List.of(
                n -> ws.writeText(ID, n, "x"),
                n -> ws.writeBytes(ID, n, new byte[] {1}),
                n -> ws.writeJson(ID, n, Map.of()),
                n -> ws.readText(ID, n),
                n -> ws.readJson(ID, n),
                n -> ws.delete(ID, n),
                n -> ws.locate(ID, "", n),
                n -> ws.listFolder(ID, n),
                n -> ws.rename(ID, "ok.md", n)));

        for (String name : names) {
            for (ThrowingConsumer<String> op : operations) {
                assertThatThrownBy(() -> op.accept(name)).as("name '%s'", name)
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                                .isEqualTo("file_name"));
            }
            if (!name.isEmpty()) {
                assertThatThrownBy(() -> ws.locate(ID, name, "ok.md")).as("folder '%s'", name)
                        .isInstanceOf(InvalidInputException.class);
            }
        }
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).containsExactly("ok.md");
    }

    @Test
    void givenAnOutsideDirectory_whenImported_thenTheAcceptedFilesAreCopiedInNameOrder() {
        String dir = outsideDirectory(Map.of("b.ddl", "create table b (x int);", "a.md", "## a（甲）",
                "readme.txt", "not training data"));

        List<String> copied = ws.importFiles(ID, dir, n -> !n.endsWith(".txt"), 1024);

        assertThat(copied).containsExactly("a.md", "b.ddl");
        assertThat(ws.readText(ID, "a.md")).contains("## a（甲）");
        assertThat(ws.readText(ID, "readme.txt")).isEmpty();
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).containsExactly("a.md", "b.ddl");
    }

    @Test
    void givenAFileOverTheLimitOrNoSuchDirectory_whenImported_thenItIsInvalidInputForDataPath() {
        String dir = outsideDirectory(Map.of("big.md", "x".repeat(11)));
        String exact = outsideDirectory(Map.of("ten.md", "x".repeat(10)));

        assertThatThrownBy(() -> ws.importFiles(ID, dir, n -> true, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("data_path"));
        assertThat(ws.importFiles(ID, exact, n -> true, 10)).containsExactly("ten.md");
        assertThatThrownBy(() -> ws.importFiles(ID, dir + "/missing", n -> true, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("data_path"));
    }

    @Test
    void givenFiles_whenMovedIntoAFolder_thenTheFolderListsThemWithAJsonBesideAndTheDirectoryNoLonger() {
        ws.writeText(ID, "shop.ddl", "create table shop ();");
        ws.writeText(ID, "shop_detail.md", "## shop");
        ws.writeText(ID, "table_list.txt", "shop");

        ws.moveToFolder(ID, "file_bak_20250721_113010", List.of("shop.ddl", "shop_detail.md"));
        ws.writeJsonIn(ID, "file_bak_20250721_113010", "backup_info.json", Map.of("moved_files", List.of("shop.ddl")));

        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).containsExactly("table_list.txt");
        assertThat(ws.folders(ID)).containsExactly("file_bak_20250721_113010");
        assertThat(ws.listFolder(ID, "file_bak_20250721_113010")).extracting(TaskWorkspace.FileInfo::name)
                .containsExactly("backup_info.json", "shop.ddl", "shop_detail.md");
        assertThat(ws.locate(ID, "file_bak_20250721_113010", "shop.ddl")).isPresent();
        assertThat(ws.folders(OTHER)).isEmpty();
    }

    @Test
    void givenAMissingFileOrFolder_whenMovedOrWrittenInto_thenItFails() {
        ws.writeText(ID, "a.ddl", "x");

        assertThatThrownBy(() -> ws.moveToFolder(ID, "file_bak_1", List.of("missing.ddl")))
                .isInstanceOf(PipelineException.class).hasMessageContaining("missing.ddl");
        assertThatThrownBy(() -> ws.writeJsonIn(ID, "no_such_folder", "backup_info.json", Map.of()))
                .isInstanceOf(PipelineException.class);
        assertThatThrownBy(() -> ws.moveToFolder(ID, "../out", List.of("a.ddl"))).isInstanceOf(
                InvalidInputException.class);
    }
}
