package io.datapipeline.vectoradmin.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.contract.FileFoldersContract;
import io.datapipeline.core.port.out.FileFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-system folders honour the same contract as the in-memory fake. */
class LocalFileFoldersTest extends FileFoldersContract {

    @TempDir
    Path temp;

    private int n;

    @Override
    protected FileFolders folders() {
        return new LocalFileFolders();
    }

    @Override
    protected String existingFile(String name, String text) {
        try {
            Path dir = Files.createDirectories(temp.resolve("in-" + (++n)));
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String aFolderPath() {
        return temp.toString();
    }

    @Test
    void givenARelativePath_whenLocated_thenItIsMadeAbsoluteAndNoTemporaryFileIsLeftByWrites() throws IOException {
        Path file = Path.of(existingFile("pairs.json", "[]"));
        String relative = Path.of("").toAbsolutePath().relativize(file).toString();
        FileFolders folders = folders();

        FileFolders.FileRef ref = folders.locate(relative, "input_file");
        folders.writeJson(ref.folder(), "pairs.json", List.of());

        assertThat(ref.folder()).isEqualTo(file.getParent().toString());
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("pairs.json");
        }
    }
}
