package io.datapipeline.core.fakes;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Tasks, steps and executions in maps; locks in a set (one JVM). */
public final class InMemoryTaskRepository implements TaskRepository {

    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    private final Map<TaskId, Map<StepName, StepRun>> steps = new LinkedHashMap<>();
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final Set<TaskId> locks = new HashSet<>();

    @Override
    public synchronized boolean insert(Task task) {
        if (tasks.containsKey(task.id())) {
            return false;
        }
        tasks.put(task.id(), task);
        Map<StepName, StepRun> s = new LinkedHashMap<>();
        for (StepName step : StepName.values()) {
            s.put(step, StepRun.pending(task.id(), step));
        }
        steps.put(task.id(), s);
        return true;
    }

    @Override
    public synchronized Optional<Task> find(TaskId id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized void update(Task task) {
        if (!tasks.containsKey(task.id())) {
            throw new IllegalStateException("no task " + task.id());
        }
        tasks.put(task.id(), task);
    }

    @Override
    public synchronized TaskPage query(TaskQuery q) {
        Stream<Task> s = tasks.values().stream();
        TaskFilter f = q.filter();
        if (f.status() != null) {
            s = s.filter(t -> t.status() == f.status());
        }
        if (f.cancelled()) {
            s = s.filter(t -> executions(t.id(), 1).stream().anyMatch(e -> e.status() == ExecutionStatus.CANCELLED));
        }
        if (f.nameContains() != null) {
            String needle = f.nameContains().toLowerCase(Locale.ROOT);
            s = s.filter(t -> t.name() != null && t.name().toLowerCase(Locale.ROOT).contains(needle));
        }
        if (f.dbName() != null) {
            s = s.filter(t -> f.dbName().equals(t.dbName()));
        }
        if (f.createdBy() != null) {
            s = s.filter(t -> f.createdBy().equals(t.createdType()));
        }
        if (f.created() != null) {
            s = s.filter(t -> f.created().contains(t.createdAt()));
        }
        if (f.started() != null) {
            s = s.filter(t -> f.started().contains(t.startedAt()));
        }
        if (f.completed() != null) {
            s = s.filter(t -> f.completed().contains(t.completedAt()));
        }
        Comparator<Task> order = switch (q.sortBy()) {
            case "task_name" -> Comparator.comparing(t -> t.name() == null ? "" : t.name());
            case "status" -> Comparator.comparing(t -> t.status().wire());
            case "started_at" -> Comparator.comparing(t -> t.startedAt() == null ? t.createdAt() : t.startedAt());
            case "completed_at" -> Comparator.comparing(t -> t.completedAt() == null ? t.createdAt() : t.completedAt());
            default -> Comparator.comparing(Task::createdAt);
        };
        if (!q.ascending()) {
            order = order.reversed();
        }
        List<Task> all = s.sorted(order).toList();
        List<Task> page = all.stream().skip(q.offset()).limit(q.limit()).toList();
        return new TaskPage(page, all.size());
    }

    @Override
    public synchronized void delete(TaskId id) {
        tasks.remove(id);
        steps.remove(id);
        executions.values().removeIf(e -> e.taskId().equals(id));
    }

    @Override
    public synchronized List<StepRun> steps(TaskId id) {
        Map<StepName, StepRun> s = steps.get(id);
        return s == null ? List.of() : List.copyOf(s.values());
    }

    @Override
    public synchronized void saveStep(StepRun step) {
        steps.computeIfAbsent(step.taskId(), k -> new LinkedHashMap<>()).put(step.step(), step);
    }

    @Override
    public synchronized void insertExecution(Execution execution) {
        executions.put(execution.executionId(), execution);
    }

    @Override
    public synchronized void updateExecution(Execution execution) {
        executions.put(execution.executionId(), execution);
    }

    @Override
    public synchronized Optional<Execution> findExecution(String executionId) {
        return Optional.ofNullable(executions.get(executionId));
    }

    @Override
    public synchronized List<Execution> executions(TaskId id, int limit) {
        List<Execution> list = new ArrayList<>(executions.values().stream().filter(e -> e.taskId().equals(id)).toList());
        list.sort(Comparator.comparing(Execution::startedAt).reversed());
        return list.stream().limit(limit).toList();
    }

    @Override
    public synchronized Optional<Execution> findExecutionByIdempotencyKey(TaskId id, String key) {
        return executions.values().stream()
                .filter(e -> e.taskId().equals(id) && key.equals(e.idempotencyKey())).findFirst();
    }

    @Override
    public synchronized Optional<TaskLock> tryLock(TaskId id) {
        if (!locks.add(id)) {
            return Optional.empty();
        }
        return Optional.of(new TaskLock() {
            private boolean released;

            @Override
            public void close() {
                synchronized (InMemoryTaskRepository.this) {
                    if (!released) {
                        released = true;
                        locks.remove(id);
                    }
                }
            }
        });
    }
}
