package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.UnitCheckpoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Unit checkpoints in memory ({@code UnitCheckpointsContract}); counts the saves so tests can see what was redone. */
public final class InMemoryUnitCheckpoints implements UnitCheckpoints {

    private final Map<String, Checkpoint> records = new LinkedHashMap<>();
    private int saves;

    private static String key(TaskId task, StepName step, String unit) {
        return task.value() + "/" + step.wire() + "/" + unit;
    }

    @Override
    public synchronized Optional<Checkpoint> find(TaskId task, StepName step, String unit) {
        return Optional.ofNullable(records.get(key(task, step, unit)));
    }

    @Override
    public synchronized List<Checkpoint> list(TaskId task, StepName step) {
        String prefix = task.value() + "/" + step.wire() + "/";
        List<Checkpoint> out = new ArrayList<>();
        records.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.add(v);
            }
        });
        out.sort(Comparator.comparing(Checkpoint::unit));
        return out;
    }

    @Override
    public synchronized void save(TaskId task, Checkpoint checkpoint) {
        records.put(key(task, checkpoint.step(), checkpoint.unit()), checkpoint);
        saves++;
    }

    @Override
    public synchronized int clear(TaskId task, StepName step) {
        String prefix = task.value() + "/" + step.wire() + "/";
        int before = records.size();
        records.keySet().removeIf(k -> k.startsWith(prefix));
        return before - records.size();
    }

    /** How many records were saved so far. */
    public synchronized int saves() {
        return saves;
    }
}
