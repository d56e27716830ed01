package io.datapipeline.vectoradmin.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.UnitCheckpoints;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.sets.Durable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unit checkpoints as small JSON files in the task directory, {@code <task dir>/.checkpoints/<step>/<unit>.json}
 * (hidden: task file listings and training loads never see them), each written atomically and durably. A record that
 * cannot be read (a damaged file) counts as missing, so its unit is done again.
 */
public final class FileUnitCheckpoints implements UnitCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(FileUnitCheckpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FOLDER = ".checkpoints";

    private final DataDirectory dataDir;

    public FileUnitCheckpoints(DataDirectory dataDir) {
        this.dataDir = dataDir;
    }

    private Path stepDir(TaskId task, StepName step) {
        return dataDir.file(dataDir.file(dataDir.taskDir(task), FOLDER), step.wire());
    }

    @Override
    public Optional<Checkpoint> find(TaskId task, StepName step, String unit) {
        return read(dataDir.file(stepDir(task, step), unit + ".json")).filter(c -> c.unit().equals(unit)
                && c.step() == step);
    }

    @Override
    public List<Checkpoint> list(TaskId task, StepName step) {
        Path dir = stepDir(task, step);
        List<Checkpoint> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                read(f).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new PipelineException("cannot list the checkpoints of " + task + " " + step.wire() + ": "
                    + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Checkpoint::unit));
        return out;
    }

    @Override
    public void save(TaskId task, Checkpoint checkpoint) {
        Path dir = stepDir(task, checkpoint.step());
        try {
            createDurably(dir);
            Durable.write(dataDir.file(dir, checkpoint.unit() + ".json"),
                    JSON.writeValueAsBytes(CheckpointJson.checkpoint(checkpoint)));
        } catch (IOException e) {
            throw new PipelineException("cannot record unit " + checkpoint.unit() + " of " + task + " "
                    + checkpoint.step().wire() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int clear(TaskId task, StepName step) {
        Path dir = stepDir(task, step);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(f);
                    n++;
                }
            }
            Durable.syncDirectory(dir);
        } catch (IOException e) {
            throw new PipelineException("cannot clear the checkpoints of " + task + " " + step.wire() + ": "
                    + e.getMessage(), e);
        }
        return n;
    }

    private Optional<Checkpoint> read(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CheckpointJson.parse(JSON.readValue(file.toFile(), Object.class)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("checkpoint {} is unreadable and counts as missing: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Creates the folder and every missing parent, syncing each parent so the new entries survive a power loss. */
    private void createDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> created = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS) && p.startsWith(dataDir.root());
                p = p.getParent()) {
            created.add(p);
        }
        Files.createDirectories(dir);
        for (Path p : created) {
            Durable.syncDirectory(p.getParent());
        }
    }
}
