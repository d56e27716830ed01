package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.TaskWorkspaceContract;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.util.Map;

/** The fake honours the same contract as the file-system workspace. */
class InMemoryTaskWorkspaceTest extends TaskWorkspaceContract {

    private InMemoryTaskWorkspace workspace;
    private int outsideDirectories;

    @Override
    protected TaskWorkspace freshWorkspace() {
        workspace = new InMemoryTaskWorkspace();
        return workspace;
    }

    @Override
    protected String outsideDirectory(Map<String, String> files) {
        String dir = "/outside/" + (++outsideDirectories);
        workspace.outsideDirectory(dir);
        files.forEach((name, text) -> workspace.outsideFile(dir, name, text));
        return dir;
    }

    @Override
    protected void putInFolder(TaskId id, String folder, String name, byte[] content) {
        workspace.putInFolder(id, folder, name, content);
    }
}
