package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.port.out.FileFolders;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileFolders} must do, run against the in-memory fake and the file system: locate a file the
 * caller names (and refuse what is none), read and write beside it by plain name, JSON as text read back into maps
 * and lists, listings by name, no name that could leave the folder.
 */
public abstract class FileFoldersContract {

    /** The folders under test, and an existing file {@code pairs.json} in a folder, as a path a caller would give. */
    protected abstract FileFolders folders();

    /** Creates {@code name} with {@code text} in a fresh folder and returns its path. */
    protected abstract String existingFile(String name, String text);

    /** A path that names a folder, not a file. */
    protected abstract String aFolderPath();

    private FileFolders files;

    @BeforeEach
    void setUpFolders() {
        files = folders();
    }

    @Test
    void givenAnExistingFile_whenLocated_thenItsFolderAndNameComeBackAndItCanBeRead() {
        FileFolders.FileRef ref = files.locate(existingFile("pairs.json", "[{\"question\": \"q\", \"sql\": \"SELECT 1\"}]"),
                "input_file");

        assertThat(ref.name()).isEqualTo("pairs.json");
        assertThat(ref.folder()).startsWith("/");
        assertThat(files.readJson(ref.folder(), ref.name())).contains(List.of(Map.of("question", "q", "sql",
                "SELECT 1")));
        assertThat(files.list(ref.folder())).extracting(TaskWorkspace.FileInfo::name).containsExactly("pairs.json");
    }

    @Test
    void givenNoFileOrAFolder_whenLocated_thenRefusedNamingTheField() {
        String folder = files.locate(existingFile("pairs.json", "[]"), "input_file").folder();

        assertThatThrownBy(() -> files.locate(folder + "/missing.json", "input_file"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("input_file"));
        assertThatThrownBy(() -> files.locate(aFolderPath(), "input_file")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void givenWrites_whenReadBack_thenTextAndJsonRoundTripReplacedWholeAndListedByName() {
        String folder = files.locate(existingFile("pairs.json", "[]"), "input_file").folder();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("b", List.of(1, "two", true));
        doc.put("a", null);

        files.writeText(folder, "report.log", "first version, longer");
        files.writeText(folder, "report.log", "second");
        files.writeJson(folder, "pairs.json", List.of(doc));

        assertThat(files.readText(folder, "report.log")).contains("second");
        assertThat(files.readJson(folder, "pairs.json")).contains(List.of(doc));
        assertThat(files.readJson(folder, "nothing.json")).isEmpty();
        assertThat(files.readText(folder, "nothing.txt")).isEmpty();
        assertThat(files.list(folder)).extracting(TaskWorkspace.FileInfo::name).containsExactly("pairs.json",
                "report.log");
    }

    @Test
    void givenAFileThatIsNoJson_whenReadAsJson_thenItFailsSayingSo() {
        FileFolders.FileRef ref = files.locate(existingFile("pairs.json", "{ not json"), "input_file");

        assertThatThrownBy(() -> files.readJson(ref.folder(), ref.name())).isInstanceOf(PipelineException.class)
                .hasMessageContaining("pairs.json");
    }

    @Test
    void givenANameThatLeavesTheFolder_whenWritten_thenRefused() {
        String folder = files.locate(existingFile("pairs.json", "[]"), "input_file").folder();

        for (String bad : List.of("../x.json", "a/b.json", "..", ".", "")) {
            assertThatThrownBy(() -> files.writeText(folder, bad, "x")).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void givenFolderPaths_whenResolved_thenAnExistingOneIsTakenAMissingOneCreatedOnlyWhenAskedAndAFileRefused() {
        String file = existingFile("pairs.json", "[]");
        String folder = files.locate(file, "input_file").folder();

        assertThat(files.folder(folder, "input_dir", false)).isEqualTo(folder);
        String created = files.folder(folder + "/out/docs", "output_dir", true);
        files.writeText(created, "shop.ddl", "create table shop ();");
        assertThat(files.list(created)).extracting(TaskWorkspace.FileInfo::name).containsExactly("shop.ddl");
        assertThatThrownBy(() -> files.folder(folder + "/missing", "input_dir", false))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("input_dir"));
        assertThatThrownBy(() -> files.folder(file, "output_dir", true)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void givenAFile_whenRenamed_thenOnlyTheNewNameHoldsItAndAMissingOneFails() {
        String folder = files.locate(existingFile("a_pair.json", "[1]"), "input_file").folder();

        files.rename(folder, "a_pair.json", "a_pair.json_old");

        assertThat(files.list(folder)).extracting(TaskWorkspace.FileInfo::name).containsExactly("a_pair.json_old");
        assertThat(files.readText(folder, "a_pair.json_old")).contains("[1]");
        assertThatThrownBy(() -> files.rename(folder, "missing", "x")).isInstanceOf(PipelineException.class);
    }
}
