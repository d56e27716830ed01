package io.datapipeline.vectoradmin.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.contract.UnitCheckpointsContract;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.port.out.UnitCheckpoints;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-based store honours the same contract as the fake, and keeps its records out of the task's listings. */
class FileUnitCheckpointsTest extends UnitCheckpointsContract {

    @TempDir
    Path temp;

    @Override
    protected UnitCheckpoints freshStore() {
        return new FileUnitCheckpoints(new DataDirectory(temp.resolve("data")));
    }

    @Test
    void givenARecord_whenSaved_thenItIsAHiddenFileTheTaskListingDoesNotShow() throws Exception {
        DataDirectory dir = new DataDirectory(temp.resolve("data"));
        new FileUnitCheckpoints(dir).save(TASK, new UnitCheckpoints.Checkpoint(StepName.DDL_GENERATION, "shop",
                new UnitCheckpoints.Inputs("aa", "1", "m"), new UnitCheckpoints.Documents(List.of(), 0),
                Instant.parse("2025-07-21T11:30:10Z")));

        Path file = temp.resolve("data").resolve(TASK.value()).resolve(".checkpoints/ddl_generation/shop.json");
        assertThat(file).isRegularFile();
        assertThat(Files.readString(file)).contains("\"digest\":\"aa\"");
        assertThat(new FileTaskWorkspace(dir).list(TASK)).isEmpty();
    }

    @Test
    void givenADamagedRecord_whenRead_thenItCountsAsMissing() throws Exception {
        Path step = temp.resolve("data").resolve(TASK.value()).resolve(".checkpoints/ddl_generation");
        Files.createDirectories(step);
        Files.writeString(step.resolve("shop.json"), "{\"step\": \"ddl_generation\", \"unit\": \"sh");

        assertThat(freshStore().find(TASK, StepName.DDL_GENERATION, "shop")).isEmpty();
        assertThat(freshStore().list(TASK, StepName.DDL_GENERATION)).isEmpty();
    }
}
