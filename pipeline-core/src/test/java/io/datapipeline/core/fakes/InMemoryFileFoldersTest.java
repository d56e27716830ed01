package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.FileFoldersContract;
import io.datapipeline.core.port.out.FileFolders;
import java.time.Clock;

class InMemoryFileFoldersTest extends FileFoldersContract {

    private final InMemoryFileFolders fake = new InMemoryFileFolders(Clock.systemUTC());
    private int n;

    @Override
    protected FileFolders folders() {
        return fake;
    }

    @Override
    protected String existingFile(String name, String text) {
        return fake.put("/work/in" + (++n), name, text);
    }

    @Override
    protected String aFolderPath() {
        fake.folder("/work/dir");
        return "/work/dir";
    }
}
