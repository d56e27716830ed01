package io.datapipeline.core.fakes;

import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.execution.ExecutionProgress;
import io.datapipeline.core.port.out.ExecutionJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The execution journal in memory; which executions run is asked of the given predicate (the repository). */
public final class InMemoryExecutionJournal implements ExecutionJournal {

    private final Predicate<String> running;
    private final Set<String> cancels = new HashSet<>();
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final Map<String, ExecutionProgress> progress = new HashMap<>();
    private long seq;

    /** @param running whether an execution (by id) is running now */
    public InMemoryExecutionJournal(Predicate<String> running) {
        this.running = running;
    }

    @Override
    public synchronized boolean requestCancel(String executionId, Instant at) {
        if (!running.test(executionId)) {
            return false;
        }
        cancels.add(executionId);
        return true;
    }

    @Override
    public synchronized boolean cancelRequested(String executionId) {
        return cancels.contains(executionId);
    }

    @Override
    public synchronized ExecutionEvent append(ExecutionEvent e) {
        ExecutionEvent stored = new ExecutionEvent(++seq, e.executionId(), e.type(), e.step(), e.status(), e.message(),
                e.progress(), e.at());
        events.add(stored);
        return stored;
    }

    @Override
    public synchronized List<ExecutionEvent> events(String executionId, long after, int limit) {
        return events.stream().filter(e -> e.executionId().equals(executionId) && e.seq() > after).limit(limit)
                .toList();
    }

    @Override
    public synchronized void saveProgress(String executionId, ExecutionProgress p) {
        progress.put(executionId, p);
    }

    @Override
    public synchronized Optional<ExecutionProgress> progress(String executionId) {
        return Optional.ofNullable(progress.get(executionId));
    }
}
