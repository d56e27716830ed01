package io.datapipeline.vectoradmin.workspace;

import io.datapipeline.core.contract.TaskWorkspaceContract;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The file-system workspace honours the same contract as the in-memory fake. */
class FileTaskWorkspaceTest extends TaskWorkspaceContract {

    @TempDir
    Path temp;

    private Path dataDir;
    private int outsideDirectories;

    @Override
    protected TaskWorkspace freshWorkspace() {
        dataDir = temp.resolve("data");
        return new FileTaskWorkspace(new DataDirectory(dataDir));
    }

    @Override
    protected String outsideDirectory(Map<String, String> files) {
        Path dir = temp.resolve("outside-" + (++outsideDirectories));
        try {
            Files.createDirectories(dir);
            // a sub-directory is never imported, whatever its name
            Files.createDirectories(dir.resolve("nested.md"));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toString();
    }

    @Override
    protected void putInFolder(TaskId id, String folder, String name, byte[] content) {
        try {
            Path dir = dataDir.resolve(id.value()).resolve(folder);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
